// Tracing with OpenTelemetry (ADR 0020), off unless an OTLP endpoint is configured. Each app's main.ts
// awaits startTracing before it imports anything else: the instrumentations hook http, fetch, express,
// kafkajs and mongodb as they load, so this module imports nothing of OpenTelemetry's SDK until tracing is on.
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** The OTLP protocols we export with; gRPC is not one (it would add @grpc/grpc-js for no gain). */
const PROTOCOLS = ['http/protobuf', 'http/json'] as const;

export interface Tracing {
  /** Exports what is buffered. */
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * On when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
 * and neither OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none says otherwise: the standard variables.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

/** The trace protocol asked for; a configuration error (the app does not start) when it is not one we send. */
export function tracesProtocol(env: NodeJS.ProcessEnv = process.env): (typeof PROTOCOLS)[number] {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf').trim();
  if (!(PROTOCOLS as readonly string[]).includes(protocol))
    throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL must be one of ${PROTOCOLS.join(', ')} (was ${JSON.stringify(protocol)})`);
  return protocol as (typeof PROTOCOLS)[number];
}

/** The endpoint variables, checked: an http(s) URL each, else a configuration error (the app does not start). */
export function checkEndpoints(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
    const value = env[name]?.trim();
    if (!value) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
      throw new Error(`${name} must be an http:// or https:// URL, e.g. http://otel-collector:4318`);
  }
}

async function otlpExporter(protocol: (typeof PROTOCOLS)[number]): Promise<SpanExporter> {
  // Both read the endpoint, headers, timeout and compression from the standard OTEL_EXPORTER_OTLP_* variables.
  if (protocol === 'http/json') return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter();
}

/**
 * Registers import-in-the-middle's loader hook, so that ES modules imported from now on can be patched;
 * packages loaded with require() (most of what Nest loads) are patched through require-in-the-middle.
 * Returns what to await once the instrumentations have named their modules.
 */
async function hookEsmImports(): Promise<() => Promise<void>> {
  const { register } = await import('node:module');
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  return waitForAllMessagesAcknowledged;
}

/**
 * Starts tracing for `service` when it is configured (tracingEnabled), else does nothing and returns
 * undefined. Spans are scrubbed of personal data (PersonalDataSpanProcessor) and exported in batches
 * over OTLP; an unreachable collector costs dropped spans and a warning, never a request.
 */
export async function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<Tracing | undefined> {
  if (!tracingEnabled(env)) return undefined;
  const protocol = tracesProtocol(env);
  checkEndpoints(env);
  const acknowledged = await hookEsmImports();
  const [api, resources, { NodeTracerProvider }, { BatchSpanProcessor }, { registerInstrumentations }, privacy, logger] = await Promise.all(
    [
      import('@opentelemetry/api'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/instrumentation'),
      import('./span-privacy.js'),
      import('./logger.js'),
    ],
  );
  const [
    { HttpInstrumentation },
    { UndiciInstrumentation },
    { ExpressInstrumentation, ExpressLayerType },
    { KafkaJsInstrumentation },
    { MongoDBInstrumentation },
  ] = await Promise.all([
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-express'),
    import('@opentelemetry/instrumentation-kafkajs'),
    import('@opentelemetry/instrumentation-mongodb'),
  ]);

  // OpenTelemetry's own complaints (an export that failed, a dropped span) as our JSON log lines.
  const log = logger.createPinoLogger(service, 'warn').child({ context: 'OpenTelemetry' });
  api.diag.setLogger(
    {
      error: (message, ...args) => log.error({ args: args.map(String) }, message),
      warn: (message, ...args) => log.warn({ args: args.map(String) }, message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    api.DiagLogLevel.WARN,
  );

  const provider = new NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the environment detector) win over the app's own name.
    resource: resources
      .defaultResource()
      .merge(resources.resourceFromAttributes({ 'service.name': service, 'service.namespace': 'insyn' }))
      .merge(resources.detectResources({ detectors: [resources.envDetector] })),
    spanProcessors: [new privacy.PersonalDataSpanProcessor(new BatchSpanProcessor(await otlpExporter(protocol)))],
  });
  // The W3C traceparent/tracestate (and baggage) propagator and the AsyncLocalStorage context manager.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would bury the requests worth reading.
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? ''),
      }),
      // fetch(): the portal's calls to the APIs, webhooks, the archive.
      new UndiciInstrumentation(),
      // One span per route handler and router, none per middleware (helmet, body parsers, ...).
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new KafkaJsInstrumentation(),
      // Statements are recorded with their values replaced by '?' (enhancedDatabaseReporting stays off).
      new MongoDBInstrumentation(),
    ],
  });
  await acknowledged();
  // On shutdown, send what is buffered while Nest closes the app (the process exits once it has).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void provider.forceFlush().catch(() => undefined));
  return provider;
}

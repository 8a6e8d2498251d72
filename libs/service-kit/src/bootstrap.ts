import { type INestApplication, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type IEntryNestModule, ModulesContainer, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { connectKafkaConsumer, type InsynKafkaServer, MESSAGING_OPTIONS, type MessagingOptions } from '@insyn/messaging';
import { createPinoLogger, PinoLoggerService } from '@insyn/observability';
import express from 'express';
import helmet from 'helmet';
import { completeOpenApiDocument, routeFacts } from './openapi.js';
import { DEFAULT_JSON_SHAPE_LIMITS, type JsonShapeLimits, verifyJsonShape, verifyTextShape } from './json-shape.js';
import { MediaTypeInterceptor } from './media-type.interceptor.js';

export interface ServiceDescription {
  service: string;
  title: string;
  description: string;
  defaultPort: number;
  /** Whether the app has Kafka event handlers (then it joins its consumer group). */
  consumes: boolean;
  /** JSON body limit; larger bodies get a 413 problem. */
  bodyLimit?: string;
  /**
   * How deep and how many values a JSON body may have (default 32 levels, 20 000 values; text bodies are
   * held to the depth); beyond them it gets a 400 problem before it is parsed or transformed.
   */
  jsonLimits?: Partial<JsonShapeLimits>;
  /** Media types read as text bodies (e.g. YAML), with the same limit. */
  textBodyTypes?: string[];
  /** `false`: the Content-Security-Policy allows no inline styles (pages that load their stylesheets). */
  inlineStyles?: boolean;
  /** Also read `application/x-www-form-urlencoded` bodies (OAuth2 token requests), with the same limit. */
  urlencoded?: boolean;
  /** How many fields such a body may have (default 1000, body-parser's); more is a 413. */
  urlencodedFields?: number;
  /**
   * The media types a route with a `@Body()` reads unless it declares its own with `@ApiConsumes(...)`
   * (default `application/json`); a body of another type gets a 415 problem (MediaTypeInterceptor).
   */
  bodyTypes?: string[];
  /**
   * Schemas the app's operations reference as `#/components/schemas/<name>` that are not DTO classes (a
   * JSON Schema the app also serves): added to the OpenAPI document's components.
   */
  schemas?: Record<string, Record<string, unknown>>;
}

export function openApiDocument(app: INestApplication, d: Pick<ServiceDescription, 'title' | 'description' | 'schemas'>): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(d.title)
    .setDescription(d.description)
    .setVersion('1')
    .setLicense('EUPL-1.2', 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
    // Relative: the service that serves the document (at /openapi.json) is the one it describes.
    .addServer('/', 'This service')
    .build();
  // Post-processed from the routes' own metadata, so the document cannot drift from what they answer.
  const doc = SwaggerModule.createDocument(app, config);
  if (d.schemas) doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...d.schemas } };
  const issuer = identityUrl(app);
  return completeOpenApiDocument(doc, routeFacts(app), issuer ? { tokenUrl: `${issuer.replace(/\/+$/, '')}/oauth/token` } : undefined);
}

/**
 * The identity service's public URL (AUTH_ISSUER) in a running app; undefined where no configuration was
 * made: `npm run openapi` builds the apps in preview mode, which makes no providers, and the committed
 * documents name identity at its development address (DEFAULT_TOKEN_URL).
 */
function identityUrl(app: INestApplication): string | undefined {
  // Looked for first: app.get of a provider no module has aborts a NestFactory app (unit tests' bare modules).
  const configured = [...app.get(ModulesContainer).values()].some((m) => m.providers.has(ConfigService));
  const config = configured ? app.get(ConfigService, { strict: false }) : undefined;
  return config?.get<string>('AUTH_ISSUER');
}

/** What the running app and the e2e tests share: HTTP hardening, body limits, docs, the Kafka consumer. */
export function configureApp(app: NestExpressApplication, d: ServiceDescription): { consumer?: InsynKafkaServer } {
  app.disable('x-powered-by');
  const trustProxy = String(app.get(ConfigService).get('TRUST_PROXY') ?? 'loopback');
  app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  // No page of ours is meant to be framed; inline styles only where an app renders self-contained HTML
  // (the notice page), never in the portal, whose pages load their stylesheets.
  const styles = d.inlineStyles === false ? ["'self'"] : ["'self'", "'unsafe-inline'"];
  app.use(helmet({ contentSecurityPolicy: { directives: { 'style-src': styles, 'frame-ancestors': ["'none'"] } } }));
  // Bodies too deep or too wide are refused (400) before they are parsed: parsers and class-transformer
  // recurse per level. urlencoded bodies are flat (extended: false).
  const shape = { ...DEFAULT_JSON_SHAPE_LIMITS, ...d.jsonLimits };
  // express's parsers directly: Nest's useBodyParser reserves `verify` (for its rawBody option, unused here).
  app.use(express.json({ limit: d.bodyLimit ?? '256kb', verify: verifyJsonShape(shape) }));
  if (d.urlencoded)
    app.useBodyParser('urlencoded', { extended: false, limit: d.bodyLimit ?? '256kb', parameterLimit: d.urlencodedFields ?? 1000 });
  if (d.textBodyTypes?.length)
    app.use(express.text({ type: d.textBodyTypes, limit: d.bodyLimit ?? '256kb', verify: verifyTextShape(shape) }));
  app.useGlobalInterceptors(new MediaTypeInterceptor(d.bodyTypes ?? ['application/json']));
  app.enableShutdownHooks();
  const config = app.get(ConfigService);
  if (config.get('DOCS_ENABLED') !== 'false') {
    const document = openApiDocument(app, d);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', customSiteTitle: d.title });
  }
  if (!d.consumes) return {};
  const messaging = app.get<MessagingOptions>(MESSAGING_OPTIONS);
  return { consumer: connectKafkaConsumer(app, messaging) };
}

/** Starts a service: logs as JSON, refuses a bad configuration, listens, prints where. */
export async function bootstrapService(appModule: IEntryNestModule, d: ServiceDescription): Promise<NestExpressApplication> {
  const logger = new PinoLoggerService(createPinoLogger(d.service, process.env.LOG_LEVEL ?? 'info'));
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(appModule, { logger, bufferLogs: true, bodyParser: false });
  } catch (err) {
    logger.fatal(`${d.service} did not start: ${(err as Error).message}`);
    process.exit(1);
  }
  configureApp(app, d);
  const config = app.get(ConfigService);
  const port = Number(config.get('PORT') ?? d.defaultPort);
  const host = String(config.get('HOST') ?? '127.0.0.1');
  await app.init();
  await app.startAllMicroservices();
  await app.listen(port, host);
  // Shutdown hooks close the app on SIGTERM/SIGINT; if a dependency makes that hang, exit anyway.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), 20_000).unref());
  }
  new Logger(d.service).log(`${d.title} listening on http://${host}:${port} (docs: /docs, health: /health)`);
  return app;
}

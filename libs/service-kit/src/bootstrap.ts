import { type INestApplication, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { connectKafkaConsumer, type InsynKafkaServer, MESSAGING_OPTIONS, type MessagingOptions } from '@insyn/messaging';
import { createPinoLogger, PinoLoggerService } from '@insyn/observability';
import helmet from 'helmet';

export interface ServiceDescription {
  service: string;
  title: string;
  description: string;
  defaultPort: number;
  /** Whether the app has Kafka event handlers (then it joins its consumer group). */
  consumes: boolean;
  /** JSON body limit; larger bodies get a 413 problem. */
  bodyLimit?: string;
  /** Media types read as text bodies (e.g. YAML), with the same limit. */
  textBodyTypes?: string[];
  /** Also read `application/x-www-form-urlencoded` bodies (OAuth2 token requests), with the same limit. */
  urlencoded?: boolean;
}

export function openApiDocument(app: INestApplication, d: Pick<ServiceDescription, 'title' | 'description'>): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(d.title)
    .setDescription(d.description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** What the running app and the e2e tests share: HTTP hardening, body limits, docs, the Kafka consumer. */
export function configureApp(app: NestExpressApplication, d: ServiceDescription): { consumer?: InsynKafkaServer } {
  app.disable('x-powered-by');
  const trustProxy = String(app.get(ConfigService).get('TRUST_PROXY') ?? 'loopback');
  app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  app.use(helmet({ contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"] } } }));
  app.useBodyParser('json', { limit: d.bodyLimit ?? '256kb' });
  if (d.urlencoded) app.useBodyParser('urlencoded', { extended: false, limit: d.bodyLimit ?? '256kb' });
  if (d.textBodyTypes?.length) app.useBodyParser('text', { type: d.textBodyTypes, limit: d.bodyLimit ?? '256kb' });
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
export async function bootstrapService(appModule: unknown, d: ServiceDescription): Promise<NestExpressApplication> {
  const logger = new PinoLoggerService(createPinoLogger(d.service, process.env.LOG_LEVEL ?? 'info'));
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(appModule as never, { logger, bufferLogs: true, bodyParser: false });
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

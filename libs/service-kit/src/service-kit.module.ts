import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@insyn/auth';
import type { EventContract } from '@insyn/contracts';
import { kafkaConnection, kafkaConnectionProblems, MessagingModule, OUTBOX_RELAY_CONNECTION } from '@insyn/messaging';
import { ObservabilityModule, ProblemDetailsFilter, validationExceptionFactory } from '@insyn/observability';
import { type EnvSource, PlatformModule, validateEnv } from '@insyn/platform';
import { IdempotencyStore } from './idempotency-store.js';
import { type MongoConnection, mongoConnection, mongoConnectionProblems, verifyMongoConnection } from './mongo-connection.js';
import { MongoHealth } from './mongo-health.js';
import type { ServiceEnv } from './service-env.js';

export interface ServiceKitOptions<E extends ServiceEnv> {
  /** The service's name: `notice`, `messages`... Used for the database, client ids and logs. */
  service: string;
  env: new () => E;
  /** The events it produces or consumes (topics are provisioned at boot). */
  events: EventContract<string, object>[];
  /** Collections with an embedded outbox to relay. */
  outboxCollections: string[];
}

export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** The validated configuration as the connection readers take it (they read variables by name). */
const envSource = (config: ConfigService): EnvSource =>
  new Proxy({}, { get: (_, key) => (typeof key === 'string' ? config.get<unknown>(key) : undefined) });

/**
 * Everything an Insyn app has in common, wired once: validated config, clock and ids, its own
 * MongoDB database, Kafka messaging, token verification with a declared policy on every route,
 * health and metrics, the global validation pipe and the problem-details filter (docs/style.md 5-9).
 */
@Module({})
export class ServiceKitModule {
  static forRoot<E extends ServiceEnv>(options: ServiceKitOptions<E>): DynamicModule {
    const env = (config: ConfigService) => config as unknown as ConfigService<ServiceEnv, true>;
    const database = (config: ConfigService, connection: MongoConnection) => ({
      uri: connection.uri,
      ...connection.options,
      dbName: env(config).get('MONGODB_DB', { infer: true }) ?? `insyn_${options.service}`,
      serverSelectionTimeoutMS: 10_000,
    });
    return {
      module: ServiceKitModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validate: validateEnv(options.env, [kafkaConnectionProblems, mongoConnectionProblems]),
          cache: true,
        }),
        PlatformModule,
        MongooseModule.forRootAsync({
          inject: [ConfigService],
          useFactory: async (config: ConfigService) => {
            const connection = mongoConnection(envSource(config));
            await verifyMongoConnection(connection);
            return database(config, connection);
          },
        }),
        // The outbox relay's own pool (two: a round's read beside the previous round's removal), so that
        // its work never queues behind a burst of the service's writes (ADR 0029).
        MongooseModule.forRootAsync({
          connectionName: OUTBOX_RELAY_CONNECTION,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({ ...database(config, mongoConnection(envSource(config))), maxPoolSize: 2 }),
        }),
        MessagingModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            const c = env(config);
            return {
              service: options.service,
              connection: kafkaConnection(envSource(config)),
              groupId: c.get('KAFKA_CONSUMER_GROUP', { infer: true }) ?? `insyn-${options.service}`,
              topicPrefix: c.get('KAFKA_TOPIC_PREFIX', { infer: true }),
              sessionTimeoutMs: c.get('KAFKA_SESSION_TIMEOUT_MS', { infer: true }),
              commitIntervalMs: c.get('KAFKA_COMMIT_INTERVAL_MS', { infer: true }),
              events: options.events,
              outboxCollections: options.outboxCollections,
              outboxScanIntervalMs: c.get('OUTBOX_SCAN_INTERVAL_MS', { infer: true }),
              createTopics: c.get('KAFKA_CREATE_TOPICS', { infer: true }) === 'true',
              partitions: c.get('KAFKA_TOPIC_PARTITIONS', { infer: true }),
              replicationFactor: c.get('KAFKA_REPLICATION_FACTOR', { infer: true }),
            };
          },
        }),
        AuthModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            const c = env(config);
            const jwks = c.get('AUTH_JWKS', { infer: true });
            return {
              issuer: c.get('AUTH_ISSUER', { infer: true }),
              audience: c.get('AUTH_AUDIENCE', { infer: true }),
              ...(jwks
                ? { jwks: JSON.parse(jwks) as { keys: [] } }
                : { jwksUrl: c.get('AUTH_JWKS_URL', { infer: true }) ?? `${c.get('AUTH_ISSUER', { infer: true })}/.well-known/jwks.json` }),
            };
          },
        }),
        ObservabilityModule,
      ],
      providers: [
        { provide: SERVICE_NAME, useValue: options.service },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            forbidUnknownValues: true,
            transform: true,
            exceptionFactory: validationExceptionFactory,
          }),
        },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        IdempotencyStore,
        MongoHealth,
      ],
      exports: [SERVICE_NAME, IdempotencyStore],
    };
  }
}

import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Clock } from '@insyn/platform';
import { configureApp, type ServiceDescription } from '@insyn/service-kit';
import { startGroupAtHistoryMark } from './kafka-history.js';
import { testLogger } from './log-capture.js';

export interface TestAppOptions {
  /** Replaces the app's clock (e.g. a {@link ManualClock}): the app lives in simulated time. */
  clock?: Clock;
  /** Replaces providers by token (e.g. the subject-key ring of a rotation, ADR 0025), as a restart with other settings would. */
  overrides?: [token: unknown, value: unknown][];
  /** Where a new consumer group starts, by topic on the broker, instead of at the file's history mark. */
  consumerStart?: ReadonlyMap<string, readonly { partition: number; offset: string }[]>;
}

/**
 * Boots an app module the way `main.ts` does (same pipes, filters, guard, Kafka consumer with
 * inheritAppConfig) without listening on a port; drive it with supertest on `app.getHttpServer()`.
 * A new consumer group starts at the file's Kafka history mark (see startGroupAtHistoryMark).
 */
export async function createTestApp(
  appModule: unknown,
  description: ServiceDescription,
  options: TestAppOptions = {},
): Promise<NestExpressApplication> {
  const builder = Test.createTestingModule({ imports: [appModule as never] });
  if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
  for (const [token, value] of options.overrides ?? []) builder.overrideProvider(token as never).useValue(value);
  const moduleRef = await builder.compile();
  // The production logger at info, checked for personal data (tests/setup/log-check.ts).
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: testLogger(description.service) });
  const { consumer } = configureApp(app, description);
  await app.init();
  if (consumer && options.consumerStart) consumer.startNewGroupAt(options.consumerStart);
  else if (consumer) await startGroupAtHistoryMark(consumer);
  await app.startAllMicroservices();
  if (consumer) await consumer.whenJoined();
  return app;
}

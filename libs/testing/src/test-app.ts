import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { configureApp, type ServiceDescription } from '@insyn/service-kit';

/**
 * Boots an app module the way `main.ts` does (same pipes, filters, guard, Kafka consumer with
 * inheritAppConfig) without listening on a port; drive it with supertest on `app.getHttpServer()`.
 */
export async function createTestApp(appModule: unknown, description: ServiceDescription): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [appModule as never] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] });
  const { consumer } = configureApp(app, description);
  await app.init();
  await app.startAllMicroservices();
  if (consumer) await consumer.whenJoined();
  return app;
}

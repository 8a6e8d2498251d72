import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthContributions } from '@insyn/observability';
import type { Connection } from 'mongoose';
import { MongoHealth } from './mongo-health.js';

function health(db: { command: () => Promise<unknown> } | undefined) {
  const contributions = new HealthContributions();
  const indicator = new MongoHealth(contributions, new HealthIndicatorService(), { db } as unknown as Connection);
  indicator.onModuleInit();
  expect(contributions.all()).toHaveLength(1);
  return indicator;
}

describe('MongoHealth', () => {
  it('adds a `mongodb` indicator that is up when the database answers a ping', async () => {
    await expect(health({ command: () => Promise.resolve({ ok: 1 }) }).check()).resolves.toMatchObject({ mongodb: { status: 'up' } });
  });

  it('is down when the connection has no database yet, or the ping fails', async () => {
    await expect(health(undefined).check()).resolves.toMatchObject({ mongodb: { status: 'down', message: 'not connected' } });
    await expect(health({ command: () => Promise.reject(new Error('connection refused')) }).check()).resolves.toMatchObject({
      mongodb: { status: 'down' },
    });
  });
});

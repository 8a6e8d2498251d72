import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthContributions } from '@insyn/observability';
import type { ConsentIndex, ConsentIndexStatus } from './consent-index.js';
import { ConsentIndexHealth } from './consent-index.health.js';

const now = new Date('2026-03-01T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

function health(status: ConsentIndexStatus) {
  return new ConsentIndexHealth(
    { add: () => undefined } as unknown as HealthContributions,
    new HealthIndicatorService(),
    { status: () => status } as unknown as ConsentIndex,
    { now: () => now },
  ).check();
}

describe('ConsentIndexHealth', () => {
  it('is up while the listener runs and the last sync is recent', () => {
    expect(health({ consents: 3, syncedAt: ago(20_000), listening: true, syncMs: 15_000 })).toEqual({
      consentIndex: { status: 'up', consents: 3, listening: true, syncedAt: ago(20_000).toISOString() },
    });
  });

  it('is degraded when the listener stopped, or no sync succeeded for three intervals', () => {
    expect(health({ consents: 3, syncedAt: ago(1_000), listening: false, syncMs: 15_000 }).consentIndex).toMatchObject({
      status: 'degraded',
      reason: expect.stringContaining('listener') as unknown,
    });
    expect(health({ consents: 3, syncedAt: ago(46_000), listening: true, syncMs: 15_000 }).consentIndex).toMatchObject({
      status: 'degraded',
    });
    expect(health({ consents: 0, listening: true, syncMs: 15_000 }).consentIndex).toMatchObject({ status: 'degraded' });
  });
});

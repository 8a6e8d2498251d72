import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthContributions } from '@insyn/observability';
import { ArchiveHealth } from './archive.health.js';
import type { Archiver, LastDelivery } from './archiver.js';
import { type ArchivePort, RetryableArchiveError } from './package/archive-port.js';

const port = (kind: 'folder' | 'http', prepare: () => Promise<void>) =>
  ({ kind, destination: '/srv/archive', prepare, deliver: () => Promise.reject(new Error('unused')) }) as unknown as ArchivePort;

function health(p: ArchivePort, lastDelivery?: LastDelivery) {
  const contributions = new HealthContributions();
  const indicator = new ArchiveHealth(contributions, new HealthIndicatorService(), p, { lastDelivery } as Archiver);
  indicator.onModuleInit();
  expect(contributions.all()).toHaveLength(1);
  return indicator;
}

const AT = new Date('2026-12-04T10:00:00.000Z');

describe('ArchiveHealth', () => {
  it('is up when the folder takes a probe and no delivery failed', async () => {
    await expect(health(port('folder', () => Promise.resolve())).check()).resolves.toEqual({
      archive: { status: 'up', destination: 'folder' },
    });
    await expect(
      health(
        port('folder', () => Promise.resolve()),
        { ok: true, at: AT },
      ).check(),
    ).resolves.toEqual({
      archive: { status: 'up', destination: 'folder', lastDeliveryAt: AT.toISOString() },
    });
  });

  it('is degraded, never down, with the reason when the folder cannot be created or written', async () => {
    const blocked = port('folder', () =>
      Promise.reject(new RetryableArchiveError('the archive folder cannot be used: EACCES /srv', 'EACCES')),
    );
    await expect(health(blocked, { ok: true, at: AT }).check()).resolves.toEqual({
      archive: { status: 'degraded', destination: 'folder', writable: false, reason: 'EACCES' },
    });
  });

  it('is degraded with the last failure of an HTTP endpoint until a delivery succeeds', async () => {
    const http = port('http', () => Promise.resolve());
    await expect(health(http, { ok: false, at: AT, reason: 'http-503' }).check()).resolves.toEqual({
      archive: { status: 'degraded', destination: 'http', lastFailure: { reason: 'http-503', at: AT.toISOString() } },
    });
    await expect(health(http, { ok: true, at: AT }).check()).resolves.toMatchObject({ archive: { status: 'up' } });
  });
});

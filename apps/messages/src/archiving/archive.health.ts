import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthContributions } from '@insyn/observability';
import { Archiver } from './archiver.js';
import { ArchiveDeliveryError, ArchivePort } from './package/archive-port.js';

const TIMEOUT_MS = 3_000;

/**
 * The `archive` indicator of /health: `degraded` (HTTP 200, overall status `degraded`) while the
 * destination cannot be used — the folder cannot be created or written (checked on each call with a probe
 * file), or this instance's last delivery failed (the only sign an HTTP endpoint gives) — with the reason
 * and when; `up` otherwise. Never `down`: messages works without its archive, and closed conversations wait,
 * marked failing, until it is back (ADR 0006 says why readiness does not fail).
 */
@Injectable()
export class ArchiveHealth implements OnModuleInit {
  constructor(
    private readonly contributions: HealthContributions,
    private readonly indicators: HealthIndicatorService,
    private readonly port: ArchivePort,
    private readonly archiver: Archiver,
  ) {}

  onModuleInit(): void {
    this.contributions.add(() => this.check());
  }

  async check() {
    const session = this.indicators.check('archive');
    const destination = this.port.kind;
    try {
      await Promise.race([
        this.port.prepare(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS).unref()),
      ]);
    } catch (err) {
      return session.degraded({ destination, writable: false, reason: err instanceof ArchiveDeliveryError ? err.reason : 'timeout' });
    }
    const last = this.archiver.lastDelivery;
    if (last && !last.ok) return session.degraded({ destination, lastFailure: { reason: last.reason, at: last.at.toISOString() } });
    return session.up({ destination, ...(last ? { lastDeliveryAt: last.at.toISOString() } : {}) });
  }
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthContributions } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { ConsentIndex } from './consent-index.js';

/** Syncs missed in a row before the index counts as stale. */
const STALE_AFTER_SYNCS = 3;

/**
 * The `consentIndex` indicator of /health: `degraded` (HTTP 200, overall status `degraded`) while this
 * instance's consent-check index may be older than it promises — its consent.changed.v1 listener is not
 * running, or it has not read the database for three sync intervals — so an operator sees an instance
 * whose checks may lag; `up` otherwise. Never `down`: the answers are still those of a few moments ago.
 */
@Injectable()
export class ConsentIndexHealth implements OnModuleInit {
  constructor(
    private readonly contributions: HealthContributions,
    private readonly indicators: HealthIndicatorService,
    private readonly index: ConsentIndex,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.contributions.add(() => this.check());
  }

  check() {
    const session = this.indicators.check('consentIndex');
    const { consents, syncedAt, listening, syncMs } = this.index.status();
    const age = syncedAt ? this.clock.now().getTime() - syncedAt.getTime() : undefined;
    const detail = { consents, listening, ...(syncedAt ? { syncedAt: syncedAt.toISOString() } : {}) };
    if (!listening) return session.degraded({ ...detail, reason: 'the consent.changed.v1 listener is not running' });
    if (age === undefined || age > STALE_AFTER_SYNCS * syncMs)
      return session.degraded({ ...detail, reason: 'the index has not read the database for three sync intervals' });
    return session.up(detail);
  }
}

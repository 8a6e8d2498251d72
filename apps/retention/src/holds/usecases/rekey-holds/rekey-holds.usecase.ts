import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { subjectKeysLeft } from '@insyn/observability';
import { type RekeyReport, rekeyStores, repeatRekeying } from '@insyn/person';
import { HoldsConfig } from '../../holds.config.js';
import { HoldsRepository } from '../../persistence/holds.repository.js';

/**
 * SUBJECT_KEY_SECRET rotation (ADR 0025, docs/operations/runbooks.md): while previous secrets are configured,
 * the holds on a person stored under her previous subject key are moved to her current one, in the
 * background after start and again every 15 minutes, so gallring's exclusions name her as the re-keyed
 * data of the other services does. The log says when none is left. Safe on several instances: each
 * rewrite is conditional.
 */
@Injectable()
export class RekeyHolds implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RekeyHolds.name);
  /** Keys no personnummer gave: not searched again by the next rounds. */
  private readonly unfound = new Set<string>();
  private stop?: () => void;

  constructor(
    private readonly holds: HoldsRepository,
    private readonly config: HoldsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.subjectKeys.rotating) return;
    this.stop = repeatRekeying(
      () => this.execute(),
      (err) => this.logger.error(`re-keying holds failed: ${err.message}`),
    );
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }

  execute(): Promise<RekeyReport> {
    return rekeyStores(
      this.config.subjectKeys,
      [
        {
          what: 'holds on a person',
          staleKeys: (prefixes) => this.holds.staleSubjectKeys(prefixes),
          rewrite: (stale, current) => this.holds.rekeySubject(stale, current),
        },
      ],
      this.logger,
      { counted: (store, left) => subjectKeysLeft().set({ store }, left), unfound: this.unfound },
    );
  }
}

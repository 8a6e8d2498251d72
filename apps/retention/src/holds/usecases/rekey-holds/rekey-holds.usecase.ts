import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { subjectKeysLeft } from '@insyn/observability';
import { type RekeyReport, rekeyStores } from '@insyn/person';
import { HoldsConfig } from '../../holds.config.js';
import { HoldsRepository } from '../../persistence/holds.repository.js';

/**
 * SUBJECT_KEY_SECRET rotation (ADR 0025, docs/operations/runbooks.md): while previous secrets are configured,
 * the holds on a person stored under her previous subject key are moved to her current one, in the
 * background after start, so gallring's exclusions name her as the re-keyed data of the other services
 * does. The log says when none is left. Safe on several instances: each rewrite is conditional.
 */
@Injectable()
export class RekeyHolds implements OnApplicationBootstrap {
  private readonly logger = new Logger(RekeyHolds.name);

  constructor(
    private readonly holds: HoldsRepository,
    private readonly config: HoldsConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.subjectKeys.rotating) return;
    void this.execute().catch((err: Error) => this.logger.error(`re-keying holds failed: ${err.message}`));
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
      undefined,
      (store, left) => subjectKeysLeft().set({ store }, left),
    );
  }
}

import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { subjectKeysLeft } from '@insyn/observability';
import { type PersonnummerSpace, type RekeyReport, rekeyStores, repeatRekeying, SubjectKeyRing } from '@insyn/person';
import { ConversationRepository } from '../../persistence/conversation.repository.js';

/**
 * SUBJECT_KEY_SECRET rotation (ADR 0025, docs/operations/runbooks.md): while previous secrets are configured,
 * the conversations stored under a citizen's previous subject key are moved to her current one, in the
 * background after start and again every 15 minutes (what an old token wrote meanwhile). The log says when
 * none is left; the previous secrets can then be removed. Safe on several instances: each rewrite is
 * conditional on the previous key.
 */
@Injectable()
export class RekeySubjectsUseCase implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RekeySubjectsUseCase.name);
  /** Keys no personnummer gave: not searched again by the next rounds. */
  private readonly unfound = new Set<string>();
  private stop?: () => void;

  constructor(
    private readonly repo: ConversationRepository,
    private readonly ring: SubjectKeyRing,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.ring.rotating) return;
    this.stop = repeatRekeying(
      () => this.execute(),
      (err) => this.logger.error(`re-keying conversations failed: ${err.message}`),
    );
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }

  /** `space` narrows the birth years searched (tests); the default is every living person's. */
  execute(space?: PersonnummerSpace): Promise<RekeyReport> {
    return rekeyStores(
      this.ring,
      [
        {
          what: 'conversations',
          staleKeys: (prefixes) => this.repo.staleSubjectKeys(prefixes),
          rewrite: (stale, current) => this.repo.rekeySubject(stale, current),
        },
      ],
      this.logger,
      { ...(space ? { space } : {}), counted: (store, left) => subjectKeysLeft().set({ store }, left), unfound: this.unfound },
    );
  }
}

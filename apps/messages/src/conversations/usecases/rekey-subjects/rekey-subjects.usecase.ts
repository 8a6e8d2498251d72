import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { subjectKeysLeft } from '@insyn/observability';
import { type PersonnummerSpace, type RekeyReport, rekeyStores, SubjectKeyRing } from '@insyn/person';
import { ConversationRepository } from '../../persistence/conversation.repository.js';

/**
 * SUBJECT_KEY_SECRET rotation (ADR 0025, docs/operations/runbooks.md): while previous secrets are configured,
 * the conversations stored under a citizen's previous subject key are moved to her current one, in the
 * background after start. The log says when none is left; the previous secrets can then be removed. Safe
 * on several instances: each rewrite is conditional on the previous key.
 */
@Injectable()
export class RekeySubjectsUseCase implements OnApplicationBootstrap {
  private readonly logger = new Logger(RekeySubjectsUseCase.name);

  constructor(
    private readonly repo: ConversationRepository,
    private readonly ring: SubjectKeyRing,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.ring.rotating) return;
    void this.execute().catch((err: Error) => this.logger.error(`re-keying conversations failed: ${err.message}`));
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
      space,
      (store, left) => subjectKeysLeft().set({ store }, left),
    );
  }
}

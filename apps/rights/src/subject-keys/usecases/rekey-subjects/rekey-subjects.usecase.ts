import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { subjectKeysLeft } from '@insyn/observability';
import { type RekeyReport, rekeyStores, repeatRekeying, SubjectKeyRing } from '@insyn/person';
import { AccessLogRepository } from '../../../access-log/persistence/access-log.repository.js';
import { ConsentsRepository } from '../../../consents/persistence/consents.repository.js';
import { RightsKeys } from '../../../keys/rights-keys.js';
import { receiptPseudonym } from '../../../receipts/domain/consent-receipt.js';
import { RequestsRepository } from '../../../requests/persistence/requests.repository.js';

/**
 * SUBJECT_KEY_SECRET rotation (ADR 0025, docs/operations/runbooks.md): while the subject-key secrets are
 * configured with previous ones, the consents, requests and access-log entries stored under a person's
 * previous subject key are moved to her current one, in the background after start and again every 15
 * minutes (what an old token wrote meanwhile). A consent keeps its receipts' principal. The log says when
 * none is left; the secrets can then be removed from rights. Safe on several instances: each rewrite is
 * conditional on the previous key.
 */
@Injectable()
export class RekeySubjectsUseCase implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RekeySubjectsUseCase.name);
  /** Keys no personnummer gave: not searched again by the next rounds. */
  private readonly unfound = new Set<string>();
  private stop?: () => void;

  constructor(
    private readonly consents: ConsentsRepository,
    private readonly requests: RequestsRepository,
    private readonly accessLog: AccessLogRepository,
    private readonly keys: RightsKeys,
    @Inject(SubjectKeyRing) private readonly ring: SubjectKeyRing | null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.ring?.rotating) return;
    this.stop = repeatRekeying(
      () => this.execute(),
      (err) => this.logger.error(`re-keying consents, requests and access log failed: ${err.message}`),
    );
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }

  async execute(): Promise<RekeyReport> {
    if (!this.ring) return { rewritten: 0, found: 0, left: 0 };
    return rekeyStores(
      this.ring,
      [
        {
          what: 'consents',
          staleKeys: (prefixes) => this.consents.staleSubjectKeys(prefixes),
          rewrite: (stale, current) =>
            this.consents.rekeySubject(stale, current, (consentId) => receiptPseudonym(this.keys.pseudonymKey(), consentId, stale)),
        },
        {
          what: 'requests',
          staleKeys: (prefixes) => this.requests.staleSubjectKeys(prefixes),
          rewrite: (stale, current) => this.requests.rekeySubject(stale, current),
        },
        {
          what: 'access log',
          staleKeys: (prefixes) => this.accessLog.staleSubjectKeys(prefixes),
          rewrite: (stale, current) => this.accessLog.rekeySubject(stale, current),
        },
      ],
      this.logger,
      { counted: (store, left) => subjectKeysLeft().set({ store }, left), unfound: this.unfound },
    );
  }
}

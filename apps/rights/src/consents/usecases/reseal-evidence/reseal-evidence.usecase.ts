import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { resealAll, type ResealOutcome } from '@insyn/crypto';
import type { RightsEnv } from '../../../config/rights-env.js';
import type { Consent } from '../../domain/consent.js';
import { ConsentsRepository } from '../../persistence/consents.repository.js';
import { ConsentSignatures } from '../../signature/consent-signatures.js';

/**
 * While RIGHTS_KEY_SECRET is rotated (RIGHTS_KEY_SECRET_PREVIOUS set), seals the BankID evidence of signed
 * consents again with the new secret, in the background after start. Nothing but the sealed evidence
 * changes; a consent changed meanwhile is tried again.
 */
@Injectable()
export class ResealEvidenceUseCase implements OnApplicationBootstrap {
  private readonly logger = new Logger(ResealEvidenceUseCase.name);
  private readonly rotating: boolean;

  constructor(
    private readonly consents: ConsentsRepository,
    private readonly signatures: ConsentSignatures,
    config: ConfigService<RightsEnv, true>,
  ) {
    this.rotating = config.get('RIGHTS_KEY_SECRET_PREVIOUS', { infer: true }) !== undefined;
  }

  onApplicationBootstrap(): void {
    if (this.rotating)
      void this.execute().catch((err: Error) => this.logger.error(`sealing consent evidence again failed: ${err.message}`));
  }

  execute(): Promise<{ resealed: number; left: number }> {
    return resealAll<Consent>(
      {
        what: "signed consents' evidence",
        page: (after, limit) => this.consents.pageWithHistory(after, limit),
        id: (c) => c.consentId,
        reseal: (c) => this.reseal(c),
      },
      this.logger,
    );
  }

  private async reseal(consent: Consent): Promise<ResealOutcome> {
    let moved = false;
    const history = consent.history.map((change) => {
      const sealed = change.signature && this.signatures.resealEvidence(change.signature);
      if (!sealed) return change;
      moved = true;
      return { ...change, signature: { ...change.signature!, sealedEvidence: sealed } };
    });
    if (!moved) return 'current';
    return (await this.consents.replaceSealedHistory(consent.consentId, consent.sequence, history)) ? 'resealed' : 'changed';
  }
}

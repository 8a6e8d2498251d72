import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { resealAll } from '@insyn/crypto';
import { identitySecrets, SecretBox } from '../../../common/secret-box.js';
import type { IdentityEnv } from '../../../config/identity-env.js';
import type { EvidenceRecord } from '../../persistence/session.entity.js';
import { SignInEvidenceRepository } from '../../persistence/sessions.repository.js';

/** While IDENTITY_KEY_SECRET is rotated, the sign-in evidence (kept a year) is sealed again with the new secret. */
@Injectable()
export class ResealEvidenceUseCase implements OnApplicationBootstrap {
  private readonly logger = new Logger(ResealEvidenceUseCase.name);
  private readonly box: SecretBox;

  constructor(
    private readonly evidence: SignInEvidenceRepository,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    this.box = new SecretBox(identitySecrets(config), 'sign-in-evidence');
  }

  onApplicationBootstrap(): void {
    if (this.config.get('IDENTITY_KEY_SECRET_PREVIOUS', { infer: true }) !== undefined)
      void this.execute().catch((err: Error) => this.logger.error(`sealing sign-in evidence again failed: ${err.message}`));
  }

  /** Seals every stored sign-in evidence again with the current IDENTITY_KEY_SECRET (idempotent). */
  execute(): Promise<{ resealed: number; left: number }> {
    return resealAll<EvidenceRecord>(
      {
        what: 'sign-in evidence',
        page: (after, limit) => this.evidence.page(after, limit),
        id: (e) => e._id,
        reseal: async (e) => {
          const sealed = this.box.reseal(e.sealed, e._id);
          if (sealed === null) return 'current';
          return (await this.evidence.replaceSealed(e._id, e.sealed, sealed)) ? 'resealed' : 'changed';
        },
      },
      this.logger,
    );
  }
}

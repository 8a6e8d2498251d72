import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SIGN_ASSERTION_AUDIENCE, SIGN_ASSERTION_TYPE, TokenVerifier } from '@insyn/auth';
import { SecretBox } from '@insyn/crypto';
import { ProblemException } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { type RightsEnv, rightsSecrets } from '../../config/rights-env.js';
import {
  checkSignatureClaims,
  type ConsentSignatureInput,
  type ConsentSignatureProof,
  type SignatureRefusal,
} from './consent-signature.js';
import { UsedAssertionsRepository } from './persistence/used-assertions.repository.js';

/** An assertion older than this is refused, whatever its `exp` says (identity issues them for 5 minutes). */
const MAX_ASSERTION_AGE_S = 600;

const REFUSALS: Record<SignatureRefusal | 'invalid', { status: number; type: string; title: string; detail: string }> = {
  invalid: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    type: 'signature-invalid',
    title: 'The signature cannot be verified',
    detail: 'The sign assertion is not a valid, current assertion of the identity service for this service. Sign the text again.',
  },
  malformed: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    type: 'signature-invalid',
    title: 'The signature cannot be verified',
    detail: 'The sign assertion does not say what was signed with BankID. Sign the text again.',
  },
  'not-yours': {
    status: HttpStatus.FORBIDDEN,
    type: 'signature-not-yours',
    title: 'Signed by someone else',
    detail: 'The signature was made by another person than the one signed in. Consent can only be given by signing it yourself.',
  },
  'text-mismatch': {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    type: 'signature-text-mismatch',
    title: 'Another text was signed',
    detail: 'The text signed is not the text of this purpose in the current notice version, in the language given. Sign that text.',
  },
  'evidence-mismatch': {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    type: 'signature-evidence-mismatch',
    title: 'The evidence does not match the assertion',
    detail: 'The BankID signature and OCSP response sent are not the ones the identity service collected for this assertion.',
  },
};

export const signatureProblem = (refusal: SignatureRefusal | 'invalid') => {
  const r = REFUSALS[refusal];
  return new ProblemException(r.status, r.type, r.title, r.detail, [{ field: 'signature', messages: [r.title] }]);
};

/**
 * Verifies the sign assertion a citizen sends with a consent (ADR 0012) against the identity service's
 * JWKS (the keys its access tokens are checked with), for this service's audience, and holds each
 * assertion to one use.
 */
@Injectable()
export class ConsentSignatures {
  private readonly box: SecretBox;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly used: UsedAssertionsRepository,
    private readonly clock: Clock,
    config: ConfigService<RightsEnv, true>,
  ) {
    this.box = new SecretBox(rightsSecrets(config), 'consent-signature-evidence', 'insyn-rights');
  }

  /** The proof, when the assertion is identity's, current, the caller's, over exactly `shownText`; else a 4xx problem. */
  async verify(subjectKey: string, shownText: string, input: ConsentSignatureInput): Promise<ConsentSignatureProof> {
    const claims = await this.verifier.verifyIssued(input.assertion, {
      typ: SIGN_ASSERTION_TYPE,
      audience: SIGN_ASSERTION_AUDIENCE,
      maxAgeSeconds: MAX_ASSERTION_AGE_S,
    });
    if (!claims) throw signatureProblem('invalid');
    const checked = checkSignatureClaims(claims, { subjectKey, shownText, evidence: input.evidence });
    if (typeof checked === 'string') throw signatureProblem(checked);
    return {
      provider: 'bankid',
      ...checked,
      assertion: input.assertion,
      sealedEvidence: this.box.seal(
        JSON.stringify({ signature: input.evidence.signature, ocspResponse: input.evidence.ocspResponse }),
        checked.assertionId,
      ),
    };
  }

  /** The proof's evidence sealed with the new RIGHTS_KEY_SECRET while it is rotated; null when it already is. */
  resealEvidence(proof: ConsentSignatureProof): string | null {
    return this.box.reseal(proof.sealedEvidence, proof.assertionId);
  }

  /** Takes the assertion for one consent change; a second use of it is a 409 (replay). */
  async claim(proof: ConsentSignatureProof, subjectKey: string): Promise<void> {
    if (!(await this.used.claim(proof.assertionId, subjectKey, this.clock.now())))
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'signature-replayed',
        'The signature has been used already',
        'This sign assertion has already given a consent; each signature gives one. Sign the text again.',
        [{ field: 'signature', messages: ['already used'] }],
      );
  }

  /** Gives the assertion back when the change it was claimed for was not stored. */
  async release(proof: ConsentSignatureProof): Promise<void> {
    await this.used.release(proof.assertionId);
  }
}

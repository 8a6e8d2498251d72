import { HttpStatus, Injectable } from '@nestjs/common';
import { Problems, ProblemException } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { NoticeTermsRepository } from '../../../notices/persistence/notice-terms.repository.js';
import type { Citizen } from '../../domain/citizen.js';
import { changeOf, type Consent, type Language, textDigest } from '../../domain/consent.js';
import { ConsentsRepository } from '../../persistence/consents.repository.js';
import type { ConsentSignatureInput, ConsentSignatureProof } from '../../signature/consent-signature.js';
import { ConsentSignatures } from '../../signature/consent-signatures.js';
import { ConsentWriter } from '../consent-writer.js';

export interface ConsentInput {
  notice: string;
  purpose: string;
  language: Language;
  /** Identity's sign assertion and BankID's evidence: required where the notice asks for a signature. */
  signature?: ConsentSignatureInput;
}

/** Tries this often when another request changes the same consent at the same moment (a double click). */
const ATTEMPTS = 3;

/**
 * A citizen gives consent to one purpose of the current version of a notice, as its text reads there.
 * Refused (nothing stored) for a notice that is unknown or withdrawn (404), a purpose that does not rest
 * on consent in it (422) or a language the notice does not have (422). Giving again what is already
 * given to the same wording changes nothing (idempotent: `changed` is false, no event); giving again
 * after the wording changed records a new change under the new version. Where the notice asks for a
 * signature, giving needs identity's sign assertion over exactly the text shown, by the caller, used once
 * (ADR 0012); a signature sent where none is asked for is verified and kept the same way.
 */
@Injectable()
export class GiveConsentUseCase {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly notices: NoticeTermsRepository,
    private readonly writer: ConsentWriter,
    private readonly signatures: ConsentSignatures,
    private readonly clock: Clock,
  ) {}

  async execute(citizen: Citizen, input: ConsentInput): Promise<{ consent: Consent; changed: boolean }> {
    const terms = await this.notices.current(input.notice);
    if (!terms)
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'notice-not-found',
        'No such notice',
        `There is no current published notice ${input.notice}: it is unknown or withdrawn.`,
      );
    const purpose = terms.consentPurposes.find((p) => p.id === input.purpose);
    if (!purpose)
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'not-a-consent-purpose',
        'No purpose resting on consent',
        `The notice ${terms.slug} (version ${terms.version}) has no purpose ${input.purpose} that rests on consent (GDPR art. 6.1 a or 9.2 a).`,
        [{ field: 'purpose', messages: ['not a purpose of this notice that rests on consent'] }],
      );
    if (input.language === 'en' && !purpose.text.en)
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'language-not-available',
        'The text is not in that language',
        `The notice ${terms.slug} has no English text for ${purpose.id}; it can be shown in Swedish.`,
        [{ field: 'language', messages: ['the notice has no text in this language'] }],
      );
    if (purpose.signature === 'required' && !input.signature)
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'signature-required',
        'This consent is given by signing it with BankID',
        `The notice ${terms.slug} asks for consent to ${purpose.id} to be signed: sign its text with BankID (the identity ` +
          "service's POST /v1/sign-orders) and send the assertion and evidence as `signature`. Withdrawing needs no signature.",
        [{ field: 'signature', messages: ['required for this purpose'] }],
      );
    const digest = textDigest(purpose);
    let proof: ConsentSignatureProof | undefined;
    try {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const existing = await this.consents.findForPurpose(citizen.subjectKeys ?? citizen.subjectKey, terms.slug, purpose.id);
        if (existing?.state === 'given' && existing.textDigest === digest) {
          if (proof) await this.signatures.release(proof);
          return { consent: existing, changed: false };
        }
        if (input.signature && !proof) {
          // The exact text she was shown, in the language she was shown it: what the signature must be over.
          const shown = (input.language === 'en' ? purpose.text.en : undefined) ?? purpose.text.sv;
          const verified = await this.signatures.verify(citizen.subjectKey, shown, input.signature);
          await this.signatures.claim(verified, citizen.subjectKey);
          proof = verified;
        }
        const now = this.clock.now();
        const change = changeOf((existing?.sequence ?? 0) + 1, 'given', terms, purpose, input.language, citizen.method, now, proof);
        const consent = await this.writer.write(citizen.subjectKey, existing, change);
        if (consent) return { consent, changed: true };
      }
    } catch (err) {
      // Nothing was stored: the signature may be used again.
      if (proof) await this.signatures.release(proof);
      throw err;
    }
    if (proof) await this.signatures.release(proof);
    throw Problems.conflict('The consent kept changing while it was being given; read it again and retry.');
  }
}

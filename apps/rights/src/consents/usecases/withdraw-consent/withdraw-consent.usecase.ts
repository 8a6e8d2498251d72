import { HttpStatus, Injectable } from '@nestjs/common';
import { Problems, ProblemException } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { Citizen } from '../../domain/citizen.js';
import type { Consent, ConsentChange } from '../../domain/consent.js';
import { ConsentsRepository } from '../../persistence/consents.repository.js';
import type { ConsentInput } from '../give-consent/give-consent.usecase.js';
import { ConsentWriter } from '../consent-writer.js';

const ATTEMPTS = 3;

/**
 * A citizen withdraws a consent they gave (art. 7.3): the same request as giving it, with the same body.
 * The withdrawal names what it withdraws: the notice version, purpose and text of the change that gave the
 * consent. It does not need the notice to be current: a consent under a withdrawn notice can still be
 * withdrawn. Withdrawing what is not given (never given, or withdrawn already) is 409, nothing stored.
 */
@Injectable()
export class WithdrawConsentUseCase {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly writer: ConsentWriter,
    private readonly clock: Clock,
  ) {}

  async execute(citizen: Citizen, input: ConsentInput): Promise<{ consent: Consent; changed: boolean }> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const existing = await this.consents.findForPurpose(citizen.subjectKeys ?? citizen.subjectKey, input.notice, input.purpose);
      const given = existing?.history.at(-1);
      if (!existing || existing.state !== 'given' || !given)
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'consent-not-given',
          'Consent is not given',
          `There is no consent given to ${input.purpose} of the notice ${input.notice} to withdraw.`,
        );
      const change: ConsentChange = {
        ...given,
        sequence: existing.sequence + 1,
        state: 'withdrawn',
        at: this.clock.now(),
        language: input.language === 'en' && given.text.en ? 'en' : 'sv',
        method: citizen.method,
      };
      const consent = await this.writer.write(citizen.subjectKey, existing, change);
      if (consent) return { consent, changed: true };
    }
    throw Problems.conflict('The consent kept changing while it was being withdrawn; read it again and retry.');
  }
}

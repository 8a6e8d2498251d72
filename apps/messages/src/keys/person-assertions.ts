import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TokenVerifier } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { SubjectKeyRing } from '@insyn/person';
import { Clock } from '@insyn/platform';
import { compactDecrypt } from 'jose';
import type { MessagesEnv } from '../config/messages-env.js';
import {
  type AssertionRefusal,
  PERSON_ASSERTION_MAX_AGE_SECONDS,
  PERSON_ASSERTION_TYP,
  personOfAssertion,
} from '../conversations/domain/person-assertion.js';
import { MessagesKeys } from './messages-keys.js';

const REFUSAL: Record<AssertionRefusal, string> = {
  unreadable: 'identityAssertion is not a person assertion encrypted to this service',
  invalid: 'identityAssertion is not valid: not signed by the identity service, not for this service, or expired; ask for a new one',
  foreign: 'identityAssertion names another person than the one signed in',
};

/**
 * Reads a citizen's person assertion (ADR 0010): a JWE to this service's key, holding a JWT the identity
 * service signed, whose subject must be the caller. The personnummer, or a 422 naming the field.
 */
@Injectable()
export class PersonAssertions {
  constructor(
    private readonly keys: MessagesKeys,
    private readonly tokens: TokenVerifier,
    private readonly clock: Clock,
    private readonly config: ConfigService<MessagesEnv, true>,
    private readonly subjectKeys: SubjectKeyRing,
  ) {}

  async personnummerOf(assertion: string, callerSubjectKey: string): Promise<string> {
    let jwt: string;
    try {
      const { plaintext } = await compactDecrypt(assertion, async (header) => (await this.keys.decryptionKey(header.kid)) ?? refuse(), {
        keyManagementAlgorithms: ['ECDH-ES'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      jwt = new TextDecoder().decode(plaintext);
    } catch {
      throw this.problem('unreadable');
    }
    const claims = await this.tokens.verifyIssued(jwt, {
      typ: PERSON_ASSERTION_TYP,
      audience: this.config.get('MESSAGES_ASSERTION_AUDIENCE', { infer: true }),
      maxAgeSeconds: PERSON_ASSERTION_MAX_AGE_SECONDS,
    });
    if (!claims) throw this.problem('invalid');
    const person = personOfAssertion(claims, callerSubjectKey, this.subjectKeys, this.clock.now());
    if (!person.ok) throw this.problem(person.reason);
    return person.personnummer;
  }

  private problem(reason: AssertionRefusal) {
    return Problems.unprocessable(
      [{ field: 'identityAssertion', messages: [REFUSAL[reason]] }],
      'The conversation was not opened; nothing was stored.',
    );
  }
}

function refuse(): never {
  throw new Error('no such key');
}

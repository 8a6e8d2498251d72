import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Principal, subjectKeysOf } from '@insyn/auth';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock, IdGenerator } from '@insyn/platform';
import { CompactEncrypt, SignJWT } from 'jose';
import type { IdentityEnv } from '../../../config/identity-env.js';
import { KeyRing } from '../../../keys/key-ring.js';
import { FindSessionPersonUseCase } from '../../../sessions/usecases/find-session-person/find-session-person.usecase.js';
import { unauthenticated } from '../../../sessions/usecases/session.js';
import { AudienceKeys } from '../../audience-keys.js';

/** The assertion's JWT type (RFC 8725 3.11: a type of its own, so no access token can pass for one, nor it for an access token). */
export const PERSON_ASSERTION_TYP = 'person-assertion+jwt';
/** Two minutes: enough to send the form it was asked for, too short to be worth keeping. */
export const PERSON_ASSERTION_TTL_SECONDS = 120;

export interface PersonAssertion {
  assertion: string;
  audience: string;
  expiresIn: number;
}

/**
 * Person assertions (ADR 0010): a signed-in citizen's personnummer for one service that needs it (the
 * messages service, for the archive package of a conversation she starts). A JWT signed with the token
 * keys (`typ` person-assertion+jwt; `sub` her subject key, `personnummer`, `aud` the service, two minutes),
 * encrypted (JWE, ECDH-ES + A256GCM) to that service's key: the portal that carries it cannot read it.
 */
@Injectable()
export class IssuePersonAssertionUseCase {
  constructor(
    private readonly sessionPerson: FindSessionPersonUseCase,
    private readonly audiences: AudienceKeys,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {}

  async execute(audience: string, by: Principal): Promise<PersonAssertion> {
    if (!this.audiences.knows(audience))
      throw Problems.unprocessable(
        [{ field: 'audience', messages: [`no person assertions are issued for ${audience}`] }],
        'Unknown audience.',
      );
    const personnummer = by.sessionId ? await this.sessionPerson.execute(by.sessionId, subjectKeysOf(by)) : undefined;
    if (!personnummer) throw unauthenticated('The session this token belongs to has ended, or predates person assertions: sign in again.');
    const target = await this.audiences.keyOf(audience);
    if (!target)
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'audience-unavailable',
        'Service unavailable',
        `The key of ${audience} cannot be read now.`,
      );

    const { kid, privateKey } = this.keys.signingKey();
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const jwt = await new SignJWT({ personnummer, sid: by.sessionId })
      .setProtectedHeader({ alg: 'ES256', kid, typ: PERSON_ASSERTION_TYP })
      .setSubject(by.subject)
      .setIssuer(this.config.get('IDENTITY_ISSUER', { infer: true }))
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + PERSON_ASSERTION_TTL_SECONDS)
      .setJti(this.ids.next())
      .sign(privateKey);
    const assertion = await new CompactEncrypt(new TextEncoder().encode(jwt))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: target.kid, cty: 'JWT' })
      .encrypt(target.key);
    return { assertion, audience, expiresIn: PERSON_ASSERTION_TTL_SECONDS };
  }
}

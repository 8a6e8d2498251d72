import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { SubjectKeyRing } from '@insyn/person';
import { identitySecrets, SecretBox } from '../../common/secret-box.js';
import { subjectKeyRing } from '../../common/subject-keys.js';
import type { IdentityEnv } from '../../config/identity-env.js';
import { BROWSER_CLIENT_ID, type IssuedToken, TokenIssuer } from '../../keys/token-issuer.js';
import type { StoredSession } from '../persistence/sessions.repository.js';

/**
 * What the session use cases share: the person's subject keys, her personnummer sealed to her session
 * (ADR 0010), and the access token a session gets at sign-in and at each refresh.
 */
@Injectable()
export class SessionAccess {
  readonly subjectKeys: SubjectKeyRing;
  private readonly personBox: SecretBox;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    this.subjectKeys = subjectKeyRing(config);
    this.personBox = new SecretBox(identitySecrets(config), 'session-person');
  }

  sealPersonalNumber(personalNumber: string, sessionId: string): string {
    return this.personBox.seal(personalNumber, sessionId);
  }

  /** The citizen's personnummer (undefined for officials' sessions and for those from before it was kept). */
  personalNumberOf(r: Pick<StoredSession, '_id' | 'sealedPersonalNumber'>): string | undefined {
    return r.sealedPersonalNumber ? this.personBox.open(r.sealedPersonalNumber, r._id) : undefined;
  }

  /**
   * The person's keys for a token, current first (ADR 0025). A citizen's are made again from her sealed
   * personnummer at each refresh, so a session begun before a rotation of SUBJECT_KEY_SECRET gets the new
   * key at once; an official's are those of her sign-in. The stored key stays among them.
   */
  private subjectsOf(r: StoredSession): { sub: string; previous: string[] } {
    const fromNumber = r.kind === 'citizen' && r.sealedPersonalNumber !== undefined;
    const keys = fromNumber
      ? this.subjectKeys.keysOf(this.personBox.open(r.sealedPersonalNumber!, r._id))
      : [r.subjectKey, ...(r.previousSubjectKeys ?? [])];
    const [sub, ...previous] = [...new Set([...keys, r.subjectKey])];
    return { sub: sub!, previous };
  }

  accessToken(r: StoredSession): Promise<IssuedToken> {
    const { sub, previous } = this.subjectsOf(r);
    return this.issuer.issue(
      {
        sub,
        ...(previous.length ? { sub_prev: previous } : {}),
        client_id: BROWSER_CLIENT_ID,
        kind: r.kind,
        name: r.name,
        loa: r.loa,
        idp: r.provider,
        sid: r._id,
        ...(r.kind === 'official' ? { roles: r.roles, unit: r.unit, hsa_id: r.hsaId } : {}),
      },
      this.config.get('ACCESS_TOKEN_TTL', { infer: true }),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { IdentitySignedInV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock, IdGenerator } from '@insyn/platform';
import { identitySecrets, randomSecret, SecretBox, sha256 } from '../../../common/secret-box.js';
import type { IdentityEnv } from '../../../config/identity-env.js';
import type { VerifiedIdentity } from '../../../eid/eid-provider.js';
import type { OfficialAssignment } from '../../../officials/officials-directory.js';
import type { SessionRecord } from '../../persistence/session.entity.js';
import { SessionsRepository, SignInEvidenceRepository } from '../../persistence/sessions.repository.js';
import type { SessionTokens } from '../session.js';
import { SessionAccess } from '../session-access.js';

/** Sign-in evidence is kept a year for audit (the notice's retention statement for logs). */
const EVIDENCE_RETENTION_MS = 365 * 86_400_000;

/**
 * A citizen (BankID, Freja) or, with an assignment, an official (SITHS) signs in: her sealed evidence is
 * kept, and the session is stored with its identity.signed-in.v1 in the same write.
 */
@Injectable()
export class CreateSessionUseCase {
  private readonly evidenceBox: SecretBox;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly evidence: SignInEvidenceRepository,
    private readonly access: SessionAccess,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    this.evidenceBox = new SecretBox(identitySecrets(config), 'sign-in-evidence');
  }

  async execute(
    identity: VerifiedIdentity,
    official: OfficialAssignment | undefined,
    meta: { userAgent?: string },
  ): Promise<SessionTokens> {
    const now = this.clock.now();
    const sessionId = this.ids.next();
    const subjectKey = this.access.subjectKeys.of(identity.personalNumber);
    const previousSubjectKeys = this.access.subjectKeys.previousKeysOf(identity.personalNumber);
    const evidenceId = this.ids.next();
    await this.evidence.insert({
      _id: evidenceId,
      sessionId,
      provider: identity.provider,
      kind: identity.evidence.kind,
      sealed: this.evidenceBox.seal(JSON.stringify(identity.evidence.data), evidenceId),
      createdAt: now,
      expiresAt: new Date(now.getTime() + EVIDENCE_RETENTION_MS),
    });
    const secret = randomSecret();
    const kind = official ? 'official' : 'citizen';
    const record: SessionRecord = {
      _id: sessionId,
      kind,
      subjectKey,
      ...(previousSubjectKeys.length ? { previousSubjectKeys } : {}),
      provider: identity.provider,
      loa: identity.loa,
      ...(identity.assurance ? { assurance: identity.assurance } : {}),
      name: identity.name,
      ...(identity.hsaId ? { hsaId: identity.hsaId } : {}),
      ...(official ? { unit: official.unit } : {}),
      roles: official?.roles ?? [],
      refreshHash: sha256(secret),
      createdAt: now,
      refreshedAt: now,
      expiresAt: new Date(now.getTime() + this.config.get('SESSION_TTL', { infer: true }) * 1000),
      evidenceId,
      ...(kind === 'citizen' ? { sealedPersonalNumber: this.access.sealPersonalNumber(identity.personalNumber, sessionId) } : {}),
      ...(meta.userAgent ? { userAgent: meta.userAgent.slice(0, 200) } : {}),
      outbox: [
        this.events.outboxEntry(
          IdentitySignedInV1Event,
          {
            sessionId,
            kind,
            subject: subjectKey,
            method: identity.provider,
            loa: identity.loa,
            ...(official ? { unit: official.unit } : {}),
            signedInAt: now.toISOString(),
          },
          { subjectKey },
        ),
      ],
    };
    const outbox = await this.sessions.insert(record);
    await this.relay.enqueued('sessions', sessionId, outbox);
    return {
      sessionId,
      refreshToken: `${sessionId}.${secret}`,
      access: await this.access.accessToken(record),
      expiresAt: record.expiresAt,
    };
  }
}

import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { IdentitySignedInV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { ProblemException, Problems } from '@insyn/observability';
import { SubjectKeys } from '@insyn/person';
import { Clock, IdGenerator } from '@insyn/platform';
import type { Model } from 'mongoose';
import { randomSecret, SecretBox, sha256 } from '../common/secret-box.js';
import type { IdentityEnv } from '../config/identity-env.js';
import type { VerifiedIdentity } from '../eid/eid-provider.js';
import { type IssuedToken, TokenIssuer } from '../keys/token-issuer.js';
import type { OfficialAssignment } from '../officials/officials-directory.js';
import { EVIDENCE_MODEL, type EvidenceRecord, SESSION_MODEL, type SessionRecord } from './session.schema.js';

/** Sign-in evidence is kept a year for audit (the notice's retention statement for logs). */
const EVIDENCE_RETENTION_MS = 365 * 86_400_000;

export interface SessionTokens {
  sessionId: string;
  refreshToken: string;
  access: IssuedToken;
  expiresAt: Date;
}

export interface SessionView {
  sessionId: string;
  provider: string;
  loa: number;
  createdAt: string;
  refreshedAt: string;
  expiresAt: string;
  active: boolean;
  revokedAt?: string;
  revokeReason?: string;
  current: boolean;
}

export const unauthenticated = (detail: string) =>
  new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Not signed in', detail);

/** Sessions: created from a verified identity, refreshed with rotating tokens, revoked on sign-out. */
@Injectable()
export class SessionsService {
  private readonly subjectKeys: SubjectKeys;
  private readonly box: SecretBox;

  constructor(
    @InjectModel(SESSION_MODEL) private readonly sessions: Model<SessionRecord>,
    @InjectModel(EVIDENCE_MODEL) private readonly evidence: Model<EvidenceRecord>,
    private readonly issuer: TokenIssuer,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    this.subjectKeys = new SubjectKeys(config.get('SUBJECT_KEY_SECRET', { infer: true }));
    this.box = new SecretBox(config.get('IDENTITY_KEY_SECRET', { infer: true }), 'sign-in-evidence');
  }

  /** A citizen (BankID, Freja) or, with an assignment, an official (SITHS) signs in. */
  async create(identity: VerifiedIdentity, official: OfficialAssignment | undefined, meta: { userAgent?: string }): Promise<SessionTokens> {
    const now = this.clock.now();
    const sessionId = this.ids.next();
    const subjectKey = this.subjectKeys.of(identity.personalNumber);
    const evidenceId = this.ids.next();
    await this.evidence.collection.insertOne({
      _id: evidenceId,
      sessionId,
      provider: identity.provider,
      kind: identity.evidence.kind,
      sealed: this.box.seal(JSON.stringify(identity.evidence.data), evidenceId),
      createdAt: now,
      expiresAt: new Date(now.getTime() + EVIDENCE_RETENTION_MS),
    } as never);
    const secret = randomSecret();
    const kind = official ? 'official' : 'citizen';
    const record: SessionRecord = {
      _id: sessionId,
      kind,
      subjectKey,
      provider: identity.provider,
      loa: identity.loa,
      name: identity.name,
      ...(identity.hsaId ? { hsaId: identity.hsaId } : {}),
      ...(official ? { unit: official.unit } : {}),
      roles: official?.roles ?? [],
      refreshHash: sha256(secret),
      createdAt: now,
      refreshedAt: now,
      expiresAt: new Date(now.getTime() + this.config.get('SESSION_TTL', { infer: true }) * 1000),
      evidenceId,
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
    await this.sessions.collection.insertOne(record as never);
    await this.relay.enqueued('sessions', sessionId);
    return { sessionId, refreshToken: `${sessionId}.${secret}`, access: await this.accessToken(record), expiresAt: record.expiresAt };
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token (rotation). A refresh
   * token used twice means it was copied: the session ends (RFC 9700 4.14.2).
   */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const [sessionId, secret] = refreshToken.split('.');
    if (!sessionId || !secret) throw unauthenticated('The refresh token is not valid.');
    const now = this.clock.now();
    const presented = sha256(secret);
    const next = randomSecret();
    const record = await this.sessions
      .findOneAndUpdate(
        { _id: sessionId, refreshHash: presented, revokedAt: null, expiresAt: { $gt: now } },
        { $set: { refreshHash: sha256(next), previousRefreshHash: presented, refreshedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<SessionRecord>()
      .exec();
    if (record)
      return { sessionId, refreshToken: `${sessionId}.${next}`, access: await this.accessToken(record), expiresAt: record.expiresAt };

    const current = await this.sessions.findById(sessionId, { outbox: 0 }).lean<SessionRecord>().exec();
    if (current && !current.revokedAt && current.previousRefreshHash === presented) {
      if (now.getTime() - current.refreshedAt.getTime() > this.config.get('REFRESH_REUSE_GRACE_MS', { infer: true })) {
        await this.sessions
          .updateOne({ _id: sessionId, revokedAt: null }, { $set: { revokedAt: now, revokeReason: 'refresh-reuse' } })
          .exec();
        throw unauthenticated('This refresh token was already used; the session has been ended. Sign in again.');
      }
      throw unauthenticated('This refresh token was just replaced by another request; use the newer one.');
    }
    throw unauthenticated('The session has ended or the refresh token is not valid. Sign in again.');
  }

  /** Sign-out: the refresh token stops working at once; access tokens expire within ACCESS_TOKEN_TTL. */
  async revoke(sessionId: string, subjectKey: string, reason: 'sign-out' | 'revoked-by-user'): Promise<void> {
    const res = await this.sessions
      .updateOne({ _id: sessionId, subjectKey, revokedAt: null }, { $set: { revokedAt: this.clock.now(), revokeReason: reason } })
      .exec();
    // Revoking twice is fine; revoking someone else's session is "not found", as for an unknown id.
    if (res.matchedCount === 0 && !(await this.sessions.exists({ _id: sessionId, subjectKey }).exec()))
      throw Problems.notFound(`Session ${sessionId}`);
  }

  /** Sign-out by refresh token (the browser's cookie): ends that session, whoever holds the token. */
  async revokeByRefreshToken(refreshToken: string): Promise<void> {
    const [sessionId, secret] = refreshToken.split('.');
    if (!sessionId || !secret) return;
    await this.sessions
      .updateOne(
        { _id: sessionId, refreshHash: sha256(secret), revokedAt: null },
        { $set: { revokedAt: this.clock.now(), revokeReason: 'sign-out' } },
      )
      .exec();
  }

  /** The caller's own sessions, newest first: where and when they are signed in. */
  async listOwn(subjectKey: string, currentSessionId?: string): Promise<SessionView[]> {
    const records = await this.sessions
      .find({ subjectKey }, { outbox: 0 })
      .sort({ createdAt: -1 })
      .limit(50)
      .lean<SessionRecord[]>()
      .exec();
    return records.map((r) => this.view(r, currentSessionId));
  }

  /** One session, only if it is the caller's own: another person's id is simply not found. */
  async getOwn(sessionId: string, subjectKey: string, currentSessionId?: string): Promise<SessionView> {
    const record = await this.sessions.findOne({ _id: sessionId, subjectKey }, { outbox: 0 }).lean<SessionRecord>().exec();
    if (!record) throw Problems.notFound(`Session ${sessionId}`);
    return this.view(record, currentSessionId);
  }

  private view(r: SessionRecord, currentSessionId?: string): SessionView {
    const now = this.clock.now().getTime();
    return {
      sessionId: r._id,
      provider: r.provider,
      loa: r.loa,
      createdAt: r.createdAt.toISOString(),
      refreshedAt: r.refreshedAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      active: !r.revokedAt && r.expiresAt.getTime() > now,
      ...(r.revokedAt ? { revokedAt: r.revokedAt.toISOString(), revokeReason: r.revokeReason } : {}),
      current: r._id === currentSessionId,
    };
  }

  private accessToken(r: SessionRecord): Promise<IssuedToken> {
    return this.issuer.issue(
      {
        sub: r.subjectKey,
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

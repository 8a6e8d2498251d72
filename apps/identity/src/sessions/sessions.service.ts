import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { IdentitySignedInV1Event } from '@insyn/contracts';
import { resealAll } from '@insyn/crypto';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { ProblemException, Problems } from '@insyn/observability';
import type { SubjectKeyRing } from '@insyn/person';
import { Clock, IdGenerator } from '@insyn/platform';
import type { Model } from 'mongoose';
import { randomSecret, identitySecrets, SecretBox, sha256 } from '../common/secret-box.js';
import { subjectKeyRing } from '../common/subject-keys.js';
import type { IdentityEnv } from '../config/identity-env.js';
import type { SignInAssurance, VerifiedIdentity } from '../eid/eid-provider.js';
import { BROWSER_CLIENT_ID, type IssuedToken, TokenIssuer } from '../keys/token-issuer.js';
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
  assurance?: SignInAssurance;
  createdAt: string;
  refreshedAt: string;
  expiresAt: string;
  active: boolean;
  revokedAt?: string;
  revokeReason?: string;
  current: boolean;
}

/** Whose sessions a request may see and end: the person (her subject keys, ADR 0025) in the role she signed in as. */
export interface SessionOwner {
  subjectKeys: string[];
  kind: 'citizen' | 'official';
}

export const unauthenticated = (detail: string) =>
  new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Not signed in', detail);

/** Sessions: created from a verified identity, refreshed with rotating tokens, revoked on sign-out. */
@Injectable()
export class SessionsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SessionsService.name);
  private readonly subjectKeys: SubjectKeyRing;
  private readonly box: SecretBox;
  private readonly personBox: SecretBox;

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
    this.subjectKeys = subjectKeyRing(config);
    this.box = new SecretBox(identitySecrets(config), 'sign-in-evidence');
    this.personBox = new SecretBox(identitySecrets(config), 'session-person');
  }

  /** While IDENTITY_KEY_SECRET is rotated, the sign-in evidence (kept a year) is sealed again with the new secret. */
  onApplicationBootstrap(): void {
    if (this.config.get('IDENTITY_KEY_SECRET_PREVIOUS', { infer: true }) !== undefined)
      void this.resealEvidence().catch((err: Error) => this.logger.error(`sealing sign-in evidence again failed: ${err.message}`));
  }

  /** Seals every stored sign-in evidence again with the current IDENTITY_KEY_SECRET (idempotent). */
  resealEvidence(): Promise<{ resealed: number; left: number }> {
    return resealAll<EvidenceRecord>(
      {
        what: 'sign-in evidence',
        page: (after, limit) =>
          this.evidence
            .find(after === null ? {} : { _id: { $gt: after } })
            .sort({ _id: 1 })
            .limit(limit)
            .lean<EvidenceRecord[]>()
            .exec(),
        id: (e) => e._id,
        reseal: async (e) => {
          const sealed = this.box.reseal(e.sealed, e._id);
          if (sealed === null) return 'current';
          const res = await this.evidence.updateOne({ _id: e._id, sealed: e.sealed }, { $set: { sealed } }).exec();
          return res.matchedCount === 1 ? 'resealed' : 'changed';
        },
      },
      this.logger,
    );
  }

  /** A citizen (BankID, Freja) or, with an assignment, an official (SITHS) signs in. */
  async create(identity: VerifiedIdentity, official: OfficialAssignment | undefined, meta: { userAgent?: string }): Promise<SessionTokens> {
    const now = this.clock.now();
    const sessionId = this.ids.next();
    const subjectKey = this.subjectKeys.of(identity.personalNumber);
    const previousSubjectKeys = this.subjectKeys.previousKeysOf(identity.personalNumber);
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
      ...(kind === 'citizen' ? { sealedPersonalNumber: this.personBox.seal(identity.personalNumber, sessionId) } : {}),
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

  /**
   * Sign-out: the refresh token stops working at once; access tokens expire within ACCESS_TOKEN_TTL. Only
   * the caller's own sessions of her own kind: a citizen cannot end her SITHS work sessions, nor an
   * official her private ones.
   */
  async revoke(sessionId: string, owner: SessionOwner, reason: 'sign-out' | 'revoked-by-user'): Promise<void> {
    const mine = { _id: sessionId, subjectKey: { $in: owner.subjectKeys }, kind: owner.kind };
    const res = await this.sessions
      .updateOne({ ...mine, revokedAt: null }, { $set: { revokedAt: this.clock.now(), revokeReason: reason } })
      .exec();
    // Revoking twice is fine; revoking someone else's session is "not found", as for an unknown id.
    if (res.matchedCount === 0 && !(await this.sessions.exists(mine).exec())) throw Problems.notFound(`Session ${sessionId}`);
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

  /**
   * The caller's own sessions of her kind, newest first: where and when they are signed in. A person who is
   * also an official has one subject key for both, but her private (BankID, Freja) sessions and her SITHS
   * work sessions are two lists: the work sessions are the municipality's, not hers to see at home.
   */
  async listOwn(owner: SessionOwner, currentSessionId?: string): Promise<SessionView[]> {
    const records = await this.sessions
      .find({ subjectKey: { $in: owner.subjectKeys }, kind: owner.kind }, { outbox: 0 })
      .sort({ createdAt: -1 })
      .limit(50)
      .lean<SessionRecord[]>()
      .exec();
    return records.map((r) => this.view(r, currentSessionId));
  }

  /** One session, only if it is the caller's own: another person's id is simply not found. */
  async getOwn(sessionId: string, owner: SessionOwner, currentSessionId?: string): Promise<SessionView> {
    const record = await this.sessions
      .findOne({ _id: sessionId, subjectKey: { $in: owner.subjectKeys }, kind: owner.kind }, { outbox: 0 })
      .lean<SessionRecord>()
      .exec();
    if (!record) throw Problems.notFound(`Session ${sessionId}`);
    return this.view(record, currentSessionId);
  }

  /**
   * The personnummer of a live citizen session, for a person assertion: only the session the caller's token
   * names, only if it is hers, not ended and not expired. Undefined otherwise (and for sessions from before
   * the personnummer was kept: she signs in again).
   */
  async personOf(sessionId: string, subjectKeys: string[]): Promise<string | undefined> {
    const record = await this.sessions
      .findOne(
        { _id: sessionId, subjectKey: { $in: subjectKeys }, kind: 'citizen', revokedAt: null, expiresAt: { $gt: this.clock.now() } },
        { outbox: 0 },
      )
      .lean<SessionRecord>()
      .exec();
    return record?.sealedPersonalNumber ? this.personBox.open(record.sealedPersonalNumber, record._id) : undefined;
  }

  private view(r: SessionRecord, currentSessionId?: string): SessionView {
    const now = this.clock.now().getTime();
    return {
      sessionId: r._id,
      provider: r.provider,
      loa: r.loa,
      ...(r.assurance ? { assurance: r.assurance } : {}),
      createdAt: r.createdAt.toISOString(),
      refreshedAt: r.refreshedAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      active: !r.revokedAt && r.expiresAt.getTime() > now,
      ...(r.revokedAt ? { revokedAt: r.revokedAt.toISOString(), revokeReason: r.revokeReason } : {}),
      current: r._id === currentSessionId,
    };
  }

  /**
   * The person's keys for a token, current first (ADR 0025). A citizen's are made again from her sealed
   * personnummer at each refresh, so a session begun before a rotation of SUBJECT_KEY_SECRET gets the new
   * key at once; an official's are those of her sign-in. The stored key stays among them.
   */
  private subjectsOf(r: SessionRecord): { sub: string; previous: string[] } {
    const fromNumber = r.kind === 'citizen' && r.sealedPersonalNumber !== undefined;
    const keys = fromNumber
      ? this.subjectKeys.keysOf(this.personBox.open(r.sealedPersonalNumber!, r._id))
      : [r.subjectKey, ...(r.previousSubjectKeys ?? [])];
    const [sub, ...previous] = [...new Set([...keys, r.subjectKey])];
    return { sub: sub!, previous };
  }

  private accessToken(r: SessionRecord): Promise<IssuedToken> {
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

import { HttpStatus, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { IdentitySignedInV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { ProblemException, Problems } from '@insyn/observability';
import type { Principal } from '@insyn/auth';
import { Clock, IdGenerator, isDuplicateKeyError } from '@insyn/platform';
import type { Model } from 'mongoose';
import type { IdentityEnv } from '../config/identity-env.js';
import { BROWSER_CLIENT_ID, TokenIssuer, type IssuedToken } from '../keys/token-issuer.js';
import { hashSecret, newClientSecret, verifySecret } from './client-secret.js';
import {
  CLIENT_MODEL,
  type ClientAuditAction,
  type ClientAuditActor,
  type ClientAuditRecord,
  type ClientRecord,
  type ClientStatus,
} from './client.schema.js';
import { oauthError } from './oauth-error.js';

export const CLIENT_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;
export const SCOPE = /^[a-z]+:[a-z-]+$/;

export interface ClientView {
  clientId: string;
  name: string;
  scopes: string[];
  unit: string;
  disabled: boolean;
  status: ClientStatus;
  createdAt: string;
  updatedAt: string;
}

/** The registry of municipal systems and the client-credentials grant. */
@Injectable()
export class ClientsService implements OnModuleInit {
  private readonly logger = new Logger(ClientsService.name);

  constructor(
    @InjectModel(CLIENT_MODEL) private readonly model: Model<ClientRecord>,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly issuer: TokenIssuer,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {}

  /** Creates or updates the clients listed in IDENTITY_BOOTSTRAP_CLIENTS (first installation, development, tests). */
  async onModuleInit(): Promise<void> {
    const raw = this.config.get('IDENTITY_BOOTSTRAP_CLIENTS', { infer: true });
    if (!raw) return;
    const list = JSON.parse(raw) as { clientId: string; secret: string; scopes: string[]; unit: string; name?: string }[];
    for (const c of list) {
      if (!CLIENT_ID.test(c.clientId) || c.clientId === BROWSER_CLIENT_ID || c.secret.length < 16 || !c.scopes.every((s) => SCOPE.test(s)))
        throw new Error(
          `IDENTITY_BOOTSTRAP_CLIENTS: ${c.clientId} needs a client id like "case-system" (not ${BROWSER_CLIENT_ID}), a secret of 16+ characters and scopes like "messages:send"`,
        );
      const existing = await this.model.findById(c.clientId).lean<ClientRecord>().exec();
      if (existing && (await verifySecret(c.secret, existing.secretHash)) && sameSet(existing.scopes, c.scopes) && existing.unit === c.unit)
        continue;
      const now = this.clock.now();
      await this.model.collection.updateOne(
        { _id: c.clientId as never },
        {
          $set: {
            name: c.name ?? c.clientId,
            secretHash: await hashSecret(c.secret),
            scopes: c.scopes,
            unit: c.unit,
            disabled: false,
            status: 'active',
            updatedAt: now,
          },
          $setOnInsert: { createdAt: now, createdBy: 'bootstrap' },
        },
        { upsert: true },
      );
      this.logger.log(`client ${c.clientId} registered from IDENTITY_BOOTSTRAP_CLIENTS`);
    }
  }

  /**
   * Registers a municipal system. An identity-admin of the client's own unit registers it at once; any
   * other identity-admin only files it (`pending`, no tokens) for a second identity-admin to approve.
   * Either way the secret is shown once, here, and the registration is audited in the same write.
   */
  async register(
    input: { clientId: string; name: string; scopes: string[]; unit: string },
    who: Principal,
  ): Promise<{ client: ClientView; clientSecret: string }> {
    if (input.clientId === BROWSER_CLIENT_ID)
      throw Problems.unprocessable(
        [{ field: 'clientId', messages: [`${BROWSER_CLIENT_ID} is reserved`] }],
        `${BROWSER_CLIENT_ID} is the client id in citizens' and officials' tokens; choose another.`,
      );
    const secret = newClientSecret();
    const now = this.clock.now();
    const scopes = [...new Set(input.scopes)];
    const ownUnit = isAdminOf(who, input.unit);
    const record: ClientRecord = {
      _id: input.clientId,
      name: input.name,
      secretHash: await hashSecret(secret),
      scopes,
      unit: input.unit,
      disabled: false,
      status: ownUnit ? 'active' : 'pending',
      ...(ownUnit ? {} : { filedBy: who.subject }),
      audit: [this.auditRecord(ownUnit ? 'registered' : 'filed', who, { unit: input.unit, scopes })],
      createdAt: now,
      updatedAt: now,
      createdBy: who.hsaId ?? who.subject,
    };
    try {
      await this.model.collection.insertOne(record as never);
    } catch (err) {
      if (isDuplicateKeyError(err)) throw Problems.conflict(`A client ${input.clientId} exists already.`);
      throw err;
    }
    this.logger.log(`client ${input.clientId} for ${input.unit} ${ownUnit ? 'registered' : 'filed for approval'}`);
    return { client: view(record), clientSecret: secret };
  }

  /** A second identity-admin, not the one who filed it, approves a pending registration: it may get tokens. */
  approve(clientId: string, who: Principal): Promise<ClientView> {
    return this.decide(clientId, who, 'approved');
  }

  /** A second identity-admin refuses a pending registration: it never gets tokens; its id stays taken. */
  refuse(clientId: string, who: Principal, reason: string): Promise<ClientView> {
    return this.decide(clientId, who, 'refused', reason);
  }

  private async decide(clientId: string, who: Principal, action: 'approved' | 'refused', reason?: string): Promise<ClientView> {
    const current = await this.find(clientId);
    if ((current.status ?? 'active') !== 'pending') throw Problems.conflict(`Client ${clientId} is not waiting for approval.`);
    if (current.filedBy === who.subject)
      throw forbidden(`You filed the registration of ${clientId}; another identity-admin must decide on it.`);
    const record = await this.model
      .findOneAndUpdate(
        { _id: clientId, status: 'pending', filedBy: { $ne: who.subject } },
        {
          $set: { status: action === 'approved' ? 'active' : 'refused', updatedAt: this.clock.now() },
          $push: { audit: this.auditRecord(action, who, current, reason) },
        },
        { returnDocument: 'after' },
      )
      .lean<ClientRecord>()
      .exec();
    if (!record) throw Problems.conflict(`Client ${clientId} was decided on by someone else meanwhile.`);
    this.logger.log(`client ${clientId} ${action}`);
    return view(record);
  }

  async list(): Promise<ClientView[]> {
    const records = await this.model.find({}, { outbox: 0, audit: 0 }).sort({ _id: 1 }).lean<ClientRecord[]>().exec();
    return records.map(view);
  }

  /** The audit trail of every client (or one), newest first: who did what, when, to which client, unit and scopes. */
  async auditLog(filter: { clientId?: string; unit?: string }, limit: number): Promise<ClientAuditView[]> {
    const query = { ...(filter.clientId ? { _id: filter.clientId } : {}), ...(filter.unit ? { unit: filter.unit } : {}) };
    const records = await this.model.find(query, { audit: 1 }).lean<Pick<ClientRecord, '_id' | 'audit'>[]>().exec();
    return records
      .flatMap((r) => (r.audit ?? []).map((a) => auditView(r._id, a)))
      .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
      .slice(0, limit);
  }

  /**
   * A new secret is a way to act for the client's unit, so only that unit's identity-admin may rotate it.
   * Only an active client has a secret worth rotating.
   */
  async rotateSecret(clientId: string, who: Principal): Promise<{ client: ClientView; clientSecret: string }> {
    const current = await this.find(clientId);
    if (!isAdminOf(who, current.unit)) throw forbidden(`Only an identity-admin of ${current.unit} may give ${clientId} a new secret.`);
    const secret = newClientSecret();
    const record = await this.model
      .findOneAndUpdate(
        { _id: clientId },
        {
          $set: { secretHash: await hashSecret(secret), updatedAt: this.clock.now() },
          $push: { audit: this.auditRecord('secret-rotated', who, current) },
        },
        { returnDocument: 'after' },
      )
      .lean<ClientRecord>()
      .exec();
    if (!record) throw Problems.notFound(`Client ${clientId}`);
    return { client: view(record), clientSecret: secret };
  }

  /**
   * Any identity-admin may disable a client (stopping a misused system must not wait); re-enabling one
   * takes an identity-admin of its unit.
   */
  async setDisabled(clientId: string, disabled: boolean, who: Principal): Promise<ClientView> {
    const current = await this.find(clientId);
    if (!disabled && !isAdminOf(who, current.unit)) throw forbidden(`Only an identity-admin of ${current.unit} may re-enable ${clientId}.`);
    const record = await this.model
      .findOneAndUpdate(
        { _id: clientId },
        {
          $set: { disabled, updatedAt: this.clock.now() },
          $push: { audit: this.auditRecord(disabled ? 'disabled' : 'enabled', who, current) },
        },
        { returnDocument: 'after' },
      )
      .lean<ClientRecord>()
      .exec();
    if (!record) throw Problems.notFound(`Client ${clientId}`);
    return view(record);
  }

  private async find(clientId: string): Promise<ClientRecord> {
    const record = await this.model.findById(clientId, { outbox: 0, audit: 0 }).lean<ClientRecord>().exec();
    if (!record) throw Problems.notFound(`Client ${clientId}`);
    return record;
  }

  private auditRecord(
    action: ClientAuditAction,
    who: Principal,
    client: { unit: string; scopes: string[] },
    reason?: string,
  ): ClientAuditRecord {
    return {
      id: this.ids.next(),
      at: this.clock.now(),
      action,
      by: {
        subject: who.subject,
        ...(who.hsaId ? { hsaId: who.hsaId } : {}),
        ...(who.unit ? { unit: who.unit } : {}),
        roles: who.roles,
      },
      unit: client.unit,
      scopes: client.scopes,
      ...(reason ? { reason } : {}),
    };
  }

  /**
   * The client-credentials grant (RFC 6749 4.4): the secret checked, the requested scopes a subset of
   * the registered ones (all of them when none are asked for), a short-lived token with the client's unit.
   */
  async clientCredentials(clientId: string, secret: string, requestedScope: string | undefined): Promise<IssuedToken & { scope: string }> {
    const record = CLIENT_ID.test(clientId)
      ? await this.model.findById(clientId, { outbox: 0, audit: 0 }).lean<ClientRecord>().exec()
      : null;
    // The same answer for an unknown client, a wrong secret and a disabled client: nothing to probe.
    // A registration still waiting for its second approver, or refused, is not a client yet.
    if (!record || !(await verifySecret(secret, record.secretHash)) || record.disabled || (record.status ?? 'active') !== 'active')
      throw oauthError(HttpStatus.UNAUTHORIZED, 'invalid_client', 'Client authentication failed.');
    // An empty scope parameter is an omitted one (RFC 6749 3.1): the registered scopes, never none.
    const requested = requestedScope ? requestedScope.split(' ').filter(Boolean) : record.scopes;
    if (requested.length === 0) throw oauthError(HttpStatus.BAD_REQUEST, 'invalid_scope', 'The scope names no scope.');
    const refused = requested.filter((s) => !record.scopes.includes(s));
    if (refused.length > 0)
      throw oauthError(HttpStatus.BAD_REQUEST, 'invalid_scope', `This client may not ask for: ${refused.join(', ')}.`);
    const scope = [...new Set(requested)].join(' ');
    const token = await this.issuer.issue(
      { sub: clientId, client_id: clientId, kind: 'client', scope, unit: record.unit, name: record.name },
      this.config.get('CLIENT_TOKEN_TTL', { infer: true }),
    );
    const entry = this.events.outboxEntry(IdentitySignedInV1Event, {
      sessionId: token.jti,
      kind: 'client',
      subject: clientId,
      method: 'client-credentials',
      unit: record.unit,
      signedInAt: this.clock.now().toISOString(),
    });
    await this.model.collection.updateOne(
      { _id: clientId as never },
      { $push: { outbox: entry } as never, $set: { lastTokenAt: this.clock.now() } },
    );
    await this.relay.enqueued('clients', clientId);
    return { ...token, scope };
  }
}

export interface ClientAuditView {
  id: string;
  at: string;
  action: ClientAuditAction;
  clientId: string;
  unit: string;
  scopes: string[];
  by: ClientAuditActor;
  reason?: string;
}

const forbidden = (detail: string) => new ProblemException(HttpStatus.FORBIDDEN, 'forbidden', 'Forbidden', detail);

/** The client's own unit's identity-admin (the role is checked by the route's policy). */
const isAdminOf = (who: Principal, unit: string) => who.kind === 'official' && who.unit === unit;

const auditView = (clientId: string, a: ClientAuditRecord): ClientAuditView => ({
  id: a.id,
  at: new Date(a.at).toISOString(),
  action: a.action,
  clientId,
  unit: a.unit,
  scopes: a.scopes,
  by: a.by,
  ...(a.reason ? { reason: a.reason } : {}),
});

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function view(r: ClientRecord): ClientView {
  return {
    clientId: r._id,
    name: r.name,
    scopes: r.scopes,
    unit: r.unit,
    disabled: r.disabled,
    status: r.status ?? 'active',
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

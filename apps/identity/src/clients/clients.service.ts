import { HttpStatus, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { IdentitySignedInV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock, isDuplicateKeyError } from '@insyn/platform';
import type { Model } from 'mongoose';
import type { IdentityEnv } from '../config/identity-env.js';
import { TokenIssuer, type IssuedToken } from '../keys/token-issuer.js';
import { hashSecret, newClientSecret, verifySecret } from './client-secret.js';
import { CLIENT_MODEL, type ClientRecord } from './client.schema.js';

export const CLIENT_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;
export const SCOPE = /^[a-z]+:[a-z-]+$/;

export interface ClientView {
  clientId: string;
  name: string;
  scopes: string[];
  unit: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** OAuth2 errors (RFC 6749 5.2) as problem bodies that also carry `error`, so OAuth clients understand them. */
export const oauthError = (status: number, error: string, detail: string) =>
  new ProblemException(status, `oauth/${error}`, error.replace(/_/g, ' '), detail, undefined, { error, error_description: detail });

/** The registry of municipal systems and the client-credentials grant. */
@Injectable()
export class ClientsService implements OnModuleInit {
  private readonly logger = new Logger(ClientsService.name);

  constructor(
    @InjectModel(CLIENT_MODEL) private readonly model: Model<ClientRecord>,
    private readonly clock: Clock,
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
      if (!CLIENT_ID.test(c.clientId) || c.secret.length < 16 || !c.scopes.every((s) => SCOPE.test(s)))
        throw new Error(
          `IDENTITY_BOOTSTRAP_CLIENTS: ${c.clientId} needs a client id like "case-system", a secret of 16+ characters and scopes like "messages:send"`,
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
            updatedAt: now,
          },
          $setOnInsert: { createdAt: now, createdBy: 'bootstrap' },
        },
        { upsert: true },
      );
      this.logger.log(`client ${c.clientId} registered from IDENTITY_BOOTSTRAP_CLIENTS`);
    }
  }

  async register(
    input: { clientId: string; name: string; scopes: string[]; unit: string },
    by: string,
  ): Promise<{ client: ClientView; clientSecret: string }> {
    const secret = newClientSecret();
    const now = this.clock.now();
    const record: ClientRecord = {
      _id: input.clientId,
      name: input.name,
      secretHash: await hashSecret(secret),
      scopes: [...new Set(input.scopes)],
      unit: input.unit,
      disabled: false,
      createdAt: now,
      updatedAt: now,
      createdBy: by,
    };
    try {
      await this.model.collection.insertOne(record as never);
    } catch (err) {
      if (isDuplicateKeyError(err)) throw Problems.conflict(`A client ${input.clientId} exists already.`);
      throw err;
    }
    return { client: view(record), clientSecret: secret };
  }

  async list(): Promise<ClientView[]> {
    const records = await this.model.find({}, { outbox: 0 }).sort({ _id: 1 }).lean<ClientRecord[]>().exec();
    return records.map(view);
  }

  async rotateSecret(clientId: string): Promise<{ client: ClientView; clientSecret: string }> {
    const secret = newClientSecret();
    const record = await this.model
      .findOneAndUpdate(
        { _id: clientId },
        { $set: { secretHash: await hashSecret(secret), updatedAt: this.clock.now() } },
        { returnDocument: 'after' },
      )
      .lean<ClientRecord>()
      .exec();
    if (!record) throw Problems.notFound(`Client ${clientId}`);
    return { client: view(record), clientSecret: secret };
  }

  async setDisabled(clientId: string, disabled: boolean): Promise<ClientView> {
    const record = await this.model
      .findOneAndUpdate({ _id: clientId }, { $set: { disabled, updatedAt: this.clock.now() } }, { returnDocument: 'after' })
      .lean<ClientRecord>()
      .exec();
    if (!record) throw Problems.notFound(`Client ${clientId}`);
    return view(record);
  }

  /**
   * The client-credentials grant (RFC 6749 4.4): the secret checked, the requested scopes a subset of
   * the registered ones (all of them when none are asked for), a short-lived token with the client's unit.
   */
  async clientCredentials(clientId: string, secret: string, requestedScope: string | undefined): Promise<IssuedToken & { scope: string }> {
    const record = CLIENT_ID.test(clientId) ? await this.model.findById(clientId, { outbox: 0 }).lean<ClientRecord>().exec() : null;
    // The same answer for an unknown client, a wrong secret and a disabled client: nothing to probe.
    if (!record || !(await verifySecret(secret, record.secretHash)) || record.disabled)
      throw oauthError(HttpStatus.UNAUTHORIZED, 'invalid_client', 'Client authentication failed.');
    const requested = requestedScope?.split(' ').filter(Boolean) ?? record.scopes;
    const refused = requested.filter((s) => !record.scopes.includes(s));
    if (refused.length > 0)
      throw oauthError(HttpStatus.BAD_REQUEST, 'invalid_scope', `This client may not ask for: ${refused.join(', ')}.`);
    const scope = [...new Set(requested)].join(' ');
    const token = await this.issuer.issue(
      { sub: clientId, kind: 'client', scope, unit: record.unit, name: record.name },
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

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function view(r: ClientRecord): ClientView {
  return {
    clientId: r._id,
    name: r.name,
    scopes: r.scopes,
    unit: r.unit,
    disabled: r.disabled,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

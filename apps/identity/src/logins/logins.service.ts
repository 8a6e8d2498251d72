import { createHmac } from 'node:crypto';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { randomSecret, identitySecrets, SecretBox, sha256 } from '../common/secret-box.js';
import type { IdentityEnv } from '../config/identity-env.js';
import {
  EidProviderError,
  type OrderEidProvider,
  type StartedOrder,
  type StartMethod,
  type VerifiedIdentity,
} from '../eid/eid-provider.js';
import { CollectThrottle, pendingExtras, splitHint, startProblem, TRANSIENT_EID_ERRORS } from '../eid/order-progress.js';
import { OrderProviders } from '../eid/order-providers.js';
import { type UserMessage, userMessage } from '../eid/user-messages.js';
import { countEidOrder } from './logins.metrics.js';
import { LoginRepository } from './persistence/login.repository.js';
import type { LoginRecord } from './persistence/login.schema.js';

/** A login (and its result) lives this long; the provider ends the order long before (BankID ~3 min, Freja 2 min). */
const LOGIN_TTL_MS = 10 * 60_000;

export interface LoginView {
  loginId: string;
  provider: 'bankid' | 'freja';
  method: StartMethod;
  status: 'pending' | 'failed' | 'complete' | 'cancelled';
  hintCode?: string;
  message: UserMessage;
  /** The animated QR code at this second (content and SVG), while nobody has picked the order up. */
  qr?: { content: string; svg: string };
  /** Same device: open this to start the app. */
  autoStartUrl?: string;
  pollAfterMs?: number;
  /** Same device with a returnUrl: whether the app has brought the user back to this browser. */
  returned?: boolean;
}

export interface StartLogin {
  provider: 'bankid' | 'freja';
  method: StartMethod;
  endUserIp: string;
  returnTo?: string;
  /** The browser's binding secret (cookie); a new one is made when absent. */
  binding: string;
  /** The browser's User-Agent, sent to BankID for its risk assessment. */
  userAgent?: string;
}

/** The query parameter of the returnUrl that carries the login's return nonce. */
export const RETURN_NONCE_PARAM = 'eidReturn';

/**
 * BankID and Freja sign-ins: start an order, answer polls with the provider's state, a user message
 * (sv/en) and a fresh QR code, cancel, and hand the verified identity over exactly once.
 */
@Injectable()
export class LoginsService {
  private readonly logger = new Logger(LoginsService.name);
  private readonly box: SecretBox;
  /** Collects each pending login at most once per LOGIN_COLLECT_INTERVAL_MS here, however many tabs poll. */
  private readonly throttle: CollectThrottle;

  constructor(
    private readonly providers: OrderProviders,
    private readonly logins: LoginRepository,
    private readonly clock: Clock,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    this.box = new SecretBox(identitySecrets(config), 'login-state');
    this.throttle = new CollectThrottle(() => config.get('LOGIN_COLLECT_INTERVAL_MS', { infer: true }));
  }

  async start(input: StartLogin): Promise<LoginView> {
    const provider = this.provider(input.provider);
    const handle = randomSecret();
    const id = sha256(handle);
    // Same device: the app returns the user to the portal with a nonce of this login, which only the browser
    // that started it can redeem (POST /v1/logins/:id/return); the session waits for that return.
    const nonce = input.method === 'same-device' ? randomSecret() : undefined;
    const returnUrl = nonce ? this.returnUrl(input.returnTo, nonce) : undefined;
    let order: StartedOrder;
    try {
      order = await provider.start({
        endUserIp: input.endUserIp,
        method: input.method,
        ...(returnUrl ? { returnUrl } : {}),
        device: this.webDevice(input),
      });
    } catch (err) {
      if (err instanceof EidProviderError) countEidOrder(input.provider, 'start-failed', err.code);
      throw startProblem(input.provider, input.method, err, 'sign-in', this.logger);
    }
    countEidOrder(input.provider, 'started');
    const now = this.clock.now();
    const record: LoginRecord = {
      _id: id,
      bindingHash: sha256(input.binding),
      provider: input.provider,
      method: input.method,
      status: 'pending',
      hintCode: 'outstandingTransaction',
      sealedOrder: this.box.seal(JSON.stringify(order), id),
      ...(input.returnTo ? { returnTo: input.returnTo } : {}),
      ...(nonce && order.returnUrlSent ? { returnNonceHash: sha256(nonce) } : {}),
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + LOGIN_TTL_MS),
    };
    await this.logins.insert(record);
    return this.view(handle, record, order, provider, now);
  }

  /**
   * The login's state. Asks the provider at most once per LOGIN_COLLECT_INTERVAL_MS per instance, however
   * many tabs poll (with N replicas and no sticky sessions, up to N times); writes only what changed.
   */
  async poll(handle: string, binding: string): Promise<LoginView> {
    const id = sha256(handle);
    const now = this.clock.now();
    const record = await this.bound(id, binding, now);
    const provider = this.provider(record.provider);
    const order = this.order(record);
    const current = record.status === 'pending' && this.throttle.due(id, now) ? await this.collect(id, record, order, provider) : record;
    if (current.status !== 'pending') this.throttle.forget(id);
    return this.view(handle, current, order, provider, this.clock.now());
  }

  async cancel(handle: string, binding: string): Promise<LoginView> {
    const id = sha256(handle);
    const now = this.clock.now();
    const record = await this.bound(id, binding, now);
    const provider = this.provider(record.provider);
    const order = this.order(record);
    if (record.status === 'pending') {
      try {
        await provider.cancel(order);
      } catch (err) {
        // The order may already have ended at the provider (a double cancel is invalidParameters): ours ends anyway.
        if (!(err instanceof EidProviderError)) throw err;
        this.logger.warn(`cancel at ${record.provider}: ${err.code}`);
      }
      if (await this.logins.finish(id, 'cancelled', 'cancelled', now)) countEidOrder(record.provider, 'cancelled');
      this.throttle.forget(id);
    }
    return this.view(handle, { ...record, status: record.status === 'pending' ? 'cancelled' : record.status }, order, provider, now);
  }

  /**
   * The BankID app returned the user to this browser with the login's nonce (same device, RP API 6.1
   * `returnUrl`). Another browser, a wrong nonce or a login without one finds nothing.
   */
  async returned(handle: string, binding: string, nonce: string): Promise<LoginView> {
    const id = sha256(handle);
    const now = this.clock.now();
    const record = await this.logins.markReturned(id, sha256(binding), sha256(nonce), now);
    if (!record || record.provider === 'siths') throw Problems.notFound('A same-device sign-in with this id and nonce for this browser');
    return this.view(handle, record, this.order(record), this.provider(record.provider), now);
  }

  /**
   * Single use: the verified identity of a complete login, for the browser that started it; then never again.
   * A same-device login whose app has not yet come back to this browser (the nonce) is not handed over: the
   * app may have completed on another device, for someone who was sent the launch link.
   */
  async consume(handle: string, binding: string): Promise<VerifiedIdentity> {
    const id = sha256(handle);
    const now = this.clock.now();
    const record = await this.logins.consume(id, sha256(binding), now);
    if (!record?.sealedIdentity) {
      const waiting = await this.logins.findBound(id, sha256(binding), now);
      if (waiting?.status === 'complete' && waiting.returnNonceHash && !waiting.returnedAt)
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'eid/return-pending',
          'The app has not returned to this browser',
          'The sign-in is complete, but the BankID app has not sent you back to this browser yet. Return from the app to the page it opens.',
        );
      throw Problems.notFound('A completed sign-in with this id for this browser');
    }
    return JSON.parse(this.box.open(record.sealedIdentity, id)) as VerifiedIdentity;
  }

  /** Asks the provider and stores what changed (a repeated pending hint is not written again); returns the login as it now stands. */
  private async collect(id: string, record: LoginRecord, order: StartedOrder, provider: OrderEidProvider): Promise<LoginRecord> {
    const pending = async (hintCode: string) => {
      if (hintCode !== record.hintCode) await this.logins.setPending(id, hintCode, this.clock.now());
      return { ...record, hintCode };
    };
    const finish = async (status: 'failed' | 'complete', hintCode: string, sealedIdentity?: string) => {
      // Another replica may have finished it meanwhile: then read what it stored.
      if (await this.logins.finish(id, status, hintCode, this.clock.now(), sealedIdentity)) {
        countEidOrder(record.provider, status, status === 'failed' ? hintCode : '');
        return { ...record, status, hintCode };
      }
      return (await this.logins.findBound(id, record.bindingHash, this.clock.now())) ?? { ...record, status, hintCode };
    };
    try {
      const result = await provider.collect(order);
      if (result.status === 'pending') return await pending(result.hintCode);
      if (result.status === 'failed') return await finish('failed', result.hintCode);
      return await finish('complete', 'complete', this.box.seal(JSON.stringify(result.identity), id));
    } catch (err) {
      if (!(err instanceof EidProviderError)) throw err;
      if (TRANSIENT_EID_ERRORS.has(err.code)) {
        this.logger.warn(`collect at ${record.provider} failed, will retry: ${err.code}`);
        return pending(`error:${err.code}`);
      }
      // The order is gone at the provider (collected too late, unknown) or the answer cannot be trusted.
      this.logger.warn(`collect at ${record.provider} ended the login: ${err.code}`);
      return finish('failed', err.code === 'invalidParameters' ? 'expiredTransaction' : `error:${err.code}`);
    }
  }

  private async view(handle: string, record: LoginRecord, order: StartedOrder, provider: OrderEidProvider, now: Date): Promise<LoginView> {
    const status = record.status === 'consumed' ? 'complete' : record.status;
    const hint = splitHint(record.hintCode);
    const { hintCode, errorCode } = hint;
    const method = record.method as StartMethod;
    const message = userMessage({
      provider: record.provider as 'bankid' | 'freja',
      status: status === 'pending' ? 'pending' : 'failed',
      ...(hintCode && status !== 'complete' ? { hintCode } : {}),
      ...(errorCode ? { errorCode } : {}),
      method,
    });
    const view: LoginView = {
      loginId: handle,
      provider: record.provider as 'bankid' | 'freja',
      method,
      status,
      ...(hintCode && status !== 'complete' ? { hintCode } : {}),
      message: status === 'complete' ? COMPLETE_MESSAGE : message,
      ...(record.returnNonceHash ? { returned: Boolean(record.returnedAt) } : {}),
    };
    if (status !== 'pending') return view;
    return { ...view, ...(await pendingExtras(provider, order, method, hint, now)) };
  }

  private async bound(id: string, binding: string, now: Date): Promise<LoginRecord> {
    const record = await this.logins.findBound(id, sha256(binding), now);
    // An unknown, expired or foreign handle all read the same: nothing to learn by guessing.
    if (!record || record.provider === 'siths') throw Problems.notFound('A sign-in with this id for this browser');
    return record;
  }

  private order(record: LoginRecord): StartedOrder {
    const order = JSON.parse(this.box.open(record.sealedOrder, record._id)) as StartedOrder;
    return { ...order, startedAt: new Date(order.startedAt) };
  }

  private provider(name: string): OrderEidProvider {
    const provider = this.providers.get(name);
    if (!provider)
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'provider-not-configured',
        'This e-ID is not offered',
        `${name} is not configured here; offered: ${this.providers.names().join(', ') || 'none'}.`,
      );
    return provider;
  }

  /** Where the app sends the user back on this device: the portal, with the login's return nonce (never the login id). */
  private returnUrl(returnTo: string | undefined, nonce: string): string {
    const url = new URL(returnTo ?? '/', this.config.get('PORTAL_URL', { infer: true }));
    url.searchParams.set(RETURN_NONCE_PARAM, nonce);
    return url.toString();
  }

  /**
   * BankID `web`: our portal's domain, the browser's User-Agent, and an identifier of the browser that is
   * a keyed hash of its binding cookie (BankID never sees the cookie, and cannot link it across RPs).
   */
  private webDevice(input: StartLogin): { referringDomain: string; userAgent?: string; deviceIdentifier: string } {
    return {
      referringDomain: new URL(this.config.get('PORTAL_URL', { infer: true })).hostname,
      ...(input.userAgent ? { userAgent: input.userAgent.slice(0, 256) } : {}),
      deviceIdentifier: createHmac('sha256', this.config.get('IDENTITY_KEY_SECRET', { infer: true }))
        .update(`bankid-device:${input.binding}`)
        .digest('base64url'),
    };
  }
}

const COMPLETE_MESSAGE: UserMessage = { code: 'complete', sv: 'Du är identifierad.', en: 'You are identified.' };

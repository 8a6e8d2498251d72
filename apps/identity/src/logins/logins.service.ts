import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import QRCode from 'qrcode';
import { randomSecret, SecretBox, sha256 } from '../common/secret-box.js';
import type { IdentityEnv } from '../config/identity-env.js';
import {
  EidProviderError,
  type OrderEidProvider,
  type StartedOrder,
  type StartMethod,
  type VerifiedIdentity,
} from '../eid/eid-provider.js';
import { OrderProviders } from '../eid/order-providers.js';
import { type UserMessage, userMessage } from '../eid/user-messages.js';
import { LoginRepository } from './persistence/login.repository.js';
import type { LoginRecord } from './persistence/login.schema.js';

export const POLL_AFTER_MS = 2_000;
/** Logins whose last collect time is remembered; beyond this the oldest are forgotten (and may be collected early once). */
const MAX_TRACKED_LOGINS = 100_000;
/** A login (and its result) lives this long; the provider ends the order long before (BankID ~3 min, Freja 2 min). */
const LOGIN_TTL_MS = 10 * 60_000;
/** Provider errors that are worth another poll: the order may still be alive. */
const TRANSIENT = new Set(['unavailable', 'internalError', 'maintenance', 'requestTimeout', 'tooManyRequests']);

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
}

export interface StartLogin {
  provider: 'bankid' | 'freja';
  method: StartMethod;
  endUserIp: string;
  returnTo?: string;
  /** The browser's binding secret (cookie); a new one is made when absent. */
  binding: string;
}

/**
 * BankID and Freja sign-ins: start an order, answer polls with the provider's state, a user message
 * (sv/en) and a fresh QR code, cancel, and hand the verified identity over exactly once.
 */
@Injectable()
export class LoginsService {
  private readonly logger = new Logger(LoginsService.name);
  private readonly box: SecretBox;
  /** When each pending login was last collected here (insertion-ordered: the oldest is dropped first). */
  private readonly lastCollect = new Map<string, number>();

  constructor(
    private readonly providers: OrderProviders,
    private readonly logins: LoginRepository,
    private readonly clock: Clock,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    this.box = new SecretBox(config.get('IDENTITY_KEY_SECRET', { infer: true }), 'login-state');
  }

  async start(input: StartLogin): Promise<LoginView> {
    const provider = this.provider(input.provider);
    const handle = randomSecret();
    const id = sha256(handle);
    const returnUrl = input.method === 'same-device' ? this.returnUrl(input.returnTo, handle) : undefined;
    let order: StartedOrder;
    try {
      order = await provider.start({ endUserIp: input.endUserIp, method: input.method, ...(returnUrl ? { returnUrl } : {}) });
    } catch (err) {
      throw this.startProblem(input.provider, input.method, err);
    }
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
    const current = record.status === 'pending' && this.collectDue(id, now) ? await this.collect(id, record, order, provider) : record;
    if (current.status !== 'pending') this.lastCollect.delete(id);
    return this.view(handle, current, order, provider, this.clock.now());
  }

  private collectDue(id: string, now: Date): boolean {
    const last = this.lastCollect.get(id);
    if (last !== undefined && now.getTime() - last < this.config.get('LOGIN_COLLECT_INTERVAL_MS', { infer: true })) return false;
    if (this.lastCollect.size >= MAX_TRACKED_LOGINS) this.lastCollect.delete(this.lastCollect.keys().next().value!);
    this.lastCollect.delete(id);
    this.lastCollect.set(id, now.getTime());
    return true;
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
      await this.logins.finish(id, 'cancelled', 'cancelled', now);
      this.lastCollect.delete(id);
    }
    return this.view(handle, { ...record, status: record.status === 'pending' ? 'cancelled' : record.status }, order, provider, now);
  }

  /** Single use: the verified identity of a complete login, for the browser that started it; then never again. */
  async consume(handle: string, binding: string): Promise<VerifiedIdentity> {
    const id = sha256(handle);
    const record = await this.logins.consume(id, sha256(binding), this.clock.now());
    if (!record?.sealedIdentity) throw Problems.notFound('A completed sign-in with this id for this browser');
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
      if (await this.logins.finish(id, status, hintCode, this.clock.now(), sealedIdentity)) return { ...record, status, hintCode };
      return (await this.logins.findBound(id, record.bindingHash, this.clock.now())) ?? { ...record, status, hintCode };
    };
    try {
      const result = await provider.collect(order);
      if (result.status === 'pending') return await pending(result.hintCode);
      if (result.status === 'failed') return await finish('failed', result.hintCode);
      return await finish('complete', 'complete', this.box.seal(JSON.stringify(result.identity), id));
    } catch (err) {
      if (!(err instanceof EidProviderError)) throw err;
      if (TRANSIENT.has(err.code)) {
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
    const rawHint = record.hintCode ?? 'outstandingTransaction';
    const errorCode = rawHint.startsWith('error:') ? rawHint.slice('error:'.length) : undefined;
    const hintCode = errorCode ? undefined : rawHint;
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
    };
    if (status !== 'pending') return view;
    view.pollAfterMs = POLL_AFTER_MS;
    if (method === 'qr' && (hintCode === 'outstandingTransaction' || hintCode === 'noClient' || errorCode)) {
      const content = provider.qrContent(order, now);
      if (content) view.qr = { content, svg: await QRCode.toString(content, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 }) };
    }
    if (method === 'same-device') {
      const url = provider.launchUrl(order, record.returnTo ? this.returnUrl(record.returnTo, handle) : undefined);
      if (url) view.autoStartUrl = url;
    }
    return view;
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

  /** Where the app sends the user back on this device: the portal, with the login id as the nonce. */
  private returnUrl(returnTo: string | undefined, handle: string): string {
    const url = new URL(returnTo ?? '/', this.config.get('PORTAL_URL', { infer: true }));
    url.searchParams.set('login', handle);
    return url.toString();
  }

  private startProblem(provider: string, method: StartMethod, err: unknown): ProblemException {
    if (!(err instanceof EidProviderError)) throw err;
    const message = userMessage({ provider: provider as 'bankid' | 'freja', status: 'failed', errorCode: err.code, method });
    if (err.code === 'alreadyInProgress')
      return new ProblemException(
        HttpStatus.CONFLICT,
        'eid/already-in-progress',
        'A sign-in is already in progress',
        message.en,
        undefined,
        { message },
      );
    this.logger.warn(`start at ${provider} failed: ${err.code}`);
    return new ProblemException(
      HttpStatus.SERVICE_UNAVAILABLE,
      'eid/unavailable',
      `${provider} could not start a sign-in`,
      message.en,
      undefined,
      { message },
    );
  }
}

const COMPLETE_MESSAGE: UserMessage = { code: 'complete', sv: 'Du är identifierad.', en: 'You are identified.' };

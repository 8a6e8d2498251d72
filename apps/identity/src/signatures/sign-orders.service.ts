import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  SIGN_ASSERTION_AUDIENCE,
  SIGN_ASSERTION_TYPE,
  type SignAssertionClaims,
  type SignEvidence,
  signedTextDigest,
  signEvidenceDigest,
} from '@insyn/auth';
import { ProblemException, Problems } from '@insyn/observability';
import type { SubjectKeyRing } from '@insyn/person';
import { Clock, IdGenerator } from '@insyn/platform';
import { SignJWT } from 'jose';
import { randomSecret, identitySecrets, SecretBox, sha256 } from '../common/secret-box.js';
import { subjectKeyRing } from '../common/subject-keys.js';
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
import { KeyRing } from '../keys/key-ring.js';
import { SignOrderRepository } from './persistence/sign-order.repository.js';
import type { SignOrderRecord } from './persistence/sign-order.schema.js';

/** A sign order lives this long; BankID ends the order after about three minutes. */
const SIGN_ORDER_TTL_MS = 10 * 60_000;
/** How long a sign assertion is good for: long enough to hand it to the service that asked, no longer. */
export const SIGN_ASSERTION_TTL_S = 300;
/** Our hint for a signature made by another person than the one signed in: refused, nothing handed over. */
export const SIGNER_MISMATCH = 'signerMismatch';

/** What a completed order hands to the person who started it, to pass on to the service that asked. */
export interface SignResult {
  /** The sign assertion: a compact JWS under identity's token keys ({@link SignAssertionClaims}). */
  assertion: string;
  evidence: SignEvidence;
  completedAt: string;
}

export interface SignOrderView {
  orderId: string;
  provider: 'bankid';
  method: StartMethod;
  status: 'pending' | 'failed' | 'complete' | 'cancelled';
  hintCode?: string;
  message: UserMessage;
  /** SHA-256 (base64url) of the text being signed. */
  textDigest: string;
  qr?: { content: string; svg: string };
  autoStartUrl?: string;
  pollAfterMs?: number;
  result?: SignResult;
}

export interface StartSignOrder {
  subjectKey: string;
  provider: 'bankid' | 'freja';
  method: StartMethod;
  text: string;
  endUserIp: string;
  userAgent?: string;
  /** A portal path the BankID app returns to (same device). */
  returnTo?: string;
}

const MISMATCH_MESSAGE: UserMessage = {
  code: SIGNER_MISMATCH,
  sv: 'Underskriften gjordes med en annan persons BankID än ditt. Inget har sparats. Skriv under med ditt eget BankID.',
  en: 'The signature was made with someone else’s BankID, not yours. Nothing has been saved. Sign with your own BankID.',
};
const COMPLETE_MESSAGE: UserMessage = { code: 'complete', sv: 'Du har skrivit under.', en: 'You have signed.' };

/**
 * Signing with BankID for the signed-in citizen (ADR 0012): start an order with the text to sign, answer
 * polls with the state, a user message and a fresh QR code, cancel; when complete and signed by the same
 * person as the token's (compared by subject key), hand over the signature evidence and a sign assertion
 * that the service she gives it to can verify against identity's JWKS. The text is never stored or logged,
 * only its digest; the order works only with the token of the person who started it.
 */
@Injectable()
export class SignOrdersService {
  private readonly logger = new Logger(SignOrdersService.name);
  private readonly box: SecretBox;
  private readonly subjectKeys: SubjectKeyRing;
  /** Collects each pending order at most once per LOGIN_COLLECT_INTERVAL_MS here, however many polls come. */
  private readonly throttle: CollectThrottle;

  constructor(
    private readonly providers: OrderProviders,
    private readonly orders: SignOrderRepository,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    this.box = new SecretBox(identitySecrets(config), 'sign-order');
    this.subjectKeys = subjectKeyRing(config);
    this.throttle = new CollectThrottle(() => config.get('LOGIN_COLLECT_INTERVAL_MS', { infer: true }));
  }

  async start(input: StartSignOrder): Promise<SignOrderView> {
    if (input.provider !== 'bankid')
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'sign/bankid-only',
        'Signing needs BankID',
        'Only BankID signs texts here; Freja eID signing is not offered. Sign with BankID.',
        [{ field: 'provider', messages: ['signing needs BankID'] }],
      );
    const provider = this.providers.get('bankid');
    // Like a sign-in with an e-ID this identity does not offer (400): a setting, not an outage to retry.
    if (!provider?.sign)
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'sign/unavailable', 'Signing is not offered', 'BankID is not configured here.');
    const handle = randomSecret();
    const id = sha256(handle);
    const returnUrl =
      input.method === 'same-device' && input.returnTo
        ? new URL(input.returnTo, this.config.get('PORTAL_URL', { infer: true })).toString()
        : undefined;
    let order: StartedOrder;
    try {
      order = await provider.sign({
        endUserIp: input.endUserIp,
        method: input.method,
        userVisibleText: input.text,
        ...(returnUrl ? { returnUrl } : {}),
        device: {
          referringDomain: new URL(this.config.get('PORTAL_URL', { infer: true })).hostname,
          ...(input.userAgent ? { userAgent: input.userAgent.slice(0, 256) } : {}),
        },
      });
    } catch (err) {
      throw startProblem('bankid', input.method, err, 'signing', this.logger);
    }
    const now = this.clock.now();
    const record: SignOrderRecord = {
      _id: id,
      subjectKey: input.subjectKey,
      provider: 'bankid',
      method: input.method,
      status: 'pending',
      hintCode: 'outstandingTransaction',
      textDigest: signedTextDigest(input.text),
      sealedOrder: this.box.seal(JSON.stringify(order), id),
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + SIGN_ORDER_TTL_MS),
    };
    await this.orders.insert(record);
    return this.view(handle, record, order, provider, now);
  }

  async poll(handle: string, subjectKeys: string[]): Promise<SignOrderView> {
    const id = sha256(handle);
    const now = this.clock.now();
    const record = await this.owned(id, subjectKeys, now);
    const provider = this.bankId();
    const order = this.order(record);
    const current = record.status === 'pending' && this.throttle.due(id, now) ? await this.collect(id, record, order, provider) : record;
    if (current.status !== 'pending') this.throttle.forget(id);
    return this.view(handle, current, order, provider, this.clock.now());
  }

  async cancel(handle: string, subjectKeys: string[]): Promise<SignOrderView> {
    const id = sha256(handle);
    const now = this.clock.now();
    const record = await this.owned(id, subjectKeys, now);
    const provider = this.bankId();
    const order = this.order(record);
    if (record.status !== 'pending') return this.view(handle, record, order, provider, now);
    try {
      await provider.cancel(order);
    } catch (err) {
      // The order may already have ended at BankID: ours ends anyway.
      if (!(err instanceof EidProviderError)) throw err;
      this.logger.warn(`sign cancel at bankid: ${err.code}`);
    }
    await this.orders.finish(id, 'cancelled', 'cancelled', now);
    this.throttle.forget(id);
    return this.view(handle, { ...record, status: 'cancelled', hintCode: 'cancelled' }, order, provider, now);
  }

  /** Asks BankID and stores what changed; returns the order as it now stands. */
  private async collect(id: string, record: SignOrderRecord, order: StartedOrder, provider: OrderEidProvider): Promise<SignOrderRecord> {
    const finish = async (status: 'failed' | 'complete', hintCode: string, sealedResult?: string): Promise<SignOrderRecord> => {
      if (await this.orders.finish(id, status, hintCode, this.clock.now(), sealedResult))
        return { ...record, status, hintCode, ...(sealedResult ? { sealedResult } : {}) };
      return (await this.orders.findOwned(id, [record.subjectKey], this.clock.now())) ?? { ...record, status, hintCode };
    };
    try {
      const result = await provider.collect(order);
      if (result.status === 'pending') {
        if (result.hintCode !== record.hintCode) await this.orders.setPending(id, result.hintCode, this.clock.now());
        return { ...record, hintCode: result.hintCode };
      }
      if (result.status === 'failed') return await finish('failed', result.hintCode);
      // Only the person signed in may sign for herself: the signer's subject key must be the token's (under
      // the current secret or, during a rotation, a previous one: ADR 0025).
      if (!this.subjectKeys.matches(result.identity.personalNumber, record.subjectKey)) {
        this.logger.warn('a sign order was signed by another person than the one who started it; refused');
        return await finish('failed', SIGNER_MISMATCH);
      }
      const signed = await this.signResult(record, order, result.identity);
      return await finish('complete', 'complete', this.box.seal(JSON.stringify(signed), id));
    } catch (err) {
      if (!(err instanceof EidProviderError)) throw err;
      if (TRANSIENT_EID_ERRORS.has(err.code)) {
        this.logger.warn(`sign collect at bankid failed, will retry: ${err.code}`);
        if (record.hintCode !== `error:${err.code}`) await this.orders.setPending(id, `error:${err.code}`, this.clock.now());
        return { ...record, hintCode: `error:${err.code}` };
      }
      this.logger.warn(`sign collect at bankid ended the order: ${err.code}`);
      return finish('failed', err.code === 'invalidParameters' ? 'expiredTransaction' : `error:${err.code}`);
    }
  }

  /** The evidence of a completed order and the assertion over it, signed with identity's current token key. */
  private async signResult(record: SignOrderRecord, order: StartedOrder, identity: VerifiedIdentity): Promise<SignResult> {
    const { signature, ocspResponse } = identity.evidence.data;
    if (!signature || !ocspResponse)
      throw new EidProviderError('bankid', 'invalidResponse', undefined, 'sign: no signature or OCSP response');
    const evidence: SignEvidence = { provider: 'bankid', signature, ocspResponse };
    const completedAt = this.clock.now();
    const now = Math.floor(completedAt.getTime() / 1000);
    const claims: Omit<SignAssertionClaims, 'iss' | 'aud' | 'sub' | 'iat' | 'exp' | 'jti'> = {
      sign: {
        provider: 'bankid',
        orderRef: order.ref,
        textDigest: record.textDigest,
        completedAt: completedAt.toISOString(),
        evidenceDigest: signEvidenceDigest(evidence),
      },
    };
    const { kid, privateKey } = this.keys.signingKey();
    const assertion = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES256', kid, typ: SIGN_ASSERTION_TYPE })
      .setIssuer(this.config.get('IDENTITY_ISSUER', { infer: true }))
      .setAudience(SIGN_ASSERTION_AUDIENCE)
      .setSubject(record.subjectKey)
      .setIssuedAt(now)
      .setExpirationTime(now + SIGN_ASSERTION_TTL_S)
      .setJti(this.ids.next())
      .sign(privateKey);
    return { assertion, evidence, completedAt: completedAt.toISOString() };
  }

  private async view(
    handle: string,
    record: SignOrderRecord,
    order: StartedOrder,
    provider: OrderEidProvider,
    now: Date,
  ): Promise<SignOrderView> {
    const status = record.status;
    const hint = splitHint(record.hintCode);
    const { hintCode, errorCode } = hint;
    const method = record.method;
    const message =
      status === 'complete'
        ? COMPLETE_MESSAGE
        : hintCode === SIGNER_MISMATCH
          ? MISMATCH_MESSAGE
          : userMessage({
              provider: 'bankid',
              status: status === 'pending' ? 'pending' : 'failed',
              ...(hintCode ? { hintCode } : {}),
              ...(errorCode ? { errorCode } : {}),
              method,
            });
    const view: SignOrderView = {
      orderId: handle,
      provider: 'bankid',
      method,
      status,
      ...(hintCode && status !== 'complete' ? { hintCode } : {}),
      message,
      textDigest: record.textDigest,
    };
    if (status === 'complete' && record.sealedResult)
      view.result = JSON.parse(this.box.open(record.sealedResult, record._id)) as SignResult;
    if (status !== 'pending') return view;
    return { ...view, ...(await pendingExtras(provider, order, method, hint, now)) };
  }

  private async owned(id: string, subjectKeys: string[], now: Date): Promise<SignOrderRecord> {
    const record = await this.orders.findOwned(id, subjectKeys, now);
    // Unknown, expired and another person's orders all read the same.
    if (!record) throw Problems.notFound('A sign order of yours with this id');
    return record;
  }

  private order(record: SignOrderRecord): StartedOrder {
    const order = JSON.parse(this.box.open(record.sealedOrder, record._id)) as StartedOrder;
    return { ...order, startedAt: new Date(order.startedAt) };
  }

  private bankId(): OrderEidProvider {
    const provider = this.providers.get('bankid');
    if (!provider)
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'sign/unavailable',
        'Signing is not offered',
        'BankID is not configured here.',
      );
    return provider;
  }
}

import type https from 'node:https';
import { parsePersonnummer } from '@insyn/person';
import type { Clock } from '@insyn/platform';
import {
  EidProviderError,
  OrderEidProvider,
  type CollectResult,
  type StartRequest,
  type StartedOrder,
  type VerifiedIdentity,
} from '../eid-provider.js';
import { bankIdQrContent, bankIdQrTime } from './bankid-qr.js';
import {
  createMtlsAgent,
  errorCodeForStatus,
  isRecord,
  parseJson,
  post,
  ReplyTooLargeError,
  TransportError,
  type HttpReply,
} from '../mtls-transport.js';

export interface BankIdOptions {
  /** The RP API base, version included: `https://appapi2.test.bankid.com/rp/v6.0` (test) or `https://appapi2.bankid.com/rp/v6.0`. */
  baseUrl: string;
  /** Our RP certificate issued for BankID (PEM). */
  clientCert: string | Buffer;
  /** Its private key (PEM). */
  clientKey: string | Buffer;
  /** BankID's SSL root (PEM): the only CA trusted for the API host. */
  ca: string | Buffer;
  /** Whole-call deadline per request (default 10 s). */
  timeoutMs?: number;
  maxSockets?: number;
  clock?: Clock;
  /** Ask for `completionData.risk` (RP API 6.1 `returnRisk`; default false). */
  returnRisk?: boolean;
  /** `requirement.pinCode`: the PIN even when the user has biometrics on (default false). */
  pinCode?: boolean;
  /** `requirement.mrtd`: the user scans a Swedish passport or national ID card (default false). */
  mrtd?: boolean;
}

/** `completionData.risk` values (RP API 6.1). */
const RISKS = new Set(['low', 'moderate', 'high']);

/** BankID's content type must be exactly this: a `charset` parameter gets 415 (research notes 1.1). */
const CONTENT_TYPE = 'application/json';

/**
 * BankID Relying Party API v6.0 over mutual TLS (research notes section 1). Start an order with
 * `start` (auth) or `sign`, show `qrContent` every second or open `launchUrl`, `collect` every 2 s
 * until it is no longer pending, `cancel` when the user gives up.
 */
export class BankIdProvider extends OrderEidProvider {
  readonly name = 'bankid' as const;
  private readonly agent: https.Agent;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly returnRisk: boolean;
  private readonly requirement: { pinCode?: true; mrtd?: true };

  constructor(options: BankIdOptions) {
    super();
    this.returnRisk = options.returnRisk === true;
    this.requirement = { ...(options.pinCode ? { pinCode: true as const } : {}), ...(options.mrtd ? { mrtd: true as const } : {}) };
    this.agent = createMtlsAgent(options);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? { now: () => new Date() };
  }

  start(request: StartRequest): Promise<StartedOrder> {
    return this.startOrder('auth', request);
  }

  override sign(request: StartRequest & { userVisibleText: string }): Promise<StartedOrder> {
    if (!request.userVisibleText) return Promise.reject(this.error('invalidParameters', undefined, 'sign needs userVisibleText'));
    return this.startOrder('sign', request);
  }

  async collect(order: StartedOrder): Promise<CollectResult> {
    const reply = await this.call('collect', { orderRef: order.ref });
    if (reply.orderRef !== order.ref) throw this.invalid('collect answered for another order');
    const hintCode = typeof reply.hintCode === 'string' && reply.hintCode !== '' ? reply.hintCode : 'unknown';
    switch (reply.status) {
      case 'pending':
        return { status: 'pending', hintCode };
      case 'failed':
        return { status: 'failed', hintCode };
      case 'complete':
        return { status: 'complete', identity: this.identity(order, reply.completionData) };
      default:
        throw this.invalid('collect status is not pending, failed or complete');
    }
  }

  async cancel(order: StartedOrder): Promise<void> {
    await this.call('cancel', { orderRef: order.ref });
  }

  qrContent(order: StartedOrder, now: Date): string | undefined {
    if (!order.qr) return undefined;
    return bankIdQrContent(order.qr.startToken, order.qr.startSecret, bankIdQrTime(order.startedAt, now));
  }

  /**
   * The same-device launch link. BankID knows several variants (research notes 1.6): the universal link
   * `https://app.bankid.com/?autostarttoken=…` for iOS Safari and Android Chrome/Edge, the scheme
   * `bankid:///?autostarttoken=…` elsewhere, and a `redirect` that differs per browser. Since RP API v6 the
   * app returns the user through the `returnUrl` sent with the order (which carries our session nonce)
   * and ignores the link's `redirect`, so we always send `redirect=null` and the scheme link, which works
   * on every platform. The `returnUrl` argument is therefore not used here; pass it to `start`.
   */
  launchUrl(order: StartedOrder, _returnUrl?: string): string | undefined {
    if (!order.autoStartToken) return undefined;
    return `bankid:///?autostarttoken=${encodeURIComponent(order.autoStartToken)}&redirect=null`;
  }

  /** Closes idle keep-alive connections (for shutdown and tests). */
  close(): void {
    this.agent.destroy();
  }

  private async startOrder(endpoint: 'auth' | 'sign', request: StartRequest): Promise<StartedOrder> {
    const body: Record<string, unknown> = { endUserIp: request.endUserIp };
    if (request.userVisibleText) {
      body.userVisibleData = Buffer.from(request.userVisibleText, 'utf8').toString('base64');
      body.userVisibleDataFormat = 'simpleMarkdownV1';
    }
    if (request.userNonVisibleData) body.userNonVisibleData = Buffer.from(request.userNonVisibleData, 'utf8').toString('base64');
    // returnUrl is for orders the app starts through the autostart token; the QR flow has no return.
    const returnUrlSent = request.method === 'same-device' && Boolean(request.returnUrl);
    if (returnUrlSent) body.returnUrl = request.returnUrl;
    if (this.returnRisk) body.returnRisk = true;
    const web = webDevice(request.device);
    if (web) body.web = web;
    const requirement: Record<string, unknown> = { ...this.requirement };
    if (request.personalNumber !== undefined) {
      const parsed = parsePersonnummer(request.personalNumber);
      if (!parsed.ok) throw this.error('invalidParameters', undefined, `personalNumber is not valid (${parsed.reason})`);
      requirement.personalNumber = parsed.value.normalized;
    }
    if (Object.keys(requirement).length > 0) body.requirement = requirement;

    const reply = await this.call(endpoint, body);
    const { orderRef, autoStartToken, qrStartToken, qrStartSecret } = reply;
    if (!isText(orderRef) || !isText(autoStartToken) || !isText(qrStartToken) || !isText(qrStartSecret)) {
      throw this.invalid(`${endpoint} reply lacks orderRef, autoStartToken, qrStartToken or qrStartSecret`);
    }
    return {
      provider: 'bankid',
      ref: orderRef,
      startedAt: this.clock.now(),
      qr: { startToken: qrStartToken, startSecret: qrStartSecret },
      autoStartToken,
      ...(Object.keys(this.requirement).length > 0 ? { requirement: { ...this.requirement } } : {}),
      ...(returnUrlSent ? { returnUrlSent: true } : {}),
    };
  }

  private identity(order: StartedOrder, data: unknown): VerifiedIdentity {
    if (!isRecord(data) || !isRecord(data.user) || !isRecord(data.device)) throw this.invalid('completionData lacks user or device');
    const { user, device, signature, ocspResponse, bankIdIssueDate } = data;
    const { personalNumber, givenName, surname, name } = user;
    if (!isText(personalNumber) || !isText(givenName) || !isText(surname) || !isText(name)) {
      throw this.invalid('completionData.user is incomplete');
    }
    if (!isText(signature) || !isText(ocspResponse) || !isText(bankIdIssueDate) || !isText(device.ipAddress)) {
      throw this.invalid('completionData lacks signature, ocspResponse, bankIdIssueDate or device.ipAddress');
    }
    const parsed = parsePersonnummer(personalNumber, { now: this.clock.now() });
    if (!parsed.ok || parsed.value.normalized !== personalNumber)
      throw this.invalid('completionData.user.personalNumber is not 12 valid digits');

    const evidence: Record<string, string> = {
      orderRef: order.ref,
      signature,
      ocspResponse,
      bankIdIssueDate,
      deviceIpAddress: device.ipAddress,
    };
    if (isText(device.uhi)) evidence.deviceUhi = device.uhi;
    if (isText(data.risk)) evidence.risk = data.risk;
    if (isRecord(data.stepUp) && typeof data.stepUp.mrtd === 'boolean') evidence.stepUpMrtd = String(data.stepUp.mrtd);
    const mrtd = isRecord(data.stepUp) && data.stepUp.mrtd === true;
    // The order required an ID document: a result without the scan did not meet it.
    if (order.requirement?.mrtd && !mrtd) throw this.invalid('the order required mrtd, but completionData.stepUp.mrtd is not true');
    if (data.risk !== undefined && !(typeof data.risk === 'string' && RISKS.has(data.risk)))
      throw this.invalid('completionData.risk is not low, moderate or high');
    const assurance = {
      ...(typeof data.risk === 'string' ? { risk: data.risk } : {}),
      ...(order.requirement?.mrtd ? { mrtd } : {}),
      ...(order.requirement?.pinCode ? { pinCode: true } : {}),
    };
    return {
      provider: 'bankid',
      personalNumber,
      // As given: some banks send upper case, and we do not guess at the right capitalisation.
      givenName,
      surname,
      name,
      loa: 3,
      ...(Object.keys(assurance).length > 0 ? { assurance } : {}),
      evidence: { kind: 'bankid-signature', data: evidence },
    };
  }

  /** POSTs to `<baseUrl>/<endpoint>` and returns the JSON object of a 200, or throws EidProviderError. */
  private async call(endpoint: 'auth' | 'sign' | 'collect' | 'cancel', body: object): Promise<Record<string, unknown>> {
    let reply: HttpReply;
    try {
      reply = await post(this.agent, new URL(`${this.baseUrl}/${endpoint}`), JSON.stringify(body), CONTENT_TYPE, this.timeoutMs);
    } catch (error) {
      if (error instanceof ReplyTooLargeError) throw this.invalid(`${endpoint}: ${error.message}`);
      const detail = error instanceof TransportError ? error.message : String(error);
      throw this.error('unavailable', undefined, `${endpoint}: ${detail}`);
    }
    const json = parseJson(reply.body);
    if (reply.status === 200) {
      if (!isRecord(json)) throw this.invalid(`${endpoint}: the reply is not a JSON object`, 200);
      return json;
    }
    if (isRecord(json) && isText(json.errorCode)) {
      const details = typeof json.details === 'string' ? json.details : '';
      throw this.error(json.errorCode, reply.status, `${endpoint}: ${details}`);
    }
    throw this.error(errorCodeForStatus(reply.status), reply.status, `${endpoint}: HTTP ${reply.status} without a BankID error body`);
  }

  private error(code: string, httpStatus: number | undefined, detail: string): EidProviderError {
    return new EidProviderError('bankid', code, httpStatus, detail);
  }

  private invalid(detail: string, httpStatus?: number): EidProviderError {
    return this.error('invalidResponse', httpStatus, detail);
  }
}

/** BankID's `web` object, its limits applied (userAgent ≤ 256, deviceIdentifier ≤ 64); undefined when empty. */
function webDevice(device: StartRequest['device']): Record<string, string> | undefined {
  if (!device) return undefined;
  const web: Record<string, string> = {};
  if (device.referringDomain) web.referringDomain = device.referringDomain.slice(0, 255);
  if (device.userAgent) web.userAgent = device.userAgent.slice(0, 256);
  if (device.deviceIdentifier) web.deviceIdentifier = device.deviceIdentifier.slice(0, 64);
  return Object.keys(web).length > 0 ? web : undefined;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

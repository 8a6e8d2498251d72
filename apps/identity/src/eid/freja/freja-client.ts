import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import type https from 'node:https';
import { compactVerify, decodeProtectedHeader } from 'jose';
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

export type FrejaRegistrationLevel = 'EXTENDED' | 'PLUS';

export interface FrejaOptions {
  /** `https://services.test.frejaeid.com` (test) or `https://services.prod.frejaeid.com`. */
  baseUrl: string;
  /** Our RP certificate issued by Freja (PEM). */
  clientCert: string | Buffer;
  clientKey: string | Buffer;
  /** Freja's server CA (PEM): the only CA trusted for the API host. */
  ca: string | Buffer;
  /** The certificates Freja signs results with (PEM), looked up by the JWS header `x5t`. */
  jwsCertificates: (string | Buffer)[];
  /** The lowest registration level accepted (default PLUS, LoA 3). EXTENDED gives LoA 2. */
  minRegistrationLevel?: FrejaRegistrationLevel;
  timeoutMs?: number;
  maxSockets?: number;
  clock?: Clock;
}

/** Freja's statuses in the port's (BankID's) hint vocabulary, as documented on CollectResult. */
const PENDING: Record<string, string> = { STARTED: 'outstandingTransaction', DELIVERED_TO_MOBILE: 'userSign' };
const FAILED: Record<string, string> = {
  CANCELED: 'userCancel',
  RP_CANCELED: 'cancelled',
  EXPIRED: 'expiredTransaction',
  REJECTED: 'certificateErr',
};

/** Freja's numeric error codes (FrejaEidErrorCode.java; research notes 2.2) in the port's vocabulary. */
const ERROR_CODES: Record<number, string> = {
  0: 'internalError',
  1000: 'invalidParameters',
  1001: 'invalidParameters',
  1002: 'invalidParameters',
  1004: 'unauthorized',
  1007: 'invalidParameters',
  1008: 'unauthorized',
  1010: 'invalidParameters',
  1100: 'invalidParameters',
  1200: 'invalidParameters',
  // "Authentication init refused": another authentication for this user is running (or was refused for
  // security reasons); Freja cancels both, as BankID does with alreadyInProgress.
  2000: 'alreadyInProgress',
  2002: 'invalidParameters',
  2003: 'invalidParameters',
};

const ATTRIBUTES = ['BASIC_USER_INFO', 'SSN', 'REGISTRATION_LEVEL', 'LOA_LEVEL'] as const;
const CONTENT_TYPE = 'application/json';

/**
 * Freja eID relying-party REST API, personal authentication (research notes section 2). Every call is a
 * POST of `<name>=<base64(JSON)>` sent as `application/json`, as Freja's own client does. A result is
 * trusted only after its `details` JWS verifies with an allow-listed certificate, and the identity is
 * read from the signed payload, never from the unsigned copy beside it.
 */
export class FrejaProvider extends OrderEidProvider {
  readonly name = 'freja' as const;
  private readonly agent: https.Agent;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly minRegistrationLevel: FrejaRegistrationLevel;
  private readonly jwsKeys: Map<string, { key: KeyObject; certificate: X509Certificate }>;

  constructor(options: FrejaOptions) {
    super();
    this.agent = createMtlsAgent(options);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? { now: () => new Date() };
    this.minRegistrationLevel = options.minRegistrationLevel ?? 'PLUS';
    if (options.jwsCertificates.length === 0) throw new TypeError('Freja: at least one JWS signing certificate is required');
    this.jwsKeys = new Map(
      options.jwsCertificates.map((pem) => {
        const certificate = new X509Certificate(pem);
        return [frejaX5t(certificate), { key: certificate.publicKey, certificate }];
      }),
    );
  }

  async start(request: StartRequest): Promise<StartedOrder> {
    let userInfoType = 'INFERRED';
    let userInfo = 'N/A';
    if (request.personalNumber !== undefined) {
      const parsed = parsePersonnummer(request.personalNumber);
      if (!parsed.ok) throw this.error('invalidParameters', undefined, `personalNumber is not valid (${parsed.reason})`);
      userInfoType = 'SSN';
      userInfo = base64Json({ country: 'SE', ssn: parsed.value.normalized });
    }
    const reply = await this.call('/authentication/1.0/initAuthentication', 'initAuthRequest', {
      userInfoType,
      userInfo,
      minRegistrationLevel: this.minRegistrationLevel,
      attributesToReturn: ATTRIBUTES.map((attribute) => ({ attribute })),
    });
    if (!isText(reply.authRef)) throw this.invalid('initAuthentication reply lacks authRef');
    return { provider: 'freja', ref: reply.authRef, startedAt: this.clock.now() };
  }

  async collect(order: StartedOrder): Promise<CollectResult> {
    const reply = await this.call('/authentication/1.0/getOneResult', 'getOneAuthResultRequest', { authRef: order.ref });
    if (reply.authRef !== order.ref) throw this.invalid('getOneResult answered for another authRef');
    const status = reply.status;
    if (!isText(status)) throw this.invalid('getOneResult reply lacks status');
    if (status === 'APPROVED') return { status: 'complete', identity: await this.identity(order, reply.details) };
    const failed = FAILED[status];
    if (failed) return { status: 'failed', hintCode: failed };
    // An unknown status passes through as pending: polling a final state a little longer is harmless,
    // failing every sign-in on a new intermediate state is not. It never grants anything.
    return { status: 'pending', hintCode: PENDING[status] ?? status };
  }

  /** Signing (Freja's /sign/1.0 API) is not implemented: sign-in needs only authentication. */

  async cancel(order: StartedOrder): Promise<void> {
    await this.call('/authentication/1.0/cancel', 'cancelAuthRequest', { authRef: order.ref });
  }

  /** The static Freja link; the app binds the user to the transaction when it reads it. */
  qrContent(order: StartedOrder, _now: Date): string | undefined {
    return frejaAppLink(order.ref);
  }

  launchUrl(order: StartedOrder, _returnUrl?: string): string | undefined {
    return frejaAppLink(order.ref);
  }

  close(): void {
    this.agent.destroy();
  }

  /** Verifies the result JWS and reads the identity from its signed payload. */
  private async identity(order: StartedOrder, details: unknown): Promise<VerifiedIdentity> {
    if (!isText(details)) throw this.invalid('APPROVED without a details JWS');
    let x5t: unknown;
    try {
      x5t = decodeProtectedHeader(details).x5t;
    } catch {
      throw this.invalid('details is not a compact JWS');
    }
    const signer = typeof x5t === 'string' ? this.jwsKeys.get(x5t) : undefined;
    if (!signer) throw this.invalid('details is signed with a certificate that is not on the allow-list (x5t)');
    const now = this.clock.now();
    if (now < new Date(signer.certificate.validFrom) || now > new Date(signer.certificate.validTo)) {
      throw this.invalid('the JWS signing certificate is not valid now');
    }

    let payloadBytes: Uint8Array;
    try {
      ({ payload: payloadBytes } = await compactVerify(details, signer.key, { algorithms: ['RS256'] }));
    } catch (error) {
      throw this.invalid(`details JWS does not verify: ${error instanceof Error ? error.name : 'error'}`);
    }
    const payload = parseJson(Buffer.from(payloadBytes).toString('utf8'));
    if (!isRecord(payload)) throw this.invalid('the JWS payload is not a JSON object');
    if (payload.status !== 'APPROVED') throw this.invalid('the signed status is not APPROVED');
    if (payload.authRef !== order.ref) throw this.invalid('the signed authRef is not this order’s');

    const attributes = isRecord(payload.requestedAttributes) ? payload.requestedAttributes : {};
    const { basicUserInfo, ssn, registrationLevel } = attributes;
    if (!isRecord(basicUserInfo) || !isText(basicUserInfo.name) || !isText(basicUserInfo.surname)) {
      throw this.invalid('the signed payload lacks basicUserInfo');
    }
    if (!isRecord(ssn) || ssn.country !== 'SE' || !isText(ssn.ssn)) throw this.invalid('the signed payload lacks a Swedish ssn');
    const parsed = parsePersonnummer(ssn.ssn, { now });
    if (!parsed.ok || parsed.value.normalized !== ssn.ssn) throw this.invalid('the signed ssn is not 12 valid digits');

    const loa = registrationLevel === 'PLUS' ? 3 : registrationLevel === 'EXTENDED' ? 2 : undefined;
    if (loa === undefined) throw this.invalid('the signed registrationLevel is neither EXTENDED nor PLUS');
    if (this.minRegistrationLevel === 'PLUS' && loa < 3) throw this.invalid('registrationLevel below the required PLUS');

    const givenName = basicUserInfo.name;
    const surname = basicUserInfo.surname;
    return {
      provider: 'freja',
      personalNumber: ssn.ssn,
      givenName,
      surname,
      name: `${givenName} ${surname}`,
      loa,
      // Kept with the sign-in, as BankID's risk is: what we asked for and what Freja signed.
      assurance: { minRegistrationLevel: this.minRegistrationLevel, registrationLevel: registrationLevel as string },
      evidence: { kind: 'freja-jws', data: { authRef: order.ref, x5t: x5t as string, jws: details } },
    };
  }

  /** POSTs `<param>=<base64(JSON)>`; returns the JSON object of a 200, `{}` for 204, or throws EidProviderError. */
  private async call(path: string, param: string, body: object): Promise<Record<string, unknown>> {
    let reply: HttpReply;
    try {
      reply = await post(this.agent, new URL(this.baseUrl + path), `${param}=${base64Json(body)}`, CONTENT_TYPE, this.timeoutMs);
    } catch (error) {
      if (error instanceof ReplyTooLargeError) throw this.invalid(`${path}: ${error.message}`);
      const detail = error instanceof TransportError ? error.message : String(error);
      throw this.error('unavailable', undefined, `${path}: ${detail}`);
    }
    if (reply.status === 204 || (reply.status === 200 && reply.body.trim() === '')) return {};
    const json = parseJson(reply.body);
    if (reply.status === 200) {
      if (!isRecord(json)) throw this.invalid(`${path}: the reply is not a JSON object`, 200);
      return json;
    }
    if (isRecord(json) && typeof json.code === 'number') {
      const code = ERROR_CODES[json.code] ?? `freja-${json.code}`;
      const message = typeof json.message === 'string' ? json.message : '';
      throw this.error(code, reply.status, `${path}: Freja code ${json.code}: ${message}`);
    }
    throw this.error(errorCodeForStatus(reply.status), reply.status, `${path}: HTTP ${reply.status} without a Freja error body`);
  }

  private error(code: string, httpStatus: number | undefined, detail: string): EidProviderError {
    return new EidProviderError('freja', code, httpStatus, detail);
  }

  private invalid(detail: string, httpStatus?: number): EidProviderError {
    return this.error('invalidResponse', httpStatus, detail);
  }
}

/** The JWS `x5t` of a certificate: base64url of the SHA-1 of its DER. */
export function frejaX5t(certificate: X509Certificate): string {
  return createHash('sha1').update(certificate.raw).digest('base64url');
}

/** The Freja app link for a transaction (QR content and same-device launch). */
export function frejaAppLink(authRef: string): string {
  return `frejaeid://bindUserToTransaction?transactionReference=${encodeURIComponent(authRef)}`;
}

function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/**
 * The one adapter every Swedish e-ID sits behind. BankID and Freja are "order" providers: start an
 * order, show a QR code or launch the app on the same device, poll until it ends, or cancel. SITHS
 * goes through Inera's IdP over OpenID Connect (a redirect flow) and ends in the same VerifiedIdentity.
 */

export type EidProviderName = 'bankid' | 'freja' | 'siths';

/** How the user reaches the app: a QR code shown on another device, or the app on this device. */
export type StartMethod = 'qr' | 'same-device';

export interface StartRequest {
  /** The end user's IP as we see it (BankID requires it). */
  endUserIp: string;
  method: StartMethod;
  /** Same-device: where the app returns the user (BankID `returnUrl`; it carries a nonce bound to the browser session). */
  returnUrl?: string;
  /** Text shown in the app (BankID userVisibleData, simpleMarkdownV1). Required for signing. */
  userVisibleText?: string;
  /** Hidden data bound to the signature (BankID userNonVisibleData), as plain text; the provider encodes it. */
  userNonVisibleData?: string;
  /** Only this person may complete the order (12 digits), when the caller already knows who it is. */
  personalNumber?: string;
  /** The browser the user started from, for the provider's risk assessment (BankID `web`). */
  device?: WebDevice;
}

/** BankID RP API 6.1 `web`: the site, the browser and a hashed device id (never a raw cookie). */
export interface WebDevice {
  /** The domain of the site the user is on (ours), e.g. `minasidor.umea.se`. */
  referringDomain?: string;
  /** The browser's User-Agent, at most 256 characters. */
  userAgent?: string;
  /** A stable, hashed identifier of the browser, at most 64 characters. */
  deviceIdentifier?: string;
}

/**
 * How sure a sign-in is, beyond the LoA, as the provider reported it. Kept with the session (it holds no
 * personal data), unlike the sealed evidence. BankID: `risk` (asked with `returnRisk`), `mrtd` (the user
 * scanned a passport or ID card, `stepUp.mrtd`), `pinCode` (the order required the PIN, no biometrics).
 * Freja: the registration level asked for and the one in the signed result.
 */
export interface SignInAssurance {
  risk?: string;
  mrtd?: boolean;
  pinCode?: boolean;
  minRegistrationLevel?: string;
  registrationLevel?: string;
}

/** What we keep server-side about a started order. Secrets (QR secret) never reach the browser. */
export interface StartedOrder {
  provider: 'bankid' | 'freja';
  /** The provider's reference (BankID orderRef, Freja authRef). */
  ref: string;
  /** When the start response was received (the QR time counts from here). */
  startedAt: Date;
  /** BankID: qrStartToken/qrStartSecret; Freja dynamic QR: the qrCodeSecret with the ref as token. */
  qr?: { startToken: string; startSecret: string };
  /** Same-device launch token (BankID autoStartToken). */
  autoStartToken?: string;
  /** BankID: what the order required of the user (checked against the result). */
  requirement?: { pinCode?: boolean; mrtd?: boolean };
  /** The `returnUrl` went to the provider: the app returns the user there, and the login waits for that return. */
  returnUrlSent?: boolean;
}

/** Evidence of the sign-in kept for audit, never logged: BankID signature + OCSP, Freja JWS, the OIDC ID token. */
export interface IdentityEvidence {
  kind: 'bankid-signature' | 'freja-jws' | 'oidc-id-token';
  /** Raw provider material, base64 or compact JWS as received. */
  data: Record<string, string>;
}

/** One internal identity, whatever the provider. */
export interface VerifiedIdentity {
  provider: EidProviderName;
  /** 12 digits, no separator (personnummer or samordningsnummer). */
  personalNumber: string;
  givenName: string;
  surname: string;
  name: string;
  /** Level of assurance: 3 for BankID and Freja PLUS; SITHS from the IdP's acr. */
  loa: 2 | 3;
  /** SITHS: the official's HSA-id (employeeHsaId). */
  hsaId?: string;
  /** BankID risk and step-up, Freja registration level: kept with the session. */
  assurance?: SignInAssurance;
  evidence: IdentityEvidence;
}

/**
 * A poll result in one vocabulary. `hintCode` uses BankID's names where they exist (outstandingTransaction,
 * started, userSign, userMrtd, expiredTransaction, certificateErr, userCancel, cancelled, startFailed, ...);
 * Freja's statuses are mapped onto them (STARTED → outstandingTransaction, DELIVERED_TO_MOBILE → userSign,
 * CANCELED → userCancel, RP_CANCELED → cancelled, EXPIRED → expiredTransaction, REJECTED → certificateErr).
 * Unknown codes pass through unchanged and get the generic message (RFA21 pending / RFA22 failed).
 */
export type CollectResult =
  { status: 'pending'; hintCode: string } | { status: 'failed'; hintCode: string } | { status: 'complete'; identity: VerifiedIdentity };

/** Provider error codes in BankID's vocabulary (Freja's numeric codes mapped onto them). */
export type EidErrorCode =
  | 'alreadyInProgress'
  | 'invalidParameters'
  | 'unauthorized'
  | 'notFound'
  | 'requestTimeout'
  | 'maintenance'
  | 'internalError'
  | 'tooManyRequests'
  | 'methodNotAllowed'
  | 'unsupportedMediaType'
  /** Could not reach the provider at all (network, TLS handshake, timeout on our side). */
  | 'unavailable'
  /** The provider answered something we cannot trust or parse (bad JWS, wrong shape). */
  | 'invalidResponse'
  /** Freja numeric codes without a BankID equivalent pass through as `freja-<code>`. */
  | (string & {});

export class EidProviderError extends Error {
  constructor(
    readonly provider: EidProviderName,
    readonly code: EidErrorCode,
    readonly httpStatus: number | undefined,
    detail: string,
  ) {
    super(`${provider}: ${code}${httpStatus ? ` (HTTP ${httpStatus})` : ''}: ${detail}`);
    this.name = 'EidProviderError';
  }
}

/** An order-based e-ID (BankID, Freja). */
export abstract class OrderEidProvider {
  abstract readonly name: 'bankid' | 'freja';
  abstract start(request: StartRequest): Promise<StartedOrder>;
  abstract collect(order: StartedOrder): Promise<CollectResult>;
  abstract cancel(order: StartedOrder): Promise<void>;
  /** Signing where the provider has it; `userVisibleText` is required. */
  sign?(request: StartRequest & { userVisibleText: string }): Promise<StartedOrder>;
  /** The QR payload to show at `now` (animated where the provider has it), or undefined when the order has no QR. */
  abstract qrContent(order: StartedOrder, now: Date): string | undefined;
  /** The same-device launch URL, or undefined. */
  abstract launchUrl(order: StartedOrder, returnUrl?: string): string | undefined;
}

import { createHmac, hkdfSync } from 'node:crypto';
import type { Consent } from '../../consents/domain/consent.js';
import type { Localized, NoticeTerms } from '../../notices/domain/notice-terms.js';

/** The receipt format's name and version: ISO/IEC TS 27560:2023 fields, in the Kantara Consent Receipt lineage. */
export const RECEIPT_SCHEMA = 'https://insyn.se/schemas/consent-receipt/1';
export const RECEIPT_ISSUER = 'insyn-rights';

const LEGAL_BASIS = { '6.1.a': 'GDPR art. 6.1 a (consent)', '9.2.a': 'GDPR art. 9.2 a (explicit consent)' } as const;

/**
 * A consent receipt: what the person consented to (or withdrew) and how, as the controller recorded it.
 * Field names follow ISO/IEC TS 27560 (record and receipt elements; Kantara CR 1.1 before it) in camelCase;
 * the JWT claims `iss`, `sub`, `iat` and `jti` repeat the issuer, principal, issue time and receipt id.
 * A receipt is shown to third parties, so the principal is a pseudonym of this consent alone
 * ({@link receiptPseudonym}), never the person's subject key, which links her across services.
 */
export interface ConsentReceipt {
  schemaVersion: string;
  /** This receipt: the consent and the change it reports (`<consent id>.<sequence>`). */
  receiptId: string;
  /** The consent record it is a receipt of. */
  recordId: string;
  iss: string;
  sub: string;
  iat: number;
  jti: string;
  /** When the receipt was issued. */
  receiptTimestamp: string;
  /** The PII principal: a pseudonym of this consent ({@link receiptPseudonym}), never the subject key or the personnummer. */
  piiPrincipalId: string;
  /** By name, and organisation number when the notice gives one. */
  piiControllers: { name: string; organisationNumber?: string }[];
  notice: { slug: string; version: number; url: string; title: Localized };
  language: 'sv' | 'en';
  purposes: {
    purposeId: string;
    purpose: Localized;
    /** The text the person was shown, in every language the notice had, and the one shown. */
    text: Localized;
    textShown: string;
    textDigest: string;
    legalBasis: string;
    /** Special categories of personal data (art. 9): explicit consent. */
    sensitive: boolean;
  }[];
  consentType: 'expressed' | 'explicit';
  consentStatus: 'given' | 'withdrawn';
  /** When the state reported was recorded. */
  consentTimestamp: string;
  collectionMethod: { method: string; provider: string; loa: number };
  /**
   * The proof of a consent given by signing its text with e-ID (where the notice asked for it): who vouches
   * for it (the identity service's sign assertion, by its id), when BankID completed it, its order, and the
   * SHA-256 of the text signed and of BankID's evidence (kept by the controller; it names the person, so it
   * is not in the receipt). Absent for a change made without a signature.
   */
  consentSignature?: {
    provider: string;
    signedAt: string;
    orderRef: string;
    signedTextDigest: string;
    evidenceDigest: string;
    assertionId: string;
  };
  /** Every change of the consent, oldest first (27560 "event"). */
  events: { sequence: number; eventType: 'given' | 'withdrawn'; eventTime: string; noticeVersion: number; eventBy: 'pii-principal' }[];
}

/**
 * The key receipt pseudonyms were first made with: derived from RIGHTS_KEY_SECRET (HKDF-SHA256), for that use
 * only. RightsKeys stores it once and serves it from then on, so a rotated secret does not change it.
 */
export function receiptPseudonymKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'insyn-rights', 'consent-receipt-pseudonym', 32));
}

/**
 * The person as one consent's receipts name her: HMAC-SHA256 over the consent id and the subject key,
 * base64url. Stable for the consent (every receipt of it names the same principal), different for each
 * consent, and not linkable to the subject key without the service's secret.
 */
export function receiptPseudonym(key: Buffer, consentId: string, subjectKey: string): string {
  return createHmac('sha256', key).update(`${consentId}\n${subjectKey}`).digest('base64url');
}

/** The receipt for the consent's newest change; `principalId` is its {@link receiptPseudonym}. */
export function receiptOf(
  consent: Consent,
  terms: NoticeTerms | null,
  noticeBaseUrl: string,
  issuedAt: Date,
  principalId: string,
): ConsentReceipt {
  const change = consent.history.at(-1);
  if (!change) throw new Error(`consent ${consent.consentId} has no change`);
  const receiptId = `${consent.consentId}.${change.sequence}`;
  const explicit = change.purpose.basis === '9.2.a';
  return {
    schemaVersion: RECEIPT_SCHEMA,
    receiptId,
    recordId: consent.consentId,
    iss: RECEIPT_ISSUER,
    sub: principalId,
    iat: Math.floor(issuedAt.getTime() / 1000),
    jti: receiptId,
    receiptTimestamp: issuedAt.toISOString(),
    piiPrincipalId: principalId,
    piiControllers: terms?.controller ? [terms.controller] : [],
    notice: {
      slug: change.notice.slug,
      version: change.notice.version,
      url: `${noticeBaseUrl.replace(/\/$/, '')}/v1/notices/${change.notice.slug}/versions/${change.notice.version}`,
      title: change.notice.title,
    },
    language: change.language,
    purposes: [
      {
        purposeId: change.purpose.id,
        purpose: change.purpose.title,
        text: change.text,
        textShown: change.text[change.language] ?? change.text.sv,
        textDigest: change.textDigest,
        legalBasis: LEGAL_BASIS[change.purpose.basis],
        sensitive: explicit,
      },
    ],
    consentType: explicit ? 'explicit' : 'expressed',
    consentStatus: change.state,
    consentTimestamp: change.at.toISOString(),
    collectionMethod: {
      method: change.signature ? 'web form, signed in with Swedish e-ID, text signed with BankID' : 'web form, signed in with Swedish e-ID',
      provider: change.method.provider,
      loa: change.method.loa,
    },
    ...(change.signature
      ? {
          consentSignature: {
            provider: change.signature.provider,
            signedAt: change.signature.signedAt,
            orderRef: change.signature.orderRef,
            signedTextDigest: change.signature.signedTextDigest,
            evidenceDigest: change.signature.evidenceDigest,
            assertionId: change.signature.assertionId,
          },
        }
      : {}),
    events: consent.history.map((c) => ({
      sequence: c.sequence,
      eventType: c.state,
      eventTime: c.at.toISOString(),
      noticeVersion: c.notice.version,
      eventBy: 'pii-principal' as const,
    })),
  };
}

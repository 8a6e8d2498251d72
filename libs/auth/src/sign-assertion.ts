import { createHash } from 'node:crypto';

/**
 * A sign assertion (ADR 0012): the identity service's statement that the person signed in signed a text
 * with e-ID. A compact JWS (ES256) under identity's token keys, so every service that trusts identity's
 * JWKS can check it offline; its own `typ` and audience keep it from ever passing as an access token (it
 * has no `kind` either, which every access token has).
 */
export const SIGN_ASSERTION_TYPE = 'sign-assertion+jwt';

/** The audience of the assertions the rights service accepts (consents signed with e-ID). */
export const SIGN_ASSERTION_AUDIENCE = 'insyn-rights';

/** What identity says about one completed sign order; `sub` is the signer's subject key. */
export interface SignAssertionClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  exp: number;
  /** Unique per assertion; a consumer refuses one it has seen (replay). */
  jti: string;
  sign: {
    provider: 'bankid';
    /** The provider's order reference (BankID orderRef). */
    orderRef: string;
    /** SHA-256 (base64url) of the exact text the person signed, as UTF-8: {@link signedTextDigest}. */
    textDigest: string;
    /** When the provider reported the order complete (ISO 8601). */
    completedAt: string;
    /** SHA-256 (base64url) of the raw evidence: {@link signEvidenceDigest}. */
    evidenceDigest: string;
  };
}

/** The provider's raw proof of the signature: BankID's XML signature and OCSP response, base64 as received. */
export interface SignEvidence {
  provider: 'bankid';
  signature: string;
  ocspResponse: string;
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');

/** The digest of a signed text: SHA-256 over its UTF-8 bytes, exactly as shown in the app. */
export const signedTextDigest = (text: string): string => sha256(text);

/** The digest of the evidence: SHA-256 over `<signature>.<ocspResponse>` (base64 has no dot, so the join is unambiguous). */
export const signEvidenceDigest = (evidence: Pick<SignEvidence, 'signature' | 'ocspResponse'>): string =>
  sha256(`${evidence.signature}.${evidence.ocspResponse}`);

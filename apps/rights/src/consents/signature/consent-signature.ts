import { type SignEvidence, signedTextDigest, signEvidenceDigest } from '@insyn/auth';

/** What a citizen sends with a consent that must be signed: identity's sign assertion and BankID's evidence. */
export interface ConsentSignatureInput {
  assertion: string;
  evidence: SignEvidence;
}

/**
 * The proof kept with a signed consent change (art. 7.1): the assertion as identity issued it (verifiable
 * against identity's JWKS while its key is published), what it says, and BankID's raw evidence, sealed (the
 * XML signature names the person by personnummer).
 */
export interface ConsentSignatureProof {
  provider: 'bankid';
  orderRef: string;
  /** When BankID reported the signing complete. */
  signedAt: string;
  /** SHA-256 (base64url) of the exact text signed, as UTF-8: the purpose's text in the language shown. */
  signedTextDigest: string;
  /** SHA-256 (base64url) of `<signature>.<ocspResponse>`. */
  evidenceDigest: string;
  /** The assertion's `jti`: each assertion gives one consent, once. */
  assertionId: string;
  /** The sign assertion itself (compact JWS by identity's token key; the subject key, no personnummer). */
  assertion: string;
  /** BankID's signature and OCSP response, sealed under the service's key. */
  sealedEvidence: string;
}

/** Why a signature is refused; each maps to a problem type. */
export type SignatureRefusal = 'not-yours' | 'text-mismatch' | 'evidence-mismatch' | 'malformed';

/**
 * Checks a verified assertion's claims against the consent being given: the signer is the caller, the text
 * signed is exactly `shownText`, and the evidence sent is the evidence identity saw. Returns the refusal, or
 * the parts of the proof the claims give.
 */
export function checkSignatureClaims(
  claims: Record<string, unknown>,
  expected: { subjectKey: string; shownText: string; evidence: SignEvidence },
): SignatureRefusal | Pick<ConsentSignatureProof, 'orderRef' | 'signedAt' | 'signedTextDigest' | 'evidenceDigest' | 'assertionId'> {
  const sign = claims.sign;
  if (typeof sign !== 'object' || sign === null || typeof claims.jti !== 'string') return 'malformed';
  const { provider, orderRef, textDigest, completedAt, evidenceDigest } = sign as Record<string, unknown>;
  if (provider !== 'bankid' || typeof orderRef !== 'string' || typeof textDigest !== 'string' || typeof completedAt !== 'string')
    return 'malformed';
  if (typeof evidenceDigest !== 'string') return 'malformed';
  if (claims.sub !== expected.subjectKey) return 'not-yours';
  if (textDigest !== signedTextDigest(expected.shownText)) return 'text-mismatch';
  if (expected.evidence.provider !== 'bankid' || evidenceDigest !== signEvidenceDigest(expected.evidence)) return 'evidence-mismatch';
  return { orderRef, signedAt: completedAt, signedTextDigest: textDigest, evidenceDigest, assertionId: claims.jti };
}

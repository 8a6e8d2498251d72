import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { type ConsentReceipt, RECEIPT_SCHEMA } from './consent-receipt.js';

export type ReceiptVerdict =
  | { valid: true; kid: string; receipt: ConsentReceipt }
  | { valid: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'not-a-receipt'; detail: string };

/**
 * Verifies a consent receipt (a compact JWS, ES256) against a JSON Web Key Set alone, as anyone holding
 * the rights service's JWKS can, offline. Never throws for a bad receipt: it says why it is not valid.
 */
export async function verifyReceipt(jws: string, jwks: JSONWebKeySet): Promise<ReceiptVerdict> {
  const token = jws.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    return { valid: false, reason: 'malformed', detail: 'not a compact JWS (three base64url parts)' };
  let result;
  try {
    result = await compactVerify(token, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
      return { valid: false, reason: 'bad-signature', detail: 'the signature does not match the content: the receipt was changed' };
    if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')
      return { valid: false, reason: 'unknown-key', detail: 'no key of the rights service’s JWKS signed it' };
    return { valid: false, reason: 'malformed', detail: (err as Error).message };
  }
  let receipt: ConsentReceipt;
  try {
    receipt = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(result.payload)) as ConsentReceipt;
  } catch {
    return { valid: false, reason: 'not-a-receipt', detail: 'the signed content is not JSON' };
  }
  if (typeof receipt !== 'object' || receipt === null || receipt.schemaVersion !== RECEIPT_SCHEMA)
    return { valid: false, reason: 'not-a-receipt', detail: `the signed content is not a consent receipt (${RECEIPT_SCHEMA})` };
  return { valid: true, kid: result.protectedHeader.kid ?? '', receipt };
}

import { createHash, type KeyObject, sign } from 'node:crypto';

/** The key the simulated BankID app signs with and its certificate chain (base64 DER, leaf first). */
export interface BankIdSigningIdentity {
  privateKey: KeyObject;
  chain: string[];
}

/** Where BankIdOrders gets the signing identity; the module loads it from the development PKI at boot. */
export abstract class BankIdSigner {
  abstract identity(): BankIdSigningIdentity;
}

export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const BANKID_SIGNED_DATA_NS = 'http://www.bankid.com/signature/v1.0.0/types';
/** Inclusive Canonical XML 1.0, the method and the transform of BankID's signatures. */
export const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** Text content in canonical form (C14N 1.0, section 2.3). */
export const c14nText = (text: string) => text.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' })[c]!);
/** An attribute value in canonical form. */
export const c14nAttr = (text: string) =>
  text.replace(/[&<"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' })[c]!);

/**
 * An element written directly in canonical form: attributes sorted (none here is namespaced), start and
 * end tags for empty elements. `children` must be canonical already.
 */
export function el(name: string, attributes: Record<string, string>, children = ''): string {
  const attrs = Object.keys(attributes)
    .filter((k) => k !== 'xmlns')
    .sort()
    .map((k) => ` ${k}="${c14nAttr(attributes[k]!)}"`)
    .join('');
  const ns = attributes.xmlns === undefined ? '' : ` xmlns="${c14nAttr(attributes.xmlns)}"`;
  return `<${name}${ns}${attrs}>${children}</${name}>`;
}

const digest = (canonical: string) => createHash('sha256').update(canonical, 'utf8').digest('base64');

function reference(uri: string, canonicalTarget: string, type?: string): string {
  return el(
    'Reference',
    { URI: uri, ...(type ? { Type: type } : {}) },
    el('Transforms', {}, el('Transform', { Algorithm: C14N_10 })) +
      el('DigestMethod', { Algorithm: SHA256 }) +
      el('DigestValue', {}, digest(canonicalTarget)),
  );
}

/**
 * BankID's signature (RP API 6.x `completionData.signature`, decoded): an enveloping XML-DSig
 * `Signature` with two references, `#bidSignedData` (typed with BankID's namespace) and `#bidKeyInfo`,
 * both with the C14N 1.0 transform; `KeyInfo Id="bidKeyInfo"` with the certificate chain, leaf first;
 * the `bankIdSignedData` in `Object`. RSA-SHA256 over the canonical `SignedInfo`.
 *
 * `bankIdSignedData` must be canonical already. Each signed element is written in the form C14N 1.0
 * gives it as a document subset (the default namespace declared on it), so the digests are over the
 * very bytes written; an XML-DSig library verifies the result with the leaf certificate.
 */
export function bankIdSignatureXml(bankIdSignedData: string, signer: BankIdSigningIdentity): string {
  const keyInfo = el(
    'KeyInfo',
    { xmlns: XMLDSIG_NS, Id: 'bidKeyInfo' },
    el('X509Data', {}, signer.chain.map((der) => el('X509Certificate', {}, der)).join('')),
  );
  const signedInfo = el(
    'SignedInfo',
    { xmlns: XMLDSIG_NS },
    el('CanonicalizationMethod', { Algorithm: C14N_10 }) +
      el('SignatureMethod', { Algorithm: RSA_SHA256 }) +
      reference('#bidSignedData', bankIdSignedData, BANKID_SIGNED_DATA_NS) +
      reference('#bidKeyInfo', keyInfo),
  );
  const signatureValue = sign('sha256', Buffer.from(signedInfo, 'utf8'), signer.privateKey).toString('base64');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` +
    `<Signature xmlns="${XMLDSIG_NS}">` +
    signedInfo +
    el('SignatureValue', {}, signatureValue) +
    keyInfo +
    el('Object', {}, bankIdSignedData) +
    `</Signature>`
  );
}

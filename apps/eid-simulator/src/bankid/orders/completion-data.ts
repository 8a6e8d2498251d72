import { createHash, randomBytes } from 'node:crypto';
import type { TestUser } from '../../control/test-users.js';

/** `completionData` of a complete order (eid-protocols.md 1.4). */
export interface CompletionData {
  user: { personalNumber: string; name: string; givenName: string; surname: string };
  device: { ipAddress: string; uhi: string };
  bankIdIssueDate: string;
  stepUp?: { mrtd: boolean };
  signature: string;
  ocspResponse: string;
  risk?: 'low' | 'moderate' | 'high';
}

export interface CompletionInput {
  kind: 'auth' | 'sign';
  user: TestUser;
  endUserIp: string;
  userVisibleData?: string;
  userVisibleDataFormat?: string;
  userNonVisibleData?: string;
  mrtd: boolean;
  returnRisk: boolean;
  /** The RP certificate's subject CN, shown by the app as the RP's name. */
  rpName: string;
  completedAt: Date;
}

const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const BANKID_SIGNED_DATA_NS = 'http://www.bankid.com/signature/v1.0.0/types';

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A stable per-user device id, base64 like BankID's `uhi`. */
function uhi(personalNumber: string): string {
  return createHash('sha256').update(`simulated-device:${personalNumber}`).digest('base64').slice(0, 27);
}

/**
 * The shape of BankID's signature: an XMLDSig `Signature` whose `Object` holds `bankIdSignedData` in
 * BankID's namespace with usrVisibleData, usrNonVisibleData, srvInfo and clientInfo (funcId
 * Identification | Signing). The digest is the SHA-256 of the serialized element (not C14N) and the
 * signature value is random: RPs that verify XMLDSig will reject it, on purpose.
 */
export function signatureXml(input: CompletionInput): string {
  const visible = input.userVisibleData
    ? `<usrVisibleData charset="UTF-8" visible="wysiwys"${input.userVisibleDataFormat ? ` format="${xmlEscape(input.userVisibleDataFormat)}"` : ''}>${xmlEscape(input.userVisibleData)}</usrVisibleData>`
    : '';
  const nonVisible = input.userNonVisibleData ? `<usrNonVisibleData>${xmlEscape(input.userNonVisibleData)}</usrNonVisibleData>` : '';
  const signedData =
    `<bankIdSignedData xmlns="${BANKID_SIGNED_DATA_NS}" Id="bidSignedData">` +
    visible +
    nonVisible +
    `<srvInfo><name>${b64(`cn=${input.rpName}`)}</name><nonce>${randomBytes(20).toString('base64')}</nonce><displayName>${b64(input.rpName)}</displayName></srvInfo>` +
    `<clientInfo><funcId>${input.kind === 'sign' ? 'Signing' : 'Identification'}</funcId><version>${b64('Personal=8.0.0.0&BankID_exe=8.0.0.0&platform=simulator')}</version>` +
    `<env><ai><type>${b64('SIMULATOR')}</type><deviceInfo>${b64('Insyn e-ID simulator')}</deviceInfo><uhi>${uhi(input.user.personalNumber)}</uhi><fsib>0</fsib><utb>cs1</utb><requirement><condition><type>CertificatePolicies</type><value>1.2.3.4.25</value></condition></requirement><uauth>pin</uauth></ai></env></clientInfo>` +
    `</bankIdSignedData>`;
  const digest = createHash('sha256').update(signedData).digest('base64');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` +
    `<Signature xmlns="${XMLDSIG_NS}">` +
    `<SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2006/12/xml-c14n11"/>` +
    `<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>` +
    `<Reference Type="http://www.bankid.com/signature/v1.0.0/types" URI="#bidSignedData"><Transforms><Transform Algorithm="http://www.w3.org/2006/12/xml-c14n11"/></Transforms>` +
    `<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>${digest}</DigestValue></Reference></SignedInfo>` +
    `<SignatureValue>${randomBytes(256).toString('base64')}</SignatureValue>` +
    `<KeyInfo><X509Data><X509Certificate>${b64('simulated certificate, not verifiable')}</X509Certificate></X509Data></KeyInfo>` +
    `<Object>${signedData}</Object>` +
    `</Signature>`
  );
}

/** Builds completionData; `ocspResponse` is opaque random bytes (no real OCSP). */
export function completionData(input: CompletionInput): CompletionData {
  const { user } = input;
  return {
    user: {
      personalNumber: user.personalNumber,
      name: `${user.givenName} ${user.surname}`,
      givenName: user.givenName,
      surname: user.surname,
    },
    device: { ipAddress: input.endUserIp, uhi: uhi(user.personalNumber) },
    bankIdIssueDate: `${input.completedAt.getUTCFullYear() - 1}-01-15`,
    ...(input.mrtd ? { stepUp: { mrtd: true } } : {}),
    signature: b64(signatureXml(input)),
    ocspResponse: randomBytes(96).toString('base64'),
    ...(input.returnRisk ? { risk: 'low' as const } : {}),
  };
}

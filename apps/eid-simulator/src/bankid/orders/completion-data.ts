import { createHash, randomBytes } from 'node:crypto';
import type { TestUser } from '../../control/test-users.js';
import { BANKID_SIGNED_DATA_NS, bankIdSignatureXml, type BankIdSigningIdentity, c14nText, el } from './bankid-signature.js';

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
  /** With returnRisk: the risk BankID reports. */
  risk?: 'low' | 'moderate' | 'high';
  /** The RP certificate's subject CN, shown by the app as the RP's name. */
  rpName: string;
  completedAt: Date;
}

export { BANKID_SIGNED_DATA_NS } from './bankid-signature.js';

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A stable per-user device id, base64 like BankID's `uhi`. */
function uhi(personalNumber: string): string {
  return createHash('sha256').update(`simulated-device:${personalNumber}`).digest('base64').slice(0, 27);
}

/**
 * BankID's `bankIdSignedData`, in canonical form: usrVisibleData, usrNonVisibleData, srvInfo and
 * clientInfo (funcId Identification | Signing) in BankID's namespace, `Id="bidSignedData"`.
 */
export function bankIdSignedData(input: CompletionInput): string {
  const visible = input.userVisibleData
    ? el(
        'usrVisibleData',
        { charset: 'UTF-8', visible: 'wysiwys', ...(input.userVisibleDataFormat ? { format: input.userVisibleDataFormat } : {}) },
        c14nText(input.userVisibleData),
      )
    : '';
  const nonVisible = input.userNonVisibleData ? el('usrNonVisibleData', {}, c14nText(input.userNonVisibleData)) : '';
  const text = (name: string, value: string) => el(name, {}, c14nText(value));
  const srvInfo = el(
    'srvInfo',
    {},
    text('name', b64(`cn=${input.rpName}`)) + text('nonce', randomBytes(20).toString('base64')) + text('displayName', b64(input.rpName)),
  );
  const requirement = el('requirement', {}, el('condition', {}, text('type', 'CertificatePolicies') + text('value', '1.2.3.4.25')));
  const ai = el(
    'ai',
    {},
    text('type', b64('SIMULATOR')) +
      text('deviceInfo', b64('Insyn e-ID simulator')) +
      text('uhi', uhi(input.user.personalNumber)) +
      text('fsib', '0') +
      text('utb', 'cs1') +
      requirement +
      text('uauth', 'pin'),
  );
  const clientInfo = el(
    'clientInfo',
    {},
    text('funcId', input.kind === 'sign' ? 'Signing' : 'Identification') +
      text('version', b64('Personal=8.0.0.0&BankID_exe=8.0.0.0&platform=simulator')) +
      el('env', {}, ai),
  );
  return el('bankIdSignedData', { xmlns: BANKID_SIGNED_DATA_NS, Id: 'bidSignedData' }, visible + nonVisible + srvInfo + clientInfo);
}

/** The decoded `completionData.signature`: see `bankIdSignatureXml`. */
export function signatureXml(input: CompletionInput, signer: BankIdSigningIdentity): string {
  return bankIdSignatureXml(bankIdSignedData(input), signer);
}

/** Builds completionData; the signature verifies with the simulator's chain, `ocspResponse` is opaque random bytes (no real OCSP). */
export function completionData(input: CompletionInput, signer: BankIdSigningIdentity): CompletionData {
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
    signature: b64(signatureXml(input, signer)),
    ocspResponse: randomBytes(96).toString('base64'),
    ...(input.risk ? { risk: input.risk } : {}),
  };
}

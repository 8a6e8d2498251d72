import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { ensureDevPki } from '@insyn/dev-pki';
import { bankIdSigningIdentity } from '../bankid-signing-keys.js';
import { C14N_10, XMLDSIG_NS } from './bankid-signature.js';
import { BANKID_SIGNED_DATA_NS, completionData, type CompletionInput } from './completion-data.js';

const pki = await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-bankid-signature-')));
const identity = bankIdSigningIdentity(pki);

const input = (extra: Partial<CompletionInput> = {}): CompletionInput => ({
  kind: 'sign',
  user: { personalNumber: '199908072391', givenName: 'Anna', surname: 'Andersson' },
  endUserIp: '192.0.2.10',
  userVisibleData: Buffer.from('Jag godkänner & <intygar> "allt"').toString('base64'),
  userVisibleDataFormat: 'simpleMarkdownV1',
  userNonVisibleData: Buffer.from('ärende 4711').toString('base64'),
  mrtd: false,
  rpName: 'Insyn identity (dev RP) & Co',
  completedAt: new Date('2026-03-01T09:00:00Z'),
  ...extra,
});

const signatureOf = (extra: Partial<CompletionInput> = {}) =>
  Buffer.from(completionData(input(extra), identity).signature, 'base64').toString('utf8');
const pem = (der: string) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

function parse(xml: string) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const all = (ns: string, name: string) => Array.from(doc.getElementsByTagNameNS(ns, name));
  return { doc, all };
}

/** Verifies the XML-DSig with xml-crypto, trusting only `certificate`; the signed references' URIs on success. */
function verify(xml: string, certificate: string): { valid: boolean; references: string[] } {
  const { all } = parse(xml);
  const signed = new SignedXml({ publicCert: certificate });
  signed.loadSignature(all(XMLDSIG_NS, 'Signature')[0]!);
  let valid: boolean;
  try {
    valid = signed.checkSignature(xml);
  } catch {
    valid = false;
  }
  return { valid, references: valid ? signed.getReferences().map((r) => r.uri ?? '') : [] };
}

describe('the simulated BankID signature (completionData.signature)', () => {
  it('has BankID’s structure: two references, KeyInfo with Id bidKeyInfo and the chain, C14N 1.0', () => {
    const { all } = parse(signatureOf());
    const references = all(XMLDSIG_NS, 'Reference');
    expect(references.map((r) => r.getAttribute('URI'))).toEqual(['#bidSignedData', '#bidKeyInfo']);
    expect(references[0]!.getAttribute('Type')).toBe(BANKID_SIGNED_DATA_NS);
    expect(all(XMLDSIG_NS, 'CanonicalizationMethod')[0]!.getAttribute('Algorithm')).toBe(C14N_10);
    expect(all(XMLDSIG_NS, 'Transform').map((t) => t.getAttribute('Algorithm'))).toEqual([C14N_10, C14N_10]);
    const keyInfo = all(XMLDSIG_NS, 'KeyInfo');
    expect(keyInfo).toHaveLength(1);
    expect(keyInfo[0]!.getAttribute('Id')).toBe('bidKeyInfo');
    const chain = all(XMLDSIG_NS, 'X509Certificate').map((c) => new X509Certificate(Buffer.from(c.textContent!, 'base64')));
    expect(chain).toHaveLength(3);
    // Leaf first, each issued by the next; the last is the simulator's BankID root.
    expect(chain[0]!.verify(chain[1]!.publicKey)).toBe(true);
    expect(chain[1]!.verify(chain[2]!.publicKey)).toBe(true);
    expect(chain[2]!.fingerprint256).toBe(new X509Certificate(fs.readFileSync(pki.bankidRootCa)).fingerprint256);
    const signedData = all(BANKID_SIGNED_DATA_NS, 'bankIdSignedData');
    expect(signedData[0]!.getAttribute('Id')).toBe('bidSignedData');
    expect(all(BANKID_SIGNED_DATA_NS, 'funcId')[0]!.textContent).toBe('Signing');
    expect(all(BANKID_SIGNED_DATA_NS, 'usrVisibleData')[0]!.textContent).toBe(input().userVisibleData);
  });

  it('verifies with xml-crypto and the certificate in KeyInfo, over both references', () => {
    const xml = signatureOf();
    const leaf = pem(parse(xml).all(XMLDSIG_NS, 'X509Certificate')[0]!.textContent!);
    expect(verify(xml, leaf)).toEqual({ valid: true, references: ['#bidSignedData', '#bidKeyInfo'] });
    expect(verify(signatureOf({ kind: 'auth', userVisibleData: undefined, userNonVisibleData: undefined }), leaf).valid).toBe(true);
  });

  it('fails verification when the signed data, the key info or the signer is changed', () => {
    const xml = signatureOf();
    const leaf = pem(parse(xml).all(XMLDSIG_NS, 'X509Certificate')[0]!.textContent!);
    expect(verify(xml.replace('<funcId>Signing</funcId>', '<funcId>Identification</funcId>'), leaf).valid).toBe(false);
    const [, second] = parse(xml)
      .all(XMLDSIG_NS, 'X509Certificate')
      .map((c) => c.textContent!);
    expect(verify(xml.replace(`<X509Certificate>${second}</X509Certificate>`, ''), leaf).valid).toBe(false);
    expect(verify(xml, fs.readFileSync(pki.frejaJwsCert, 'utf8')).valid).toBe(false);
  });
});

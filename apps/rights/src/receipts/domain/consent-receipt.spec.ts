import { describe, expect, it } from '@jest/globals';
import { CompactSign, exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { changeOf, type Consent, newConsent } from '../../consents/domain/consent.js';
import { citizen, smsTerms, SUBJECT } from '../../consents/usecases/use-case-fakes.js';
import { receiptOf, receiptPseudonym, receiptPseudonymKey } from './consent-receipt.js';
import { verifyReceipt } from './verify-receipt.js';

const givenAt = new Date('2026-03-01T10:00:00Z');
const issuedAt = new Date('2026-03-05T08:00:00Z');
const PRINCIPAL = 'Pseudonym-of-consent-1-aaaaaaaaaaaaaaaaaaaaaa';
const terms = smsTerms({ version: 3 });
const consent: Consent = newConsent(
  'consent-1',
  SUBJECT,
  changeOf(1, 'given', terms, terms.consentPurposes[0]!, 'en', citizen().method, givenAt),
);

async function signer() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid: 'sig-1', alg: 'ES256', use: 'sig' }] };
  const sign = (payload: unknown, kid = 'sig-1') =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .sign(privateKey);
  return { jwks, sign };
}

describe('receiptOf', () => {
  it('carries the ISO/IEC TS 27560 fields of the newest change, the person as the consent’s pseudonym', () => {
    const receipt = receiptOf(consent, terms, 'https://insyn.example/', issuedAt, PRINCIPAL);
    expect(receipt).toEqual({
      schemaVersion: 'https://insyn.se/schemas/consent-receipt/1',
      receiptId: 'consent-1.1',
      recordId: 'consent-1',
      iss: 'insyn-rights',
      sub: PRINCIPAL,
      iat: issuedAt.getTime() / 1000,
      jti: 'consent-1.1',
      receiptTimestamp: issuedAt.toISOString(),
      piiPrincipalId: PRINCIPAL,
      piiControllers: [{ name: 'Kommunstyrelsen, Exempelkommun', organisationNumber: '222222-3337' }],
      notice: { slug: 'sms-avisering', version: 3, url: 'https://insyn.example/v1/notices/sms-avisering/versions/3', title: terms.title },
      language: 'en',
      purposes: [
        {
          purposeId: 'sms-avisering',
          purpose: { sv: 'Sms-avisering', en: 'SMS alerts' },
          text: { sv: 'Ditt samtycke.', en: 'Your consent.' },
          textShown: 'Your consent.',
          textDigest: consent.textDigest,
          legalBasis: 'GDPR art. 6.1 a (consent)',
          sensitive: false,
        },
      ],
      consentType: 'expressed',
      consentStatus: 'given',
      consentTimestamp: givenAt.toISOString(),
      collectionMethod: { method: 'web form, signed in with Swedish e-ID', provider: 'bankid', loa: 3 },
      events: [{ sequence: 1, eventType: 'given', eventTime: givenAt.toISOString(), noticeVersion: 3, eventBy: 'pii-principal' }],
    });
  });

  it('says explicit consent and sensitive data for art. 9.2 a', () => {
    const t = smsTerms({ consentPurposes: [{ ...terms.consentPurposes[0]!, basis: '9.2.a' }] });
    const c = newConsent('consent-2', SUBJECT, changeOf(1, 'given', t, t.consentPurposes[0]!, 'sv', citizen().method, givenAt));
    expect(receiptOf(c, t, 'https://insyn.example', issuedAt, PRINCIPAL)).toMatchObject({
      consentType: 'explicit',
      purposes: [{ legalBasis: 'GDPR art. 9.2 a (explicit consent)', sensitive: true }],
    });
  });
});

describe('receiptOf a consent given by signing its text with BankID', () => {
  const proof = {
    provider: 'bankid' as const,
    orderRef: 'order-1',
    signedAt: '2026-03-01T09:59:30.000Z',
    signedTextDigest: 'text-digest',
    evidenceDigest: 'evidence-digest',
    assertionId: 'assertion-1',
    assertion: 'header.payload.signature',
    sealedEvidence: 'v1.sealed.evidence.tag',
  };
  const signed = newConsent(
    'consent-3',
    SUBJECT,
    changeOf(1, 'given', terms, terms.consentPurposes[0]!, 'sv', citizen().method, givenAt, proof),
  );

  it('names the signature’s proof in consentSignature and the collection method, never the raw evidence or the assertion', () => {
    const receipt = receiptOf(signed, terms, 'https://insyn.example', issuedAt, PRINCIPAL);
    expect(receipt.collectionMethod.method).toBe('web form, signed in with Swedish e-ID, text signed with BankID');
    expect(receipt.consentSignature).toEqual({
      provider: 'bankid',
      signedAt: '2026-03-01T09:59:30.000Z',
      orderRef: 'order-1',
      signedTextDigest: 'text-digest',
      evidenceDigest: 'evidence-digest',
      assertionId: 'assertion-1',
    });
    expect(JSON.stringify(receipt)).not.toContain('sealed');
    expect(JSON.stringify(receipt)).not.toContain('header.payload');
  });

  it('has no consentSignature for a change made without one', () => {
    expect(receiptOf(consent, terms, 'https://insyn.example', issuedAt, PRINCIPAL)).not.toHaveProperty('consentSignature');
  });
});

describe('receiptPseudonym', () => {
  const key = receiptPseudonymKey('a-test-secret-of-at-least-thirty-two-characters');

  it('names the person by a pseudonym of the consent: the same for its receipts, another for her other consents, never her subject key', () => {
    const p1 = receiptPseudonym(key, 'consent-1', SUBJECT);
    expect(p1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(receiptPseudonym(key, 'consent-1', SUBJECT)).toBe(p1);
    expect(receiptPseudonym(key, 'consent-2', SUBJECT)).not.toBe(p1);
    expect(receiptPseudonym(key, 'consent-1', `${SUBJECT}x`)).not.toBe(p1);
    expect(p1).not.toContain(SUBJECT);
  });

  it('cannot be made without the service’s secret', () => {
    const other = receiptPseudonymKey('another-secret-of-at-least-thirty-two-characters');
    expect(receiptPseudonym(other, 'consent-1', SUBJECT)).not.toBe(receiptPseudonym(key, 'consent-1', SUBJECT));
  });

  it('keeps the subject key out of the receipt', () => {
    const receipt = receiptOf(consent, terms, 'https://insyn.example', issuedAt, receiptPseudonym(key, consent.consentId, SUBJECT));
    expect(JSON.stringify(receipt)).not.toContain(SUBJECT);
  });
});

describe('verifyReceipt', () => {
  const receipt = receiptOf(consent, terms, 'https://insyn.example', issuedAt, PRINCIPAL);

  it('accepts a receipt signed by a key of the set, and returns it with the kid', async () => {
    const { jwks, sign } = await signer();
    expect(await verifyReceipt(await sign(receipt), jwks)).toEqual({ valid: true, kid: 'sig-1', receipt });
  });

  it('refuses a receipt with one character of its content changed', async () => {
    const { jwks, sign } = await signer();
    const [h, p, s] = (await sign(receipt)).split('.') as [string, string, string];
    const i = 40;
    const tampered = `${h}.${p.slice(0, i)}${p[i] === 'A' ? 'B' : 'A'}${p.slice(i + 1)}.${s}`;
    expect(await verifyReceipt(tampered, jwks)).toMatchObject({ valid: false, reason: 'bad-signature' });
  });

  it('refuses a receipt signed by a key not in the set, malformed input, and signed content that is not a receipt', async () => {
    const ours = await signer();
    const theirs = await signer();
    expect(await verifyReceipt(await theirs.sign(receipt, 'sig-2'), ours.jwks)).toMatchObject({ valid: false, reason: 'unknown-key' });
    expect(await verifyReceipt(await theirs.sign(receipt), ours.jwks)).toMatchObject({ valid: false, reason: 'bad-signature' });
    expect(await verifyReceipt('not.a-receipt', ours.jwks)).toMatchObject({ valid: false, reason: 'malformed' });
    expect(await verifyReceipt('', ours.jwks)).toMatchObject({ valid: false, reason: 'malformed' });
    expect(await verifyReceipt(await ours.sign({ hello: 'world' }), ours.jwks)).toMatchObject({ valid: false, reason: 'not-a-receipt' });
  });
});

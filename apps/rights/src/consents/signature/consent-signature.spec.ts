import { describe, expect, it } from '@jest/globals';
import { signedTextDigest, signEvidenceDigest } from '@insyn/auth';
import { checkSignatureClaims } from './consent-signature.js';

const ME = 'sk1_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
const TEXT = 'Jag samtycker till att sms:et visar ämnesraden.';
const evidence = { provider: 'bankid' as const, signature: 'PD94bWwgdmVyc2lvbj0iMS4wIj8+', ocspResponse: 'MIIHfgoBAKCCB3cw' };
const claims = (over: Record<string, unknown> = {}, sign: Record<string, unknown> = {}) => ({
  sub: ME,
  jti: 'assertion-1',
  sign: {
    provider: 'bankid',
    orderRef: 'order-1',
    textDigest: signedTextDigest(TEXT),
    completedAt: '2026-12-04T20:00:00.000Z',
    evidenceDigest: signEvidenceDigest(evidence),
    ...sign,
  },
  ...over,
});
const expected = { subjectKey: ME, shownText: TEXT, evidence };

describe('checkSignatureClaims: a sign assertion against the consent being given', () => {
  it('gives the proof for the caller’s own signature of exactly the text shown', () => {
    expect(checkSignatureClaims(claims(), expected)).toEqual({
      orderRef: 'order-1',
      signedAt: '2026-12-04T20:00:00.000Z',
      signedTextDigest: signedTextDigest(TEXT),
      evidenceDigest: signEvidenceDigest(evidence),
      assertionId: 'assertion-1',
    });
  });

  it('refuses another person’s signature', () => {
    expect(checkSignatureClaims(claims({ sub: 'sk1_someone-else-entirely-000000000000000000000' }), expected)).toBe('not-yours');
  });

  it('refuses a signature of any other text, even one character or the other language', () => {
    expect(checkSignatureClaims(claims(), { ...expected, shownText: `${TEXT} ` })).toBe('text-mismatch');
    expect(checkSignatureClaims(claims({}, { textDigest: signedTextDigest('I consent to the subject line.') }), expected)).toBe(
      'text-mismatch',
    );
  });

  it('refuses evidence that is not what identity collected', () => {
    expect(checkSignatureClaims(claims(), { ...expected, evidence: { ...evidence, ocspResponse: 'MIIHfgoBAKCCB3cx' } })).toBe(
      'evidence-mismatch',
    );
  });

  it('refuses claims without the sign object, its fields, or a jti', () => {
    expect(checkSignatureClaims({ sub: ME, jti: 'x' }, expected)).toBe('malformed');
    expect(checkSignatureClaims(claims({ jti: undefined }), expected)).toBe('malformed');
    expect(checkSignatureClaims(claims({}, { provider: 'freja' }), expected)).toBe('malformed');
    expect(checkSignatureClaims(claims({}, { evidenceDigest: 7 }), expected)).toBe('malformed');
  });
});

import { describe, expect, it } from '@jest/globals';
import { checkConsent, textDigest } from './consent.js';

describe('textDigest', () => {
  const purpose = { basis: '6.1.a' as const, text: { sv: 'Ditt samtycke.', en: 'Your consent.' } };

  it('is the same for the same wording and differs when the text in any language or the basis changes', () => {
    expect(textDigest(purpose)).toBe(textDigest({ ...purpose, text: { ...purpose.text } }));
    expect(textDigest(purpose)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(textDigest({ ...purpose, text: { ...purpose.text, sv: 'Ditt samtycke!' } })).not.toBe(textDigest(purpose));
    expect(textDigest({ ...purpose, text: { sv: purpose.text.sv } })).not.toBe(textDigest(purpose));
    expect(textDigest({ ...purpose, basis: '9.2.a' })).not.toBe(textDigest(purpose));
  });
});

describe('checkConsent', () => {
  const wording = { textDigest: 'digest-v1' };

  it.each([
    ['given to the current wording', { state: 'given' as const, textDigest: 'digest-v1' }, wording, true, 'given'],
    ['never given', undefined, wording, false, 'not-given'],
    ['withdrawn', { state: 'withdrawn' as const, textDigest: 'digest-v1' }, wording, false, 'withdrawn'],
    ['given to a wording since changed', { state: 'given' as const, textDigest: 'digest-v0' }, wording, false, 'renewal-needed'],
    [
      'given, but the notice is withdrawn',
      { state: 'given' as const, textDigest: 'digest-v1' },
      'notice-not-current' as const,
      false,
      'notice-not-current',
    ],
    [
      'given, but the purpose is gone',
      { state: 'given' as const, textDigest: 'digest-v1' },
      'purpose-not-current' as const,
      false,
      'purpose-not-current',
    ],
  ])('%s', (_, current, purpose, consents, reason) => {
    expect(checkConsent(current, purpose)).toEqual({ consents, reason });
  });
});

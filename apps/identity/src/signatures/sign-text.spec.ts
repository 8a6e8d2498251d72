import { describe, expect, it } from '@jest/globals';
import { signTextProblem } from './sign-text.js';

describe('signTextProblem: what BankID can show and sign', () => {
  it('accepts Swedish text with line breaks up to BankID’s 1 500 base64 characters', () => {
    expect(signTextProblem('Jag samtycker till att sms:et visar ämnesraden.\nJag kan ta tillbaka det.')).toBeUndefined();
    expect(signTextProblem('a'.repeat(1_125))).toBeUndefined();
  });

  it('refuses text whose base64 is longer, counting UTF-8 bytes (å is two)', () => {
    expect(signTextProblem('a'.repeat(1_126))).toMatch(/too long for BankID/);
    expect(signTextProblem('å'.repeat(563))).toMatch(/too long for BankID/);
    expect(signTextProblem('å'.repeat(562))).toBeUndefined();
  });

  it('refuses empty text and control characters other than the line break', () => {
    expect(signTextProblem('  \n ')).toBe('must not be empty');
    expect(signTextProblem('Jag\u0000samtycker')).toMatch(/control characters/);
    expect(signTextProblem('Jag\tsamtycker')).toMatch(/control characters/);
    expect(signTextProblem('Jag\u2028samtycker')).toMatch(/control characters/);
  });
});

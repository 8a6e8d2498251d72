import { describe, expect, it } from '@jest/globals';
import { bankIdQrAuthCode, bankIdQrContent, bankIdQrTime } from './bankid-qr.js';

// BankID's published test vector (BankID/SampleCode BankIDServiceTest.java; research notes 1.6).
const qrStartToken = '67df3917-fa0d-44e5-b327-edcc928297f8';
const qrStartSecret = 'd28db9a7-4cde-429e-a983-359be676944c';

describe('BankID animated QR', () => {
  it.each([
    [0, 'dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8'],
    [1, '949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2'],
    [2, 'a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3'],
  ])('second %d matches BankID’s vector', (t, code) => {
    expect(bankIdQrAuthCode(qrStartSecret, t)).toBe(code);
    expect(bankIdQrContent(qrStartToken, qrStartSecret, t)).toBe(`bankid.${qrStartToken}.${t}.${code}`);
  });

  it.each([
    ['2026-01-01T00:00:00.000Z', 0],
    ['2026-01-01T00:00:00.999Z', 0],
    ['2026-01-01T00:00:01.000Z', 1],
    ['2026-01-01T00:00:29.500Z', 29],
    ['2025-12-31T23:59:59.000Z', 0], // clock stepped back
  ])('qrTime at %s is %d', (now, seconds) => {
    expect(bankIdQrTime(new Date('2026-01-01T00:00:00.000Z'), new Date(now))).toBe(seconds);
  });

  it.each([-1, 1.5, Number.NaN])('refuses qrTime %p', (t) => {
    expect(() => bankIdQrContent(qrStartToken, qrStartSecret, t)).toThrow(RangeError);
  });
});

import { describe, expect, it } from '@jest/globals';
import { parseQr, qrAuthCode, qrContent, verifyQr } from './qr.js';

// BankID's published test vector (BankID/SampleCode BankIDServiceTest.java; eid-protocols.md 1.6).
const TOKEN = '67df3917-fa0d-44e5-b327-edcc928297f8';
const SECRET = 'd28db9a7-4cde-429e-a983-359be676944c';
const VECTOR: Array<[number, string]> = [
  [0, 'dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8'],
  [1, '949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2'],
  [2, 'a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3'],
];

describe('BankID animated QR code', () => {
  it.each(VECTOR)('computes qrAuthCode for qrTime %i as in the published vector', (time, code) => {
    expect(qrAuthCode(SECRET, time)).toBe(code);
    expect(qrContent(TOKEN, SECRET, time)).toBe(`bankid.${TOKEN}.${time}.${code}`);
  });

  it.each(VECTOR)('accepts the vector code for qrTime %i scanned at that second', (time, code) => {
    const qr = parseQr(`bankid.${TOKEN}.${time}.${code}`)!;
    expect(qr).toEqual({ qrStartToken: TOKEN, qrTime: time, qrAuthCode: code });
    expect(verifyQr(qr, SECRET, time * 1000 + 999)).toEqual({ ok: true });
  });

  it('allows ±2 s of skew and refuses a code 3 s old or 3 s ahead as stale', () => {
    const qr = parseQr(`bankid.${TOKEN}.2.${VECTOR[2]![1]}`)!;
    expect(verifyQr(qr, SECRET, 0)).toEqual({ ok: true });
    expect(verifyQr(qr, SECRET, 4_999)).toEqual({ ok: true });
    expect(verifyQr(qr, SECRET, 5_000)).toEqual({ ok: false, reason: 'stale' });
    const future = parseQr(qrContent(TOKEN, SECRET, 13))!;
    expect(verifyQr(future, SECRET, 10_000)).toEqual({ ok: false, reason: 'stale' });
  });

  it('refuses a code computed for another second or another secret as forged', () => {
    const wrongSecond = parseQr(`bankid.${TOKEN}.1.${VECTOR[0]![1]}`)!;
    expect(verifyQr(wrongSecond, SECRET, 1_000)).toEqual({ ok: false, reason: 'forged' });
    const otherSecret = parseQr(qrContent(TOKEN, 'another-secret', 0))!;
    expect(verifyQr(otherSecret, SECRET, 0)).toEqual({ ok: false, reason: 'forged' });
  });

  it('does not read content that is not a BankID QR code', () => {
    expect(parseQr('frejaeid://bindUserToTransaction?transactionReference=x')).toBeUndefined();
    expect(parseQr(`bankid.${TOKEN}.01.${VECTOR[1]![1]}`)).toBeUndefined();
    expect(parseQr(`bankid.${TOKEN}.1.${VECTOR[1]![1].toUpperCase()}`)).toBeUndefined();
    expect(parseQr(`bankid.${TOKEN}.-1.${VECTOR[1]![1]}`)).toBeUndefined();
  });
});

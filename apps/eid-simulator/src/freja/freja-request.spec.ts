import { describe, expect, it } from '@jest/globals';
import { FrejaApiError } from './freja-errors.js';
import { decodeFrejaBody, isSwedishPersonalNumber, parseInitAuthRequest } from './freja-request.js';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64');
const ssnInfo = (ssn: string) => b64({ country: 'SE', ssn });

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof FrejaApiError) return err.code;
    throw err;
  }
  return undefined;
}

describe('decodeFrejaBody', () => {
  it('reads <param>=<base64 JSON> with an optional relyingPartyId, as the official client sends it', () => {
    const body = `initAuthRequest=${b64({ userInfoType: 'INFERRED', userInfo: 'N/A', note: 'åäö' })}&relyingPartyId=insyn_rp`;
    expect(decodeFrejaBody(body, 'initAuthRequest')).toEqual({
      payload: { userInfoType: 'INFERRED', userInfo: 'N/A', note: 'åäö' },
      relyingPartyId: 'insyn_rp',
    });
  });

  it('accepts a percent-encoded value (form encoding)', () => {
    const value = b64({ authRef: 'a+b/c?' });
    expect(decodeFrejaBody(`getOneAuthResultRequest=${encodeURIComponent(value)}`, 'getOneAuthResultRequest').payload).toEqual({
      authRef: 'a+b/c?',
    });
  });

  it('refuses a body that is not base64, not UTF-8 or not JSON with 1010', () => {
    expect(codeOf(() => decodeFrejaBody('initAuthRequest=not*base64!', 'initAuthRequest'))).toBe(1010);
    expect(codeOf(() => decodeFrejaBody(`initAuthRequest=${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64')}`, 'initAuthRequest'))).toBe(
      1010,
    );
    expect(codeOf(() => decodeFrejaBody(`initAuthRequest=${b64('{"userInfoType": ')}`, 'initAuthRequest'))).toBe(1010);
  });

  it('refuses a missing, misnamed, repeated or non-object parameter with 1000', () => {
    expect(codeOf(() => decodeFrejaBody('', 'initAuthRequest'))).toBe(1000);
    expect(codeOf(() => decodeFrejaBody(`{"userInfoType":"INFERRED"}`, 'initAuthRequest'))).toBe(1000);
    expect(codeOf(() => decodeFrejaBody(`initAuthRequestX=${b64({})}`, 'initAuthRequest'))).toBe(1000);
    expect(codeOf(() => decodeFrejaBody(`initAuthRequest=${b64({})}&initAuthRequest=${b64({})}`, 'initAuthRequest'))).toBe(1000);
    expect(codeOf(() => decodeFrejaBody(`initAuthRequest=${b64([1, 2])}`, 'initAuthRequest'))).toBe(1000);
  });

  it('refuses a malformed relyingPartyId with 1011', () => {
    expect(codeOf(() => decodeFrejaBody(`initAuthRequest=${b64({})}&relyingPartyId=`, 'initAuthRequest'))).toBe(1011);
  });
});

describe('parseInitAuthRequest', () => {
  const valid = {
    userInfoType: 'SSN',
    userInfo: ssnInfo('196802020575'),
    minRegistrationLevel: 'EXTENDED',
    attributesToReturn: [{ attribute: 'BASIC_USER_INFO' }, { attribute: 'SSN' }],
  };

  it('decodes the SSN userInfo and the attributes', () => {
    expect(parseInitAuthRequest(valid)).toMatchObject({
      userInfoType: 'SSN',
      ssn: { country: 'SE', ssn: '196802020575' },
      minRegistrationLevel: 'EXTENDED',
      attributesToReturn: ['BASIC_USER_INFO', 'SSN'],
      useDynamicQrCode: false,
    });
  });

  it('maps each invalid field to its Freja code', () => {
    expect(codeOf(() => parseInitAuthRequest({ ...valid, userInfoType: 'PASSPORT' }))).toBe(1001);
    expect(codeOf(() => parseInitAuthRequest({ ...valid, userInfo: ssnInfo('196802020576') }))).toBe(1002);
    expect(codeOf(() => parseInitAuthRequest({ ...valid, userInfo: 'not-base64!' }))).toBe(1002);
    expect(codeOf(() => parseInitAuthRequest({ userInfoType: 'INFERRED', userInfo: 'someone' }))).toBe(1002);
    expect(codeOf(() => parseInitAuthRequest({ userInfoType: 'EMAIL', userInfo: 'no-at-sign' }))).toBe(1002);
    expect(codeOf(() => parseInitAuthRequest({ ...valid, minRegistrationLevel: 'GOLD' }))).toBe(1007);
    expect(codeOf(() => parseInitAuthRequest({ ...valid, attributesToReturn: [{ attribute: 'SHOE_SIZE' }] }))).toBe(2002);
    expect(codeOf(() => parseInitAuthRequest({ ...valid, useDynamicQrCode: 'yes' }))).toBe(1000);
  });

  it('refuses SSN (and other identity attributes) with BASIC registration level: 2002', () => {
    expect(codeOf(() => parseInitAuthRequest({ ...valid, minRegistrationLevel: 'BASIC' }))).toBe(2002);
    expect(
      codeOf(() =>
        parseInitAuthRequest({ userInfoType: 'INFERRED', userInfo: 'N/A', attributesToReturn: [{ attribute: 'DATE_OF_BIRTH' }] }),
      ),
    ).toBe(2002);
    expect(
      parseInitAuthRequest({ userInfoType: 'INFERRED', userInfo: 'N/A', attributesToReturn: [{ attribute: 'BASIC_USER_INFO' }] })
        .minRegistrationLevel,
    ).toBe('BASIC');
  });
});

describe('isSwedishPersonalNumber', () => {
  it('checks the Luhn digit, samordningsnummer included', () => {
    expect(['199908072391', '195006262546', '196802020575', '197010632391'].every(isSwedishPersonalNumber)).toBe(true);
    expect(isSwedishPersonalNumber('199908072392')).toBe(false);
    expect(isSwedishPersonalNumber('9908072391')).toBe(false);
  });
});

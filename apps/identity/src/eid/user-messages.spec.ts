import { describe, expect, it } from '@jest/globals';
import { rfaCode, userMessage, type RfaCode, type UserMessageInput } from './user-messages.js';

const base: UserMessageInput = { provider: 'bankid', status: 'pending', method: 'qr' };

describe('userMessage: hint codes (research notes 1.4 and 1.7)', () => {
  it.each<[UserMessageInput['status'], string, Partial<UserMessageInput>, RfaCode]>([
    ['pending', 'outstandingTransaction', { method: 'qr' }, 'RFA1'],
    ['pending', 'outstandingTransaction', { method: 'same-device' }, 'RFA13'],
    ['pending', 'noClient', { method: 'qr' }, 'RFA1'],
    ['pending', 'noClient', { method: 'same-device' }, 'RFA1'],
    ['pending', 'started', { device: 'desktop' }, 'RFA15A'],
    ['pending', 'started', { device: 'mobile' }, 'RFA15B'],
    ['pending', 'started', {}, 'RFA15B'],
    ['pending', 'userSign', {}, 'RFA9'],
    ['pending', 'userMrtd', {}, 'RFA23'],
    ['pending', 'userCallConfirm', {}, 'RFA21'],
    ['pending', 'somethingNew', {}, 'RFA21'],
    ['failed', 'expiredTransaction', {}, 'RFA8'],
    ['failed', 'certificateErr', {}, 'RFA16'],
    ['failed', 'userCancel', {}, 'RFA6'],
    ['failed', 'cancelled', {}, 'RFA3'],
    ['failed', 'startFailed', { method: 'same-device' }, 'RFA17A'],
    ['failed', 'startFailed', { method: 'qr' }, 'RFA17B'],
    ['failed', 'userDeclinedCall', {}, 'RFA22'],
    ['failed', 'notSupportedByUserApp', {}, 'RFA22'],
    ['failed', 'transactionRiskBlocked', {}, 'RFA22'],
    ['failed', 'somethingNew', {}, 'RFA22'],
  ])('%s %s %j → %s', (status, hintCode, extra, code) => {
    expect(rfaCode({ ...base, status, hintCode, ...extra })).toBe(code);
    expect(userMessage({ ...base, status, hintCode, ...extra }).code).toBe(code);
  });

  it.each([
    ['pending', 'RFA21'],
    ['failed', 'RFA22'],
  ] as const)('with neither hint nor error, %s → %s', (status, code) => {
    expect(rfaCode({ ...base, status })).toBe(code);
  });
});

describe('userMessage: error codes (research notes 1.5)', () => {
  it.each<[string, RfaCode]>([
    ['alreadyInProgress', 'RFA4'],
    ['requestTimeout', 'RFA5'],
    ['maintenance', 'RFA5'],
    ['internalError', 'RFA5'],
    ['tooManyRequests', 'RFA5'],
    ['methodNotAllowed', 'RFA5'],
    ['unavailable', 'RFA5'],
    ['canceled', 'RFA3'],
    ['invalidParameters', 'RFA22'],
    ['unauthorized', 'RFA22'],
    ['notFound', 'RFA22'],
    ['unsupportedMediaType', 'RFA22'],
    ['invalidResponse', 'RFA22'],
    ['freja-1012', 'RFA22'],
    ['somethingNew', 'RFA22'],
  ])('%s → %s, whatever the status and hint', (errorCode, code) => {
    expect(rfaCode({ ...base, status: 'failed', errorCode })).toBe(code);
    expect(rfaCode({ ...base, status: 'pending', hintCode: 'userSign', errorCode })).toBe(code);
  });
});

describe('userMessage: texts', () => {
  it('uses BankID’s recommended wording', () => {
    expect(userMessage({ ...base, hintCode: 'outstandingTransaction' })).toEqual({
      code: 'RFA1',
      sv: 'Starta BankID-appen och scanna QR-koden.',
      en: 'Start your BankID app and scan the QR code.',
    });
    expect(userMessage({ ...base, method: 'same-device', hintCode: 'noClient' })).toEqual({
      code: 'RFA1',
      sv: 'Starta BankID-appen.',
      en: 'Start your BankID app.',
    });
    expect(userMessage({ ...base, hintCode: 'userSign' }).sv).toBe(
      'Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.',
    );
    expect(userMessage({ ...base, status: 'failed', errorCode: 'alreadyInProgress' }).en).toBe(
      'An identification or signing for this personal number is already started. Please try again.',
    );
  });

  const every: UserMessageInput[] = ['bankid', 'freja'].flatMap((provider) =>
    (['qr', 'same-device'] as const).flatMap((method) =>
      (['desktop', 'mobile'] as const).flatMap((device) => [
        ...['outstandingTransaction', 'noClient', 'started', 'userSign', 'userMrtd', 'x'].map((hintCode) => ({
          provider: provider as 'bankid' | 'freja',
          status: 'pending' as const,
          hintCode,
          method,
          device,
        })),
        ...['expiredTransaction', 'certificateErr', 'userCancel', 'cancelled', 'startFailed', 'x'].map((hintCode) => ({
          provider: provider as 'bankid' | 'freja',
          status: 'failed' as const,
          hintCode,
          method,
          device,
        })),
        ...['alreadyInProgress', 'unavailable', 'canceled', 'x'].map((errorCode) => ({
          provider: provider as 'bankid' | 'freja',
          status: 'failed' as const,
          errorCode,
          method,
          device,
        })),
      ]),
    ),
  );

  it('has a Swedish and an English text for every state', () => {
    for (const input of every) {
      const message = userMessage(input);
      expect(message.sv.length).toBeGreaterThan(5);
      expect(message.en.length).toBeGreaterThan(5);
      expect(message.sv).not.toBe(message.en);
    }
  });

  it('never tells a Freja user about BankID', () => {
    for (const input of every.filter((i) => i.provider === 'freja')) {
      const message = userMessage(input);
      expect(`${message.sv} ${message.en}`).not.toMatch(/bankid/i);
    }
  });

  it('gives Freja results (mapped to hint codes) Freja wording', () => {
    const freja = { ...base, provider: 'freja' as const };
    expect(userMessage({ ...freja, hintCode: 'outstandingTransaction' })).toEqual({
      code: 'RFA1',
      sv: 'Starta Freja-appen och scanna QR-koden.',
      en: 'Start your Freja app and scan the QR code.',
    });
    expect(userMessage({ ...freja, hintCode: 'userSign' }).code).toBe('RFA9');
    expect(userMessage({ ...freja, status: 'failed', hintCode: 'certificateErr' }).sv).toContain('Freja eID');
    expect(userMessage({ ...freja, status: 'failed', hintCode: 'userCancel' })).toEqual(
      userMessage({ ...base, status: 'failed', hintCode: 'userCancel' }),
    );
  });
});

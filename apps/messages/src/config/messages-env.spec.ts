import { describe, expect, it } from '@jest/globals';
import { validateEnv } from '@insyn/platform';
import { MessagesEnv } from './messages-env.js';

const production = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/',
  KAFKA_BROKERS: '127.0.0.1:9092',
  NODE_ENV: 'production',
  SUBJECT_KEY_SECRET: 's'.repeat(40),
  MESSAGES_KEK_FILE: '/etc/insyn/kek.json',
};

describe('MessagesEnv: the archive endpoint', () => {
  it('refuses a plain-http archive endpoint in production (the packages hold the conversations in clear)', () => {
    expect(() => validateEnv(MessagesEnv)({ ...production, ARCHIVE_URL: 'http://arkiv.kommun.se/sip' })).toThrow(/ARCHIVE_URL/);
  });

  it('takes an https endpoint with its credential, and plain http outside production', () => {
    const env = validateEnv(MessagesEnv)({
      ...production,
      ARCHIVE_URL: 'https://arkiv.kommun.se/sip',
      ARCHIVE_AUTHORIZATION: 'Bearer abcdefgh',
    });
    expect(env.ARCHIVE_AUTHORIZATION).toBe('Bearer abcdefgh');
    expect(() => validateEnv(MessagesEnv)({ ...production, NODE_ENV: 'development', ARCHIVE_URL: 'http://127.0.0.1:8080/' })).not.toThrow();
  });

  it('refuses a credential too short to be one', () => {
    expect(() =>
      validateEnv(MessagesEnv)({ ...production, ARCHIVE_URL: 'https://arkiv.kommun.se/sip', ARCHIVE_AUTHORIZATION: 'x' }),
    ).toThrow(/ARCHIVE_AUTHORIZATION/);
  });
});

describe('MessagesEnv: rotating SUBJECT_KEY_SECRET (ADR 0025)', () => {
  const rotating = { ...production, SUBJECT_KEY_SECRET: 'n'.repeat(40), SUBJECT_KEY_GENERATION: '2' };

  it('takes the previous secrets of a rotation, comma separated, under a higher generation', () => {
    const env = validateEnv(MessagesEnv)({ ...rotating, SUBJECT_KEY_PREVIOUS_SECRETS: ` ${'o'.repeat(40)} ` });
    expect(env.SUBJECT_KEY_GENERATION).toBe(2);
    expect(validateEnv(MessagesEnv)(production).SUBJECT_KEY_GENERATION).toBe(1);
  });

  it.each([
    ['a short one', { SUBJECT_KEY_PREVIOUS_SECRETS: 'short' }, /at least 32 characters/],
    ['the current one', { SUBJECT_KEY_PREVIOUS_SECRETS: 'n'.repeat(40) }, /must differ from SUBJECT_KEY_SECRET/],
    ['one twice', { SUBJECT_KEY_GENERATION: '3', SUBJECT_KEY_PREVIOUS_SECRETS: `${'o'.repeat(40)},${'o'.repeat(40)}` }, /twice/],
    [
      'more than the generation allows',
      { SUBJECT_KEY_GENERATION: '1', SUBJECT_KEY_PREVIOUS_SECRETS: 'o'.repeat(40) },
      /SUBJECT_KEY_GENERATION to 2/,
    ],
    ['the development secret', { SUBJECT_KEY_PREVIOUS_SECRETS: 'insyn-development-only-subject-secret' }, /development secret/],
  ])('refuses %s', (_name, vars, message) => {
    expect(() => validateEnv(MessagesEnv)({ ...rotating, ...vars })).toThrow(/SUBJECT_KEY_PREVIOUS_SECRETS/);
    expect(() => validateEnv(MessagesEnv)({ ...rotating, ...vars })).toThrow(message);
  });
});

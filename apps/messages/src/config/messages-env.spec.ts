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

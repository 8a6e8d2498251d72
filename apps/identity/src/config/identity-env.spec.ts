import { describe, expect, it } from '@jest/globals';
import { validateEnv } from '@insyn/platform';
import { IdentityEnv } from './identity-env.js';

const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('IdentityEnv', () => {
  it('refuses production with the development secrets, naming both', () => {
    const attempt = () => validateEnv(IdentityEnv)({ ...base, NODE_ENV: 'production' });
    expect(attempt).toThrow(/IDENTITY_KEY_SECRET/);
    expect(attempt).toThrow(/SUBJECT_KEY_SECRET/);
  });

  it('refuses production secrets shorter than 32 characters', () => {
    expect(() =>
      validateEnv(IdentityEnv)({ ...base, NODE_ENV: 'production', IDENTITY_KEY_SECRET: 'short', SUBJECT_KEY_SECRET: 'x'.repeat(40) }),
    ).toThrow(/IDENTITY_KEY_SECRET/);
  });

  it('starts in production with secrets of its own', () => {
    const env = validateEnv(IdentityEnv)({
      ...base,
      NODE_ENV: 'production',
      IDENTITY_KEY_SECRET: 'k'.repeat(40),
      SUBJECT_KEY_SECRET: 's'.repeat(40),
    });
    expect(env.ACCESS_TOKEN_TTL).toBe(300);
  });

  it('takes the secret IDENTITY_KEY_SECRET replaces while it is rotated, but not the same one again or a short one', () => {
    const secrets = { NODE_ENV: 'production', IDENTITY_KEY_SECRET: 'k'.repeat(40), SUBJECT_KEY_SECRET: 's'.repeat(40) };
    expect(
      validateEnv(IdentityEnv)({ ...base, ...secrets, IDENTITY_KEY_SECRET_PREVIOUS: 'o'.repeat(40) }).IDENTITY_KEY_SECRET_PREVIOUS,
    ).toBe('o'.repeat(40));
    expect(() => validateEnv(IdentityEnv)({ ...base, ...secrets, IDENTITY_KEY_SECRET_PREVIOUS: 'k'.repeat(40) })).toThrow(
      /IDENTITY_KEY_SECRET_PREVIOUS must differ from IDENTITY_KEY_SECRET/,
    );
    expect(() => validateEnv(IdentityEnv)({ ...base, ...secrets, IDENTITY_KEY_SECRET_PREVIOUS: 'short' })).toThrow(
      /IDENTITY_KEY_SECRET_PREVIOUS/,
    );
  });

  it('refuses a BankID URL that is not https', () => {
    expect(() => validateEnv(IdentityEnv)({ ...base, BANKID_URL: 'http://appapi2.bankid.com/rp/v6.0' })).toThrow(/BANKID_URL/);
  });
});

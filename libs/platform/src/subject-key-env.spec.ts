import { IsOptional, IsString } from 'class-validator';
import { describe, expect, it } from '@jest/globals';
import { BaseEnv, validateEnv } from './config.js';
import { SubjectKeyEnv, SubjectKeyRotationEnv } from './subject-key-env.js';

const valid = { MONGODB_URI: 'mongodb://127.0.0.1:27017/', KAFKA_BROKERS: '127.0.0.1:9092' };
const production = { ...valid, NODE_ENV: 'production' };

class MakesKeysEnv extends SubjectKeyEnv(BaseEnv, 'SUBJECT_KEY_SECRET must be set to the identity service’s secret in production') {}

/** A service that only re-keys what it stores: the secret is its own business (here, simply optional). */
class RekeysEnv extends SubjectKeyRotationEnv(BaseEnv) {
  @IsOptional()
  @IsString()
  SUBJECT_KEY_SECRET?: string;
}

describe('SubjectKeyEnv: SUBJECT_KEY_SECRET with its rotation, for a service that makes subject keys', () => {
  it('has a development secret and generation 1 by default, and converts the generation to a number', () => {
    const env = validateEnv(MakesKeysEnv)(valid);
    expect(env.SUBJECT_KEY_SECRET).toBe('insyn-development-only-subject-secret');
    expect(env.SUBJECT_KEY_GENERATION).toBe(1);
    expect(env.SUBJECT_KEY_PREVIOUS_SECRETS).toBeUndefined();
    expect(validateEnv(MakesKeysEnv)({ ...valid, SUBJECT_KEY_GENERATION: '3' }).SUBJECT_KEY_GENERATION).toBe(3);
  });

  it('refuses the development secret, or a short one, in production, with the message it was given', () => {
    expect(() => validateEnv(MakesKeysEnv)(production)).toThrow(
      /SUBJECT_KEY_SECRET must be set to the identity service’s secret in production/,
    );
    expect(() => validateEnv(MakesKeysEnv)({ ...production, SUBJECT_KEY_SECRET: 'short' })).toThrow(/SUBJECT_KEY_SECRET/);
    expect(validateEnv(MakesKeysEnv)({ ...production, SUBJECT_KEY_SECRET: 's'.repeat(40) }).SUBJECT_KEY_SECRET).toBe('s'.repeat(40));
  });

  it('holds the previous secrets to the rotation rules', () => {
    const rotating = { ...production, SUBJECT_KEY_SECRET: 'n'.repeat(40), SUBJECT_KEY_GENERATION: '2' };
    expect(validateEnv(MakesKeysEnv)({ ...rotating, SUBJECT_KEY_PREVIOUS_SECRETS: 'o'.repeat(40) }).SUBJECT_KEY_PREVIOUS_SECRETS).toBe(
      'o'.repeat(40),
    );
    expect(() => validateEnv(MakesKeysEnv)({ ...rotating, SUBJECT_KEY_PREVIOUS_SECRETS: 'n'.repeat(40) })).toThrow(
      /SUBJECT_KEY_PREVIOUS_SECRETS must differ from SUBJECT_KEY_SECRET/,
    );
    expect(() => validateEnv(MakesKeysEnv)({ ...rotating, SUBJECT_KEY_GENERATION: '0' })).toThrow(/SUBJECT_KEY_GENERATION/);
  });
});

describe('SubjectKeyRotationEnv: the rotation alone, for a service that only re-keys', () => {
  it('leaves SUBJECT_KEY_SECRET to the class and checks the generation and previous secrets', () => {
    expect(validateEnv(RekeysEnv)(production).SUBJECT_KEY_GENERATION).toBe(1);
    expect(() =>
      validateEnv(RekeysEnv)({ ...production, SUBJECT_KEY_GENERATION: '1', SUBJECT_KEY_PREVIOUS_SECRETS: 'o'.repeat(40) }),
    ).toThrow(/SUBJECT_KEY_GENERATION to 2/);
  });
});

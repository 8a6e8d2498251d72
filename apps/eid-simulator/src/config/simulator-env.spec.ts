import { describe, expect, it } from '@jest/globals';
import { validateEnv } from '@insyn/platform';
import { SimulatorEnv } from './simulator-env.js';

describe('SimulatorEnv', () => {
  it('refuses to run in production: it approves sign-ins for anyone who asks', () => {
    expect(() => validateEnv(SimulatorEnv)({ NODE_ENV: 'production' })).toThrow(/never runs in production/);
  });

  it('runs in development and test with its defaults', () => {
    expect(validateEnv(SimulatorEnv)({ NODE_ENV: 'test' })).toMatchObject({ NODE_ENV: 'test', TLS_PORT: 3011 });
  });
});

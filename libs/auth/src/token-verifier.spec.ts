import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { TestTokens } from '@insyn/testing';
import { TokenVerifier } from './token-verifier.js';

describe('TokenVerifier', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  const setup = async () => {
    const tokens = await TestTokens.create('https://identity.test', 'insyn');
    const verifier = new TokenVerifier({ issuer: 'https://identity.test', audience: 'insyn', jwks: { keys: [tokens.jwk] } });
    return { tokens, verifier };
  };

  it('maps a valid token to its principal, and answers a repeated one the same', async () => {
    const { tokens, verifier } = await setup();
    const token = await tokens.citizen('sk1_a');
    const first = await verifier.verify(token);
    expect(first).toMatchObject({ kind: 'citizen', subject: 'sk1_a', loa: 3 });
    await expect(verifier.verify(token)).resolves.toEqual(first);
  });

  it('refuses a remembered token once it has expired', async () => {
    const { tokens, verifier } = await setup();
    const token = await tokens.mint({ sub: 'sk1_b', kind: 'citizen', loa: 3 }, { expiresIn: '60s' });
    expect(await verifier.verify(token)).toBeDefined();
    jest.useFakeTimers({ now: Date.now() + 2 * 60_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    expect(await verifier.verify(token)).toBeUndefined();
  });

  it('refuses tampered, foreign-issuer, wrong-audience and unsigned tokens', async () => {
    const { tokens, verifier } = await setup();
    const good = await tokens.citizen('sk1_c');
    const [h, p, s] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'sk1_someone-else' })).toString('base64url')}.${s}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    const other = await TestTokens.create('https://identity.test', 'insyn');
    expect(await verifier.verify(forged)).toBeUndefined();
    expect(await verifier.verify(none)).toBeUndefined();
    expect(await verifier.verify(await tokens.mint({ sub: 'x', kind: 'citizen' }, { issuer: 'https://evil.test' }))).toBeUndefined();
    expect(await verifier.verify(await tokens.mint({ sub: 'x', kind: 'citizen' }, { audience: 'other' }))).toBeUndefined();
    expect(await verifier.verify(await other.citizen('sk1_c'))).toBeUndefined();
  });
});

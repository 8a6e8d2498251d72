import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { TestTokens } from '@insyn/testing';
import { exportJWK, generateKeyPair, type JWTHeaderParameters, SignJWT } from 'jose';
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

  it('says why it refused a token, as the 401 tells the caller', async () => {
    const { tokens, verifier } = await setup();
    const reason = async (token: string) => {
      const checked = await verifier.check(token);
      return checked.ok ? 'accepted' : checked.reason;
    };
    const good = await tokens.citizen('sk1_d');
    const [h, p, s] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    expect(await reason(good)).toBe('accepted');
    expect(await reason('not-a-jwt')).toBe('malformed');
    expect(await reason(`${h}.${p}.!!`)).toBe('malformed');
    expect(await reason(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`)).toBe('not-an-access-token');
    expect(await reason(`${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'sk1_other' })).toString('base64url')}.${s}`)).toBe(
      'invalid-signature',
    );
    expect(await reason(await tokens.mint({ sub: 'x', kind: 'citizen' }, { issuer: 'https://evil.test' }))).toBe('wrong-issuer');
    expect(await reason(await tokens.mint({ sub: 'x', kind: 'citizen' }, { audience: 'other' }))).toBe('wrong-audience');
    expect(await reason(await tokens.mint({ sub: 'x', kind: 'robot' } as never))).toBe('invalid-claims');
    const soon = await tokens.mint({ sub: 'sk1_e', kind: 'citizen', loa: 3 }, { expiresIn: '60s' });
    expect(await reason(soon)).toBe('accepted');
    jest.useFakeTimers({ now: Date.now() + 2 * 60_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    // Also once remembered as valid: the cached principal expires with the token.
    expect(await reason(soon)).toBe('expired');
  });

  describe('the checks jwtVerify made, kept on the node:crypto path', () => {
    const own = async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'own-1', alg: 'ES256' };
      const verifier = new TokenVerifier({ issuer: 'https://identity.test', audience: 'insyn', jwks: { keys: [jwk] } });
      const sign = (claims: Record<string, unknown>, header: Partial<JWTHeaderParameters> = {}) =>
        new SignJWT({ sub: 'sk1_own', kind: 'citizen', loa: 3, iss: 'https://identity.test', aud: 'insyn', ...claims })
          .setProtectedHeader({ alg: 'ES256', kid: 'own-1', ...header })
          .sign(privateKey, { crit: { 'urn:example:must-understand': true } });
      const exp = Math.floor(Date.now() / 1000) + 300;
      return { verifier, sign, exp };
    };

    it('takes RFC 9068 access tokens and an audience list that names this service', async () => {
      const { verifier, sign, exp } = await own();
      expect(await verifier.verify(await sign({ exp }, { typ: 'at+jwt' }))).toMatchObject({ subject: 'sk1_own' });
      expect(await verifier.verify(await sign({ exp, aud: ['other', 'insyn'] }))).toMatchObject({ subject: 'sk1_own' });
    });

    it('refuses another kind of JWT the same key signs, and a header with crit', async () => {
      const { tokens, verifier } = await setup();
      const assertion = await tokens.signJwt({ sub: 'sk1_a', kind: 'citizen', loa: 3 }, { typ: 'person-assertion+jwt', audience: 'insyn' });
      expect(await verifier.verify(assertion)).toBeUndefined();
      const { verifier: v, sign, exp } = await own();
      expect(
        await v.verify(await sign({ exp }, { crit: ['urn:example:must-understand'], 'urn:example:must-understand': 1 })),
      ).toBeUndefined();
    });

    it('refuses a token without exp, one not yet valid, one expired, and one with a malformed time claim', async () => {
      const { verifier, sign, exp } = await own();
      const now = Math.floor(Date.now() / 1000);
      expect(await verifier.check(await sign({ exp, nbf: now + 60 }))).toEqual({ ok: false, reason: 'not-yet-valid' });
      expect(await verifier.check(await sign({}))).toEqual({ ok: false, reason: 'invalid-claims' });
      expect(await verifier.verify(await sign({}))).toBeUndefined();
      expect(await verifier.verify(await sign({ exp, nbf: now + 60 }))).toBeUndefined();
      expect(await verifier.verify(await sign({ exp: now - 10 }))).toBeUndefined();
      expect(await verifier.verify(await sign({ exp, iat: 'yesterday' }))).toBeUndefined();
      expect(await verifier.verify(await sign({ exp, nbf: now - 1 }))).toBeDefined();
    });

    it('refuses a token signed by a key it names but the key set does not hold, and garbage of every shape', async () => {
      const { verifier, exp } = await own();
      const stranger = await generateKeyPair('ES256');
      const foreign = await new SignJWT({ sub: 'x', kind: 'citizen', iss: 'https://identity.test', aud: 'insyn', exp })
        .setProtectedHeader({ alg: 'ES256', kid: 'own-1' })
        .sign(stranger.privateKey);
      expect(await verifier.verify(foreign)).toBeUndefined();
      expect(await verifier.check(foreign)).toEqual({ ok: false, reason: 'invalid-signature' });
      const unnamed = await new SignJWT({ sub: 'x', kind: 'citizen', iss: 'https://identity.test', aud: 'insyn', exp })
        .setProtectedHeader({ alg: 'ES256', kid: 'not-in-the-set' })
        .sign(stranger.privateKey);
      expect(await verifier.check(unnamed)).toEqual({ ok: false, reason: 'unknown-key' });
      for (const junk of [
        '',
        'a.b',
        'a.b.c.d',
        '!!.!!.!!',
        `${Buffer.from('[]').toString('base64url')}.e30.AA`,
        'e30.e30.' + 'A'.repeat(86),
      ])
        expect(await verifier.verify(junk)).toBeUndefined();
    });
  });
});

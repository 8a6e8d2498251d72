// Token verification in @insyn/auth, as every service does it on every request (jose: JWS ES256,
// issuer, audience, expiry, then the claims mapped to a Principal), against the bare ES256 signature
// check with node:crypto in the same run. Cold: every token new (a fresh verifier per token set, so
// the cache never hits); warm: a browser's burst with one token (answered from the verifier's cache).
// Three rounds of BENCH_TOKEN_MS each, over BENCH_TOKEN_DISTINCT new tokens.
import 'reflect-metadata';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { TokenVerifier } from '@insyn/auth';
import { TestTokens } from '@insyn/testing';
import { median, report, size } from './harness.js';

const ROUND_MS = size('BENCH_TOKEN_MS', 2_000, 200);
const DISTINCT = size('BENCH_TOKEN_DISTINCT', 4_000, 400);

const tokens = await TestTokens.create('https://identity.bench', 'insyn');
const verifier = new TokenVerifier({ issuer: 'https://identity.bench', audience: 'insyn', jwks: { keys: [tokens.jwk] } });
const token = await tokens.mint({ sub: 'sk1_bench', kind: 'citizen', loa: 3, idp: 'bankid', name: 'Bench Citizen' }, { expiresIn: '1h' });
const key = createPublicKey({ key: tokens.jwk as never, format: 'jwk' });
const [h, p, s] = token.split('.') as [string, string, string];
const signed = Buffer.from(`${h}.${p}`);
const signature = Buffer.from(s, 'base64url');

async function rate(fn: () => unknown, ms: number): Promise<number> {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) await fn();
    n += 200;
  }
  return n / (ms / 1000);
}

if (!(await verifier.verify(token))) throw new Error('the bench token does not verify');
if (!verifySignature('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)) throw new Error('bare verify failed');

// DISTINCT tokens, verified by verifiers that have not seen them.
const distinct = await Promise.all(
  Array.from({ length: DISTINCT }, (_, i) => tokens.mint({ sub: `sk1_${i}`, kind: 'citizen', loa: 3 }, { expiresIn: '1h' })),
);
const freshVerifier = () => new TokenVerifier({ issuer: 'https://identity.bench', audience: 'insyn', jwks: { keys: [tokens.jwk] } });

const cold: number[] = [];
const warm: number[] = [];
const bare: number[] = [];
for (let round = 0; round < 3; round++) {
  bare.push(await rate(() => verifySignature('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature), ROUND_MS));
  let v = freshVerifier();
  let i = 0;
  cold.push(
    await rate(() => {
      if (i === distinct.length) [v, i] = [freshVerifier(), 0];
      return v.verify(distinct[i++]!);
    }, ROUND_MS),
  );
  warm.push(await rate(() => verifier.verify(token), ROUND_MS));
}
const b = median(bare);
report(
  'token verification, new tokens (@insyn/auth)',
  `${Math.round(median(cold))} tokens/s`,
  `${Math.round(b)} bare ES256 verifications/s`,
  median(cold) / b,
  0.8,
  `1 core, medians of 3 × ${ROUND_MS / 1000} s, ${DISTINCT} distinct tokens`,
);
report(
  'token verification, repeated token (@insyn/auth)',
  `${Math.round(median(warm))} tokens/s`,
  `${Math.round(b)} bare ES256 verifications/s`,
  median(warm) / b,
  undefined,
  'answered from the verified-token cache',
);

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as client from 'openid-client';
import type { RunningSimulator } from '../simulator.js';

let sim: RunningSimulator;
let issuer: URL;
const DEFAULT_REDIRECT = 'http://127.0.0.1:3002/v1/logins/siths/callback';

/** Follows the browser's redirects (with its cookies) until the IdP sends it to `redirectUri`. */
async function followToCallback(start: URL, redirectUri: string, form?: { hsaId: string }): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = start;
  let method: 'GET' | 'POST' = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return next;
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    if (res.status === 200 && form) {
      const html = await res.text();
      const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
      if (!action) throw new Error('no login form');
      url = new URL(action, url);
      method = 'POST';
      body = new URLSearchParams(form).toString();
      continue;
    }
    throw new Error(`unexpected ${res.status} at ${url.href}: ${await res.text()}`);
  }
  throw new Error('too many redirects');
}

async function codeFlow(config: client.Configuration, redirectUri: string, extra: Record<string, string>, form?: { hsaId: string }) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  const callback = await followToCallback(authUrl, redirectUri, form);
  return client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
}

beforeAll(async () => {
  Object.assign(process.env, {
    PKI_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'oidc-sim-int-')),
    PORT: '0',
    TLS_PORT: '0',
    NODE_ENV: 'test',
    DOCS_ENABLED: 'false',
  });
  const { startSimulator } = await import('../simulator.js');
  sim = await startSimulator();
  issuer = new URL(`${sim.httpUrl}/oidc`);
});

afterAll(async () => {
  await sim?.close();
});

describe('SITHS IdP stand-in (OpenID Connect)', () => {
  it('runs a code flow with PKCE for insyn-identity; login_hint signs in without the page; claims in ID token and userinfo', async () => {
    const config = await client.discovery(issuer, 'insyn-identity', undefined, client.ClientSecretBasic('dev-secret-siths'), {
      execute: [client.allowInsecureRequests],
    });
    expect(config.serverMetadata().issuer).toBe(issuer.href);
    expect(config.serverMetadata().code_challenge_methods_supported).toEqual(['S256']);

    const tokens = await codeFlow(config, DEFAULT_REDIRECT, { login_hint: '196802020575' });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: issuer.href,
      aud: 'insyn-identity',
      acr: 'http://id.sambi.se/loa/loa3',
      amr: expect.arrayContaining(['hwk']) as unknown,
      given_name: 'Carl',
      family_name: 'Celsing',
      name: 'Carl Celsing',
      employeeHsaId: 'SE2120002627-E000000000001',
      credentialPersonalIdentityNumber: '196802020575',
      auth_time: expect.any(Number) as unknown,
    });
    expect(claims.sub).toEqual(expect.any(String));
    expect(claims.sub).not.toContain('196802020575');

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({
      sub: claims.sub,
      employeeHsaId: 'SE2120002627-E000000000001',
      credentialPersonalIdentityNumber: '196802020575',
    });
  });

  it('signs in through the login page for a client registered by the control API (client_secret_post, ES256)', async () => {
    const redirectUri = 'http://127.0.0.1:45678/v1/logins/siths/callback';
    const registered = await fetch(`${sim.httpUrl}/control/oidc/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'int-test-rp',
        clientSecret: 'int-test-secret',
        redirectUris: [redirectUri],
        tokenEndpointAuthMethod: 'client_secret_post',
        idTokenSignedResponseAlg: 'ES256',
      }),
    });
    expect(registered.status).toBe(201);
    const config = await client.discovery(
      issuer,
      'int-test-rp',
      { id_token_signed_response_alg: 'ES256' },
      client.ClientSecretPost('int-test-secret'),
      { execute: [client.allowInsecureRequests] },
    );
    const tokens = await codeFlow(config, redirectUri, {}, { hsaId: 'SE2120002627-E000000000001' });
    expect(tokens.claims()).toMatchObject({ aud: 'int-test-rp', employeeHsaId: 'SE2120002627-E000000000001' });
  });

  it('sends a pairwise sub: never the HSA-id, stable for one client, different for another (keys are employeeHsaId)', async () => {
    const HSA = 'SE2120002627-E000000000001';
    const identity = await client.discovery(issuer, 'insyn-identity', undefined, client.ClientSecretBasic('dev-secret-siths'), {
      execute: [client.allowInsecureRequests],
    });
    expect(identity.serverMetadata().subject_types_supported).toEqual(['pairwise']);
    const first = (await codeFlow(identity, DEFAULT_REDIRECT, { login_hint: HSA })).claims()!;
    const again = (await codeFlow(identity, DEFAULT_REDIRECT, { login_hint: '196802020575' })).claims()!;
    expect(first.employeeHsaId).toBe(HSA);
    expect(first.sub).not.toBe(HSA);
    expect(first.sub).not.toContain('E000000000001');
    expect(again.sub).toBe(first.sub);

    // Another relying party, with redirect URIs on two hosts, sees the same official under another sub.
    const otherRedirect = 'http://127.0.0.1:45679/cb';
    const registered = await fetch(`${sim.httpUrl}/control/oidc/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'int-test-other-rp',
        clientSecret: 'int-test-other-secret',
        redirectUris: [otherRedirect, 'http://localhost:45680/cb'],
        tokenEndpointAuthMethod: 'client_secret_basic',
        idTokenSignedResponseAlg: 'RS256',
      }),
    });
    expect(registered.status).toBe(201);
    const other = await client.discovery(issuer, 'int-test-other-rp', undefined, client.ClientSecretBasic('int-test-other-secret'), {
      execute: [client.allowInsecureRequests],
    });
    const tokens = await codeFlow(other, otherRedirect, { login_hint: HSA });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ employeeHsaId: HSA, aud: 'int-test-other-rp' });
    expect(claims.sub).not.toBe(HSA);
    expect(claims.sub).not.toBe(first.sub);
    expect(await client.fetchUserInfo(other, tokens.access_token, claims.sub)).toMatchObject({ sub: claims.sub, employeeHsaId: HSA });
  });

  it('requires PKCE and an exactly registered redirect URI', async () => {
    const base = `${issuer.href}/auth?client_id=insyn-identity&response_type=code&scope=openid`;
    const noPkce = await fetch(`${base}&redirect_uri=${encodeURIComponent(DEFAULT_REDIRECT)}&state=s`, { redirect: 'manual' });
    const location = new URL(noPkce.headers.get('location') ?? 'http://x/');
    expect(location.searchParams.get('error')).toBe('invalid_request');

    const foreign = await fetch(
      `${base}&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/evil')}&code_challenge=abc&code_challenge_method=S256`,
      {
        redirect: 'manual',
      },
    );
    expect(foreign.status).toBe(400);
  });
});

import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { TestUsers } from '../control/test-users.js';
import { errorPage } from './login-page.js';
import type { OidcClients } from './oidc-clients.js';
import { memoryAdapterFactory } from './oidc-memory.adapter.js';
import { SITHS_CLAIMS, SITHS_LOA3, isSithsUser, pseudonymousSub, sithsClaims } from './siths-account.js';

/** Where the provider is mounted on the simulator's HTTP listener; the issuer is `${httpUrl}/oidc`. */
export const OIDC_MOUNT = '/oidc';

const SCOPES = ['openid', 'profile', 'personal_identity_number'];
const ALL_CLAIMS = SITHS_CLAIMS.filter((c) => c !== 'sub');

/**
 * An OpenID Connect provider standing in for Inera's SITHS IdP: code flow with PKCE required, RS256 (default)
 * or ES256 ID tokens, acr loa3, and the SITHS claims. The scope `openid` releases every SITHS claim (Inera
 * releases the claims registered for the client), and with conformIdTokenClaims false they are in the ID
 * token as well as at userinfo. Keys and the cookie key are made at start: nothing outlives the process.
 */
export async function createSithsProvider(issuer: string, clients: OidcClients, users: TestUsers): Promise<Provider> {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const subSecret = randomBytes(32);

  const configuration: Configuration = {
    adapter: memoryAdapterFactory(clients),
    clients: [],
    jwks: {
      keys: [
        { ...(await exportJWK(rsa.privateKey)), kid: 'siths-sim-rs256', use: 'sig', alg: 'RS256' },
        { ...(await exportJWK(ec.privateKey)), kid: 'siths-sim-es256', use: 'sig', alg: 'ES256' },
      ],
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: SCOPES,
    claims: {
      sid: null,
      iss: null,
      // Inera: scope openid always gives amr, acr and auth_time; here it also releases the SITHS claims.
      openid: ['acr', 'amr', 'auth_time', ...SITHS_CLAIMS],
      profile: ['given_name', 'family_name', 'name'],
      personal_identity_number: ['credentialPersonalIdentityNumber'],
    },
    conformIdTokenClaims: false,
    // Only pairwise subjects, keyed by client id: Inera never sends the HSA-id as sub. oidc-provider asks a
    // pairwise client for a sector_identifier_uri when its redirect URIs name several hosts; the sector here
    // is the client itself, so that URI is a placeholder and never fetched.
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) => pseudonymousSub(subSecret, accountId, client.clientId),
    sectorIdentifierUriValidate: () => false,
    acrValues: [SITHS_LOA3],
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
    interactions: { url: (_ctx, interaction) => `${OIDC_MOUNT}/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const user = users.all().find((u) => isSithsUser(u) && u.hsaId === id);
      if (!user || !isSithsUser(user)) return undefined;
      return { accountId: id, claims: () => sithsClaims(user) };
    },
    // Inera's IdP asks no consent: the claims an RP may get are registered with it. Every grant here covers all.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant =
        (grantId ? await provider.Grant.find(grantId) : undefined) ??
        new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(SCOPES.join(' '));
      grant.addOIDCClaims(ALL_CLAIMS);
      await grant.save();
      return grant;
    },
  };

  const provider = new Provider(issuer, configuration);
  // Behind PUBLIC_URL a proxy may terminate TLS; trust its X-Forwarded-* headers (as express does for loopback).
  provider.proxy = true;
  return provider;
}

// The development wiring of identity and the e-ID simulator, for `npm start`: the simulator's RP APIs
// over mutual TLS with the development PKI, its OIDC provider as the SITHS IdP, a registered official,
// and a municipal-system client whose secret is made per run. Production configures the same variables
// with the real BankID, Freja and Inera endpoints and certificates (README, docs/identity.md).
import { randomBytes } from 'node:crypto';

/** HSA-id of the simulator's test official (apps/eid-simulator/src/control/test-users.ts). */
export const DEV_OFFICIAL_HSA_ID = 'SE2120002627-E000000000001';

export function devEnvironment({ pki, ports }) {
  const simulatorHttp = `http://127.0.0.1:${ports['eid-simulator']}`;
  const simulatorTls = `https://127.0.0.1:${ports['eid-simulator-tls']}`;
  const identity = `http://127.0.0.1:${ports.identity}`;
  const devClient = { clientId: 'dev-console', secret: randomBytes(24).toString('base64url') };
  return {
    devClient,
    common: { AUTH_ISSUER: identity, AUTH_JWKS_URL: `${identity}/.well-known/jwks.json` },
    perApp: {
      'eid-simulator': {
        TLS_PORT: String(ports['eid-simulator-tls']),
        PKI_DIR: pki.dir,
        SIM_OIDC_REDIRECT_URIS: `${identity}/v1/logins/siths/callback`,
      },
      identity: {
        IDENTITY_ISSUER: identity,
        PORTAL_URL: `http://127.0.0.1:${ports.portal}`,
        BANKID_URL: `${simulatorTls}/rp/v6.0`,
        BANKID_CLIENT_CERT: pki.rpClientCert,
        BANKID_CLIENT_KEY: pki.rpClientKey,
        BANKID_CA: pki.serverCa,
        FREJA_URL: simulatorTls,
        FREJA_CLIENT_CERT: pki.rpClientCert,
        FREJA_CLIENT_KEY: pki.rpClientKey,
        FREJA_CA: pki.serverCa,
        FREJA_JWS_CERTS: pki.frejaJwsCert,
        SITHS_ISSUER: `${simulatorHttp}/oidc`,
        SITHS_CLIENT_ID: 'insyn-identity',
        SITHS_CLIENT_SECRET: 'dev-secret-siths',
        OFFICIALS: JSON.stringify({
          [DEV_OFFICIAL_HSA_ID]: {
            unit: 'kommunstyrelsen',
            roles: ['notice-editor', 'dpo', 'identity-admin', 'messages-handler', 'retention-admin', 'archivist'],
          },
        }),
        IDENTITY_BOOTSTRAP_CLIENTS: JSON.stringify([
          {
            clientId: devClient.clientId,
            secret: devClient.secret,
            name: 'Development console',
            unit: 'kommunstyrelsen',
            scopes: ['notice:read', 'notice:write', 'messages:send', 'messages:read', 'retention:read'],
          },
        ]),
      },
    },
  };
}

/** A client-credentials token from the running identity service. */
export async function clientToken(identityUrl, { clientId, secret }) {
  const res = await fetch(`${identityUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return (await res.json()).access_token;
}

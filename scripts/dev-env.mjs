// @ts-check
// The development wiring of identity and the e-ID simulator, for `npm start`: the simulator's RP APIs
// over mutual TLS with the development PKI, its OIDC provider as the SITHS IdP, a registered official,
// and a municipal-system client whose secret is made per run. Production configures the same variables
// with the real BankID, Freja and Inera endpoints and certificates (README, docs/identity.md).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** @typedef {{ hsaId: string; name: string; unit: string; roles: string[] }} DevOfficial */
/** @typedef {{ clientId: string; secret: string }} DevClient */
/**
 * The development PKI's files the apps are configured with (@insyn/dev-pki's DevPki has them all; a test
 * may give only the folder).
 * @typedef {{ dir: string } & Partial<Record<'rpClientCert' | 'rpClientKey' | 'serverCa' | 'frejaJwsCert', string>>} DevPkiFiles
 */

/** HSA-id of the simulator's test official with every role (apps/eid-simulator/src/control/test-users.ts). */
export const DEV_OFFICIAL_HSA_ID = 'SE2120002627-E000000000001';

/** Every official role the apps check (their @Allow policies). */
/** @type {string[]} */
export const OFFICIAL_ROLES = [
  'notice-editor',
  'dpo',
  'identity-admin',
  'messages-handler',
  'retention-admin',
  'archivist',
  'rights-handler',
  'registrator',
  'notice-approver',
  'retention-approver',
];

/**
 * The roles of a second person only (four-eyes, ADR 0023 and 0024): approving a notice or a retention rule
 * that another official submitted. The DPO (Frida Forsberg) approves both too, so the development officials
 * have no one with either alone: a simulator test person of her own needs a personnummer from
 * Skatteverket's test series, which the simulator does not have to spare. Carl Celsing has them, with every role.
 */
/** @type {string[]} */
export const SECOND_PERSON_ROLES = ['notice-approver', 'retention-approver'];

/**
 * The development officials, as identity's OFFICIALS maps them: one with every role, one per role alone
 * (but SECOND_PERSON_ROLES), and one of a second unit, so what each role may (and may not) do can be tried by signing in as her. The
 * simulator's SITHS test persons carry these HSA-ids (apps/eid-simulator/src/control/test-users.ts); the
 * units are the apps' default ones (MESSAGES_UNITS, RIGHTS_UNITS, RETENTION_UNITS).
 */
/** @type {DevOfficial[]} */
export const DEV_OFFICIALS = [
  { hsaId: DEV_OFFICIAL_HSA_ID, name: 'Carl Celsing', unit: 'kommunstyrelsen', roles: OFFICIAL_ROLES },
  { hsaId: 'SE2120002627-E000000000002', name: 'Elin Ekström', unit: 'kommunstyrelsen', roles: ['notice-editor'] },
  { hsaId: 'SE2120002627-E000000000003', name: 'Frida Forsberg', unit: 'kommunstyrelsen', roles: ['dpo'] },
  { hsaId: 'SE2120002627-E000000000004', name: 'Gustav Gran', unit: 'kommunstyrelsen', roles: ['identity-admin'] },
  { hsaId: 'SE2120002627-E000000000005', name: 'Hanna Holm', unit: 'kommunstyrelsen', roles: ['messages-handler'] },
  { hsaId: 'SE2120002627-E000000000006', name: 'Isak Isaksson', unit: 'kommunstyrelsen', roles: ['retention-admin'] },
  { hsaId: 'SE2120002627-E000000000007', name: 'Johanna Jansson', unit: 'kommunstyrelsen', roles: ['archivist'] },
  { hsaId: 'SE2120002627-E000000000008', name: 'Karl Kvist', unit: 'kommunstyrelsen', roles: ['rights-handler'] },
  { hsaId: 'SE2120002627-E000000000009', name: 'Linnea Lund', unit: 'kommunstyrelsen', roles: ['registrator'] },
  {
    hsaId: 'SE2120002627-E000000000010',
    name: 'Mohammed Malik',
    unit: 'socialtjansten',
    roles: ['messages-handler', 'rights-handler'],
  },
];

/**
 * Where the messages service archives closed conversations under `npm start`: ARCHIVE_URL or ARCHIVE_DIR
 * when set, else `<cache>/archive` (the service's own default, made 0700 at its boot).
 * @param {string} cache
 * @param {Record<string, string | undefined>} [env]
 * @returns {{ kind: 'endpoint' | 'folder'; where: string }}
 */
export function devArchive(cache, env = process.env) {
  if (env.ARCHIVE_URL) return { kind: 'endpoint', where: env.ARCHIVE_URL };
  return { kind: 'folder', where: env.ARCHIVE_DIR ?? path.join(cache, 'archive') };
}

/**
 * Every app's development environment: what all share, and each app's own variables.
 * @param {{ pki: DevPkiFiles; ports: Record<string, number | undefined>; cache: string }} options
 * @returns {{ devClient: DevClient; common: Record<string, string>; perApp: Record<string, Record<string, string | undefined>> }}
 */
export function devEnvironment({ pki, ports, cache }) {
  const simulatorHttp = `http://127.0.0.1:${ports['eid-simulator']}`;
  const simulatorTls = `https://127.0.0.1:${ports['eid-simulator-tls']}`;
  const identity = `http://127.0.0.1:${ports.identity}`;
  /** @param {string} app */
  const at = (app) => `http://127.0.0.1:${ports[app]}`;
  const devClient = { clientId: 'dev-console', secret: randomBytes(24).toString('base64url') };
  return {
    devClient,
    // INSYN_CACHE_DIR: the cache infra.mjs uses, so the apps' development defaults (the messages archive
    // folder) land beside it whether or not the variable was exported.
    common: { AUTH_ISSUER: identity, AUTH_JWKS_URL: `${identity}/.well-known/jwks.json`, INSYN_CACHE_DIR: cache },
    perApp: {
      'eid-simulator': {
        TLS_PORT: String(ports['eid-simulator-tls']),
        PKI_DIR: pki.dir,
        // Identity's callback, and the portal's for the officials' sign-in it relays (ADR 0009).
        SIM_OIDC_REDIRECT_URIS: `${identity}/v1/logins/siths/callback,${at('portal')}/tjanst/logga-in/retur`,
      },
      identity: {
        IDENTITY_ISSUER: identity,
        PORTAL_URL: `http://127.0.0.1:${ports.portal}`,
        // Each API's Swagger UI (its /docs) may get a client-credentials token here from the browser (ADR 0019).
        TOKEN_CORS_ORIGINS: ['notice', 'messages', 'retention', 'rights'].map(at).join(','),
        // A citizen's person assertion for a conversation she starts is encrypted to messages' key (ADR 0010).
        PERSON_ASSERTION_AUDIENCES: JSON.stringify({ 'insyn-messages': `${at('messages')}/.well-known/jwks.json` }),
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
        OFFICIALS: JSON.stringify(Object.fromEntries(DEV_OFFICIALS.map((o) => [o.hsaId, { unit: o.unit, roles: o.roles }]))),
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
      // The citizen's front door, for a newcomer at http://127.0.0.1:3000: the demo data is Umeå's notice, so
      // the portal wears Umeå kommun's name and a dark blue (white text on it passes WCAG AA). Its cookie
      // stays Secure (__Host-): browsers keep Secure cookies from http://127.0.0.1 and http://localhost.
      portal: {
        PORTAL_URL: at('portal'),
        IDENTITY_URL: identity,
        NOTICE_URL: at('notice'),
        MESSAGES_URL: at('messages'),
        RIGHTS_URL: at('rights'),
        RETENTION_URL: at('retention'),
        PORTAL_THEME: JSON.stringify({ name: 'Umeå kommun', primaryColor: '#1f4e8c' }),
        PORTAL_SERVICE_NOTICES: JSON.stringify({ messages: 'sakra-meddelanden' }),
        PORTAL_COOKIE_SECURE: 'true',
      },
      messages: { MESSAGES_PORTAL_URL: at('portal') },
    },
  };
}

/**
 * A client-credentials token from the running identity service.
 * @param {string} identityUrl
 * @param {DevClient} client
 * @returns {Promise<string>}
 */
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
  return /** @type {{ access_token: string }} */ (await res.json()).access_token;
}

/**
 * An access token of a development official, signed in with SITHS eID as a browser would: identity's
 * sign-in, the simulator's OIDC provider (its simulator-only `login_hint` picks the test person by HSA-id
 * without the page), identity's callback, then a refresh of the session it set. For the demo data that takes
 * two people (a notice is submitted by one official and approved by another, ADR 0023).
 * @param {string} identityUrl
 * @param {string} hsaId
 * @returns {Promise<string>}
 */
export async function officialToken(identityUrl, hsaId) {
  /** Each origin's cookies, by name. @type {Map<string, Map<string, string>>} */
  const jars = new Map();
  /** @param {string} url */
  const jarOf = (url) => {
    const origin = new URL(url).origin;
    /** @type {Map<string, string>} */
    const jar = jars.get(origin) ?? new Map();
    jars.set(origin, jar);
    return jar;
  };
  /**
   * @param {string} url
   * @param {{ method?: string; headers?: Record<string, string> }} [init]
   */
  const get = async (url, init = {}) => {
    const jar = jarOf(url);
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const started = await get(`${identityUrl}/v1/logins/siths`);
  const authorize = new URL(started.headers.get('location') ?? '', identityUrl);
  authorize.searchParams.set('login_hint', hsaId);
  let next = authorize.toString();
  for (let hops = 0; !next.startsWith(identityUrl); hops++) {
    if (hops > 10) throw new Error(`signing in ${hsaId} with SITHS did not come back to identity`);
    const res = await get(next);
    const location = res.headers.get('location');
    if (!location) throw new Error(`signing in ${hsaId} with SITHS stopped at ${res.status} (${new URL(next).pathname})`);
    next = new URL(location, next).toString();
  }
  const back = await get(next);
  if (back.status !== 303) throw new Error(`identity's SITHS callback answered ${back.status} for ${hsaId}`);
  const refreshed = await get(`${identityUrl}/v1/sessions/refresh`, { method: 'POST' });
  if (!refreshed.ok) throw new Error(`a session of ${hsaId} could not be refreshed: ${refreshed.status}`);
  return /** @type {{ accessToken: string }} */ (await refreshed.json()).accessToken;
}

/**
 * Writes what `npm start` must not print (the terminal, its scrollback and CI logs are no place for a
 * secret or a personnummer): the development client's credentials, the test person to sign in as and the
 * development officials (HSA-id, unit, roles; their personnummer stay on the simulator's page), to
 * `<cache>/dev-credentials.txt`, readable by the user only (0600, also when the file was there before).
 * Returns its path for the banner.
 * @param {string} cache
 * @param {{ devClient: DevClient; identityUrl: string; person?: { personnummer: string; name: string } | undefined }} options
 */
export function writeDevCredentials(cache, { devClient, identityUrl, person }) {
  fs.mkdirSync(cache, { recursive: true, mode: 0o700 });
  const file = path.join(cache, 'dev-credentials.txt');
  const text = [
    "# Insyn `npm start`: this run's development credentials. Made anew at every start; keep them out of logs.",
    '',
    `Development municipal-system client: ${devClient.clientId}`,
    `  secret: ${devClient.secret}`,
    '  a token (10 min):',
    `  export INSYN_TOKEN=$(curl -s -u ${devClient.clientId}:${devClient.secret} -d grant_type=client_credentials ${identityUrl}/oauth/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
    '',
    ...(person ? [`Test person with a demo conversation: ${person.name}, personnummer ${person.personnummer}`] : []),
    '',
    'Officials (sign in at /tjanst with SITHS eID and choose one on the simulator’s page):',
    ...DEV_OFFICIALS.map((o) => `  ${o.hsaId}  ${o.name}, ${o.unit}: ${o.roles.join(', ')}`),
    '',
  ].join('\n');
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}

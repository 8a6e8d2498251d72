// @ts-check
// `node scripts/api-fuzz.mjs [app ...] [-- schemathesis options]`: checks that each API app answers what
// its committed OpenAPI document says, with schemathesis (https://schemathesis.readthedocs.io; install it
// with `pip install schemathesis`, or point SCHEMATHESIS at its `st` executable). Each app is started
// alone (as `npm start` would, from its main.ts) against the running Kafka and MongoDB (KAFKA_BROKERS,
// MONGODB_URI; a database of its own), trusting a key made for this run, and schemathesis calls every
// operation as an official holding every role, a citizen, and a municipal system with every scope: the status codes must be documented
// (status_code_conformance), the bodies must match their schemas (response_schema_conformance), and no
// 5xx (not_a_server_error). Exits non-zero when any app fails.
//
// `--ci` is the bounded run `.ci/run` makes after the tests (a few minutes): schemathesis at a pinned
// version in a virtual environment of the cache (installed with pip on the first run), at most
// FUZZ_MAX_EXAMPLES (default 5) cases per operation in each phase (notice's stateful phase only in the full
// run, its coverage phase only as the official), and Kafka and MongoDB started for it when
// KAFKA_BROKERS and MONGODB_URI are not set. The seed is printed, so a finding can be run again
// (`-- --seed N`). Without `--ci` every phase runs at schemathesis's own sizes (about 4 minutes).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { CACHE, freePort, startInfra } from './infra.mjs';
/** @import { ChildProcess } from 'node:child_process' */
/** @import { JWTPayload } from 'jose' */
/** @import { Infra } from './infra.mjs' */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APIS = ['notice', 'identity', 'messages', 'retention', 'rights'];
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const ours = dash < 0 ? argv : argv.slice(0, dash);
const apps = ours.filter((a) => APIS.includes(a));
const ci = ours.includes('--ci');
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const extra = [
  ...(ci ? ['--max-examples', process.env.FUZZ_MAX_EXAMPLES ?? '5', '--seed', seed] : []),
  ...(dash < 0 ? [] : argv.slice(dash + 1)),
];

/** The pinned schemathesis, in a virtual environment of the cache: created and filled with pip on the first run. */
const SCHEMATHESIS_VERSION = '4.32.5';
function pinnedSchemathesis() {
  const venv = path.join(CACHE, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const bin = path.join(venv, 'bin', 'st');
  if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0) return bin;
  console.log(`api-fuzz: installing schemathesis ${SCHEMATHESIS_VERSION} with pip into ${venv} (first run only)`);
  /** @type {[string, string[]][]} */
  const steps = [
    ['python3', ['-m', 'venv', venv]],
    [path.join(venv, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`]],
  ];
  for (const [cmd, args] of steps)
    if (spawnSync(cmd, args, { stdio: 'inherit' }).status !== 0) {
      console.error(`api-fuzz: ${cmd} ${args.join(' ')} failed (schemathesis needs Python 3.9 or later with venv and pip)`);
      process.exit(2);
    }
  return bin;
}
const st = process.env.SCHEMATHESIS ?? (ci ? pinnedSchemathesis() : 'st');

/** @type {Infra | undefined} */
let infra;
if (!process.env.KAFKA_BROKERS || !process.env.MONGODB_URI) {
  if (!ci) {
    console.error('api-fuzz: set KAFKA_BROKERS and MONGODB_URI (the running infrastructure: node scripts/infra.mjs)');
    process.exit(2);
  }
  infra = await startInfra();
  Object.assign(process.env, infra.env);
}
if (ci) console.log(`api-fuzz --ci: seed ${seed}, at most ${process.env.FUZZ_MAX_EXAMPLES ?? '5'} cases per operation and phase`);

const ROLES = ['notice-editor', 'dpo', 'identity-admin', 'messages-handler', 'retention-admin', 'archivist', 'rights-handler'];
const { privateKey, publicKey } = await generateKeyPair('ES256');
const jwk = { ...(await exportJWK(publicKey)), kid: `fuzz-${Date.now()}`, alg: 'ES256', use: 'sig' };
const ISSUER = 'https://identity.fuzz.test';
const SCOPES = ['notice:read', 'notice:write', 'messages:send', 'messages:read', 'retention:read', 'retention:hold', 'consent:read'];
/**
 * @param {string} sub
 * @param {JWTPayload} claims
 */
const mint = (sub, claims) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience('insyn')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
// Each app is called as each kind of caller in turn (AS=official,citizen,client to choose).
/** @type {Record<string, string>} */
const CALLERS = {
  official: await mint('fuzz-official', {
    kind: 'official',
    roles: ROLES,
    unit: 'kommunstyrelsen',
    hsa_id: 'SE2321000230-fuzz',
    loa: 3,
    idp: 'siths',
  }),
  citizen: await mint(randomBytes(32).toString('hex'), { kind: 'citizen', loa: 3, idp: 'bankid' }),
  client: await mint('fuzz-system', { kind: 'client', client_id: 'fuzz-system', scope: SCOPES.join(' '), unit: 'kommunstyrelsen' }),
};
const callers = (process.env.AS ?? 'official,citizen,client').split(',').filter((c) => c in CALLERS);

/**
 * @param {string} url
 * @param {ChildProcess} child
 */
async function waitForHealth(url, child) {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('no /health within 60 s');
}

/**
 * Starts one app on a free port with a database of its own; `ready` settles once its /health answers.
 * @param {string} app
 */
async function startApp(app) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const db = `fuzz_${app}_${randomBytes(3).toString('hex')}`;
  const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'AUTH_JWKS_URL')),
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      MONGODB_DB: db,
      KAFKA_CONSUMER_GROUP: `insyn-${db}`,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: 'insyn',
      AUTH_JWKS: JSON.stringify({ keys: [jwk] }),
      ...(app === 'identity' ? { IDENTITY_ISSUER: url, LOGIN_RATE_LIMIT: '100000' } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const ready = waitForHealth(url, child);
  ready.catch(() => undefined); // awaited in turn below
  return { app, url, child, ready, started: Date.now() };
}

// Every app boots at once (they wait on each other's CPU, not on each other); schemathesis then takes them in turn.
/** @type {{ app: string; ok: boolean; seconds: number; error?: string }[]} */
const results = [];
const running = await Promise.all((apps.length ? apps : APIS).map(startApp));
for (const { app, url, child, ready, started } of running) {
  try {
    await ready;
    for (const caller of callers) {
      console.log(`\n=== api-fuzz: ${app} as ${caller} ===`);
      const run = spawnSync(
        st,
        [
          'run',
          path.join(ROOT, 'apps', app, 'openapi.json'),
          '--url',
          url,
          '--checks',
          'status_code_conformance,response_schema_conformance,not_a_server_error',
          '--header',
          `Authorization: Bearer ${CALLERS[caller]}`,
          // In CI notice's stateful phase (chains of notices created, versioned and published: about 6 minutes
          // a pass on 2 cores, most of the whole fuzz run) runs only in the full run, and its coverage phase
          // (boundary bodies of the notice schema) as the official only: a system with notice:write meets the
          // same validation of the same bodies, and a citizen is refused by the guard before a body is read.
          ...(ci && app === 'notice' && dash < 0
            ? ['--phases', caller === 'official' ? 'examples,coverage,fuzzing' : 'examples,fuzzing']
            : []),
          ...extra,
        ],
        { cwd: os.tmpdir(), stdio: 'inherit' }, // st keeps its cache (.schemathesis/) in its working folder
      );
      results.push({ app: `${app} as ${caller}`, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
    }
  } catch (err) {
    results.push({
      app,
      ok: false,
      seconds: Math.round((Date.now() - started) / 1000),
      error: err instanceof Error ? err.message : String(err),
    });
  } finally {
    child.kill('SIGTERM');
    await /** @type {Promise<void>} */ (new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', () => r()))));
  }
}
await infra?.stop();
for (const r of results) console.log(`api-fuzz ${r.app}: ${r.ok ? 'passed' : 'FAILED'} in ${r.seconds} s${r.error ? ` (${r.error})` : ''}`);
if (ci && !results.every((r) => r.ok)) console.log(`api-fuzz: run it again with FUZZ_SEED=${seed} node scripts/api-fuzz.mjs --ci`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

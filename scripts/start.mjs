#!/usr/bin/env node
// @ts-check
// `npm start`: the whole system on this machine, from nothing. Installs packages if needed, starts
// Kafka and MongoDB (scripts/infra.mjs), every app under apps/ on its fixed port, waits until each
// answers /health, loads the demo data, prints the URLs, and stops everything on Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePackages } from './ensure-packages.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensurePackages('start');
const { CACHE, startInfra } = await import('./infra.mjs');
// The development PKI is TypeScript (@insyn/dev-pki, shared with the e-ID simulator and the tests):
// the TypeScript loader the apps run under resolves and compiles it here too.
await import('./ts-loader.mjs');
const { ensureDevPki } = await import('@insyn/dev-pki');
const { clientToken, devArchive, devEnvironment, writeDevCredentials } = await import('./dev-env.mjs');

/**
 * Fixed default ports (README); PORT_<APP> overrides, e.g. PORT_NOTICE=4001.
 * @type {Partial<Record<string, number>>}
 */
const PORTS = {
  portal: 3000,
  notice: 3001,
  identity: 3002,
  messages: 3003,
  retention: 3004,
  rights: 3005,
  'eid-simulator': 3010,
  'eid-simulator-tls': 3011,
};
/** @param {string} app */
const portOf = (app) => Number(process.env[`PORT_${app.toUpperCase().replace(/-/g, '_')}`] ?? PORTS[app] ?? 3100 + apps.indexOf(app));
const apps = fs
  .readdirSync(path.join(ROOT, 'apps'))
  .filter((a) => fs.existsSync(path.join(ROOT, 'apps', a, 'src', 'main.ts')))
  .sort((a, b) => (PORTS[a] ?? 9999) - (PORTS[b] ?? 9999));

const infra = await startInfra();
console.log(`[start] Kafka:   ${infra.kafkaKind} at ${infra.env.KAFKA_BROKERS}`);
console.log(`[start] MongoDB: ${infra.mongoKind} at ${infra.env.MONGODB_URI}`);
const pki = await ensureDevPki();
const dev = devEnvironment({ pki, cache: CACHE, ports: Object.fromEntries(Object.keys(PORTS).map((a) => [a, portOf(a)])) });

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;
/** @param {number} code */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping');
  await Promise.all(
    children.map(
      (c) =>
        /** @type {Promise<void>} */ (
          new Promise((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
          })
        ),
    ),
  );
  await infra.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/** @type {{ app: string; port: number }[]} */
const urls = [];
for (const app of apps) {
  const port = portOf(app);
  const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...infra.env,
      ...dev.common,
      ...(dev.perApp[app] ?? {}),
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      PORT: String(port),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
  });
  child.once('exit', (code) => {
    if (!stopping) {
      console.error(`[start] ${app} exited (${code}); stopping everything`);
      void stop(1);
    }
  });
  children.push(child);
  urls.push({ app, port });
}

for (const { app, port } of urls) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      console.error(`[start] ${app} did not become healthy on port ${port}`);
      await stop(1);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

const identityUrl = `http://127.0.0.1:${portOf('identity')}`;
const seeds = await import('./seed.mjs').then(async (m) =>
  m.seed({ ports: Object.fromEntries(urls.map((u) => [u.app, u.port])), token: await clientToken(identityUrl, dev.devClient) }),
);

console.log('\n[start] Insyn is running:');
for (const { app, port } of urls)
  console.log(`  ${app.padEnd(14)} http://127.0.0.1:${port}   (docs /docs, health /health, metrics /metrics)`);
for (const line of seeds) console.log(`  ${line}`);
const archive = devArchive(CACHE);
console.log(`\n  Closed conversations are archived to the ${archive.kind} ${archive.where} (ARCHIVE_DIR or ARCHIVE_URL change it).`);
console.log(`\n  Start here: the citizen's portal, http://127.0.0.1:${portOf('portal')}/`);
console.log(`  Sign in as a citizen: open the simulator's phone page http://127.0.0.1:${portOf('eid-simulator')}/ beside the portal.`);
// The banner names no secret and no person: those go to a file only the user can read.
const { DEMO_PERSON } = await import('./seed.mjs');
const credentials = writeDevCredentials(CACHE, {
  devClient: dev.devClient,
  identityUrl,
  person: urls.some((u) => u.app === 'messages') ? DEMO_PERSON : undefined,
});
console.log(`  This run's development client secret, a command for a municipal-system token, the test person to sign`);
console.log(`  in as and the officials with their roles: ${credentials} (readable by you only; the simulator's page`);
console.log(`  lists its test persons too).`);
console.log('\n  Ctrl-C stops everything.');

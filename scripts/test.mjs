#!/usr/bin/env node
// `npm test`: starts the real Kafka broker and MongoDB-protocol server once (scripts/infra.mjs), runs
// every jest project (unit, int, e2e) against them, stops them (also on failure or Ctrl-C), and prints
// a one-line summary. Extra arguments go to jest: `npm test -- --selectProjects unit`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensurePackages } from './ensure-packages.mjs';
import { startInfra } from './infra.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensurePackages('test');
const args = process.argv.slice(2);
const unitOnly = args.includes('--selectProjects') && args[args.indexOf('--selectProjects') + 1] === 'unit';

process.stderr.write(`[test] Node.js ${process.version}\n`);
let infra;
if (!unitOnly) {
  ensureChromium('test');
  const started = Date.now();
  infra = await startInfra();
  process.stderr.write(`[test] Kafka:   ${infra.kafkaKind} at ${infra.env.KAFKA_BROKERS}\n`);
  process.stderr.write(`[test] MongoDB: ${infra.mongoKind} at ${infra.env.MONGODB_URI}\n`);
  process.stderr.write(`[test] infrastructure ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const results = path.join(os.tmpdir(), `insyn-jest-${process.pid}.json`);
const stopAndExit = async (code) => {
  await infra?.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stopAndExit(130));
process.on('SIGTERM', () => void stopAndExit(143));

const jest = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    path.join(ROOT, 'node_modules/jest/bin/jest.js'),
    '--json',
    `--outputFile=${results}`,
    ...(process.env.CI ? ['--ci'] : []),
    ...args,
  ],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...(infra?.env ?? {}) } },
);
const code = await new Promise((resolve) => jest.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
try {
  const r = JSON.parse(fs.readFileSync(results, 'utf8'));
  fs.rmSync(results, { force: true });
  process.stdout.write(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped\n`);
} catch {
  process.stdout.write('\n[test] jest wrote no results\n');
}
await stopAndExit(code);

#!/usr/bin/env node
// @ts-check
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
import { readJson } from './json.mjs';
/** @import { Infra } from './infra.mjs' */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensurePackages('test');
const args = process.argv.slice(2);
const unitOnly = args.includes('--selectProjects') && args[args.indexOf('--selectProjects') + 1] === 'unit';

process.stderr.write(`[test] Node.js ${process.version}\n`);
/** @type {Infra | undefined} */
let infra;
if (!unitOnly) {
  ensureChromium('test');
  const started = Date.now();
  infra = await startInfra();
  process.stderr.write(`[test] Kafka:   ${infra.kafkaKind} at ${infra.env.KAFKA_BROKERS}\n`);
  process.stderr.write(`[test] MongoDB: ${infra.mongoKind} at ${infra.env.MONGODB_URI}\n`);
  process.stderr.write(`[test] infrastructure ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** @param {number} code */
const stopAndExit = async (code) => {
  await infra?.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stopAndExit(130));
process.on('SIGTERM', () => void stopAndExit(143));

/**
 * What jest writes with --json: the counts, and each file's status and tests.
 * @typedef {object} JestResults
 * @property {number} numPassedTests
 * @property {number} numFailedTests
 * @property {number} numPendingTests
 * @property {{ name: string; status: string; assertionResults: { status: string }[] }[]} testResults
 */
/** @typedef {{ passed: number; failed: number; skipped: number }} Counts */

/**
 * Runs jest with `extra` arguments; resolves to its exit code and the results it wrote (or undefined).
 * @param {string[]} extra
 * @returns {Promise<{ code: number; r: JestResults | undefined }>}
 */
async function runJest(extra) {
  const results = path.join(os.tmpdir(), `insyn-jest-${process.pid}-${Date.now()}.json`);
  const jest = spawn(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      path.join(ROOT, 'node_modules/jest/bin/jest.js'),
      '--json',
      `--outputFile=${results}`,
      ...(process.env.CI ? ['--ci'] : []),
      ...extra,
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...(infra?.env ?? {}) } },
  );
  /** @type {number} */
  const code = await new Promise((resolve) => jest.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  try {
    const r = /** @type {JestResults} */ (readJson(results));
    fs.rmSync(results, { force: true });
    return { code, r };
  } catch {
    return { code, r: undefined };
  }
}

/**
 * Test counts, in jest's own summary form.
 * @param {Counts} counts
 */
const summary = ({ passed, failed, skipped }) =>
  `Tests:       ${[failed && `${failed} failed`, skipped && `${skipped} skipped`, `${passed} passed`].filter(Boolean).join(', ')}, ${passed + failed + skipped} total`;
/**
 * The whole run's counts as the run's last lines, on stdout (jest prints its summary on stderr), at the
 * start of a line: in jest's form, then with every count named, as `npm test` printed them when CI last
 * recognised them (stops 23-25 landed marked as having run no test while their logs ended with
 * `[test] Tests: … passed`).
 * @param {Counts} counts
 */
const finalSummary = (counts) => `${summary(counts)}\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`;
/**
 * @param {JestResults} r
 * @returns {Counts}
 */
const counts = (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests });
/**
 * The counts of the files of `r` that are not in `except`.
 * @param {JestResults} r
 * @param {string[]} except
 * @returns {Counts}
 */
const countsWithout = (r, except) => {
  const c = { passed: 0, failed: 0, skipped: 0 };
  for (const file of r.testResults.filter((t) => !except.includes(t.name)))
    for (const a of file.assertionResults) {
      if (a.status === 'passed') c.passed++;
      else if (a.status === 'failed') c.failed++;
      else c.skipped++;
    }
  return c;
};
let { code, r } = await runJest(args);
if (!r) process.stdout.write('\n[test] jest wrote no results\n');
/** The counts the run ends with: the first run's, or with a re-run, the re-run's in place of its files'. */
let final = r && counts(r);
let withRerun = false;

// In CI, a file that failed is run once more on its own, to tell a flaky file (one that waits on a real
// broker and database) from a broken one: a pass the second time is reported as FLAKY, by name, and the
// run passes; a second failure fails it. Only a few files: many failing at once is a real break. Locally
// a failure is a failure (INSYN_TEST_RERUN=0 turns the re-run off in CI too).
const failedFiles = r ? r.testResults.filter((t) => t.status === 'failed').map((t) => t.name) : [];
if (code !== 0 && process.env.CI && process.env.INSYN_TEST_RERUN !== '0' && failedFiles.length > 0 && failedFiles.length <= 3) {
  const names = failedFiles.map((f) => path.relative(ROOT, f));
  process.stdout.write(`\n[test] ${names.length} file(s) failed; running them once more on their own:\n  ${names.join('\n  ')}\n`);
  const again = await runJest(['--runTestsByPath', ...failedFiles]);
  code = again.code;
  if (again.r) process.stdout.write(`\n[test] the re-run: ${summary(counts(again.r))}\n`);
  process.stdout.write(
    code === 0
      ? `[test] FLAKY (failed, then passed on their own; the first run's output above says why):\n  ${names.join('\n  ')}\n`
      : '[test] failed again: not a flake\n',
  );
  // The whole run, as it stands after the re-run: the other files' first results and the re-run's.
  // (r is there: the failed files came from it.)
  if (r && again.r) {
    const others = countsWithout(r, failedFiles);
    const rerun = counts(again.r);
    final = { passed: others.passed + rerun.passed, failed: others.failed + rerun.failed, skipped: others.skipped + rerun.skipped };
    withRerun = true;
  }
}
if (final) process.stdout.write(`\n[test] all files${withRerun ? ', with the re-run' : ''}:\n${finalSummary(final)}`);
await stopAndExit(code);

#!/usr/bin/env node
// @ts-check
// `npm run bench`: starts the same self-provisioned Kafka and MongoDB as the tests, runs every
// bench/*.bench.ts in its own process, and prints each figure with its ratio to a baseline measured
// in the same run (machines are noisy: the ratio is what compares). `npm run bench -- notice` runs
// only the benchmarks whose file name contains "notice".
//
// `npm run bench -- --smoke` runs them at a size that takes seconds (BENCH_SMOKE=1; each benchmark
// picks its own small size, and a BENCH_* variable that is set still wins), each with a time limit:
// it shows that every benchmark still starts, measures and prints its figures, not how fast anything is.
//
// Every figure also goes to bench-results/<time>.json (and bench-results/latest.json): the commit, the
// machine, and each benchmark's figures, ratio and target, so that a change's effect on every figure can
// be compared before and after (`node scripts/bench-compare.mjs before.json after.json`).
//
// A benchmark fails when it exits non-zero, prints no figure line (`… vs baseline … → ratio <number>`,
// see bench/harness.ts) or, in a smoke pass, outlives its time limit. The summary at the end names
// each benchmark with ok or FAILED, and the exit code is 1 when any failed.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { ensurePackages } from './ensure-packages.mjs';
import { startInfra } from './infra.mjs';
import { parseJson } from './json.mjs';
/** @import { ChildProcess } from 'node:child_process' */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const unknown = args.filter((a) => a.startsWith('-') && a !== '--smoke');
if (unknown.length || args.filter((a) => !a.startsWith('-')).length > 1) {
  console.error(`usage: npm run bench [-- [--smoke] [name filter]] (not: ${args.join(' ')})`);
  process.exit(2);
}
const filter = args.find((a) => !a.startsWith('-')) ?? '';
// A smoke run of one benchmark takes about 5 to 25 s on a 2-core machine; the limit catches a hang.
const SMOKE_LIMIT_MS = Number(process.env.BENCH_SMOKE_LIMIT_MS ?? 120_000);
const FIGURE = /vs baseline .* → ratio -?\d+(\.\d+)?/;

ensurePackages('bench');
const files = fs
  .readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (!files.length) {
  console.error(`[bench] no benchmark matches "${filter}"`);
  process.exit(2);
}

/**
 * The benchmark running now: its own process group, so it is ended with everything it started.
 * @type {ChildProcess | undefined}
 */
let current;
/**
 * @param {ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
const endGroup = (child, signal) => {
  try {
    if (child.pid === undefined) throw new Error('it never started: no process group');
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
};

/**
 * Runs one benchmark, its output passed through; resolves to undefined when it passed, else why it failed.
 * @param {string} file
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<string | undefined>}
 */
function runOne(file, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', path.join('bench', file)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env,
      detached: true, // its own process group: a time limit or Ctrl-C also ends the load generators and simulator it started
    });
    current = child;
    let figures = 0;
    let line = '';
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
      process.stdout.write(chunk);
      const lines = (line + chunk.toString('utf8')).split('\n');
      line = lines.pop() ?? '';
      figures += lines.filter((l) => FIGURE.test(l)).length;
    });
    let timedOut = false;
    const timer = smoke
      ? setTimeout(() => {
          timedOut = true;
          endGroup(child, 'SIGKILL');
        }, SMOKE_LIMIT_MS)
      : undefined;
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      if (FIGURE.test(line)) figures++;
      if (timedOut) resolve(`still running after ${SMOKE_LIMIT_MS / 1000} s`);
      else if (code !== 0) resolve(`exit ${code ?? signal}`);
      else if (!figures) resolve('printed no figures');
      else resolve(undefined);
    });
  });
}

// Ctrl-C or a SIGTERM ends the running benchmark's group, stops the infrastructure and exits.
/** @type {number | undefined} */
let interrupted;
for (const [signal, code] of /** @type {const} */ ([
  ['SIGINT', 130],
  ['SIGTERM', 143],
])) {
  process.on(signal, () => {
    interrupted = code;
    if (current) endGroup(current, 'SIGTERM');
  });
}

const infra = await startInfra();
console.log(`[bench] Kafka: ${infra.kafkaKind}; MongoDB: ${infra.mongoKind}${smoke ? '; smoke sizes (BENCH_SMOKE=1)' : ''}`);
/** @type {{ file: string; failure: string | undefined; seconds: number; figures: unknown[] }[]} */
const results = [];
try {
  for (const file of files) {
    if (interrupted) break;
    console.log(`[bench] ${file}`);
    const started = performance.now();
    const figuresFile = path.join(os.tmpdir(), `insyn-bench-${process.pid}-${file}.jsonl`);
    fs.rmSync(figuresFile, { force: true });
    const failure = await runOne(file, {
      ...process.env,
      ...infra.env,
      BENCH_RESULTS_FILE: figuresFile,
      NODE_ENV: 'production',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...(smoke ? { BENCH_SMOKE: '1' } : {}),
    });
    const figures = fs.existsSync(figuresFile) ? fs.readFileSync(figuresFile, 'utf8').split('\n').filter(Boolean).map(parseJson) : [];
    fs.rmSync(figuresFile, { force: true });
    results.push({ file, failure, seconds: (performance.now() - started) / 1000, figures });
    if (failure) console.log(`[bench] ${file} FAILED: ${failure}`);
  }
} finally {
  await infra.stop();
}
if (interrupted) process.exit(interrupted);
const width = Math.max(...results.map((r) => r.file.length));
console.log(`[bench] summary${smoke ? ' (smoke)' : ''}:`);
for (const r of results)
  console.log(`[bench]   ${r.file.padEnd(width)}  ${r.failure ? `FAILED (${r.failure})` : 'ok'}  ${r.seconds.toFixed(1)} s`);
const failed = results.filter((r) => r.failure);
const written = writeResults(results);
console.log(`[bench] figures written to ${path.relative(process.cwd(), written)}`);
console.log(failed.length ? `[bench] ${failed.length} of ${results.length} failed` : `[bench] all ${results.length} ok`);
process.exit(failed.length ? 1 : 0);

/**
 * The run's figures as JSON, beside the human summary: bench-results/<time>.json and latest.json.
 * @param {typeof results} all
 */
function writeResults(all) {
  const dir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  let commit;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    commit = undefined;
  }
  const at = new Date();
  const doc = {
    at: at.toISOString(),
    commit,
    smoke,
    filter: filter || undefined,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    kafka: infra.kafkaKind,
    mongodb: infra.mongoKind,
    benchmarks: all.map((r) => ({
      file: r.file,
      ok: !r.failure,
      failure: r.failure,
      seconds: Number(r.seconds.toFixed(1)),
      figures: r.figures,
    })),
  };
  const file = path.join(dir, `${at.toISOString().replace(/[:.]/g, '-')}${smoke ? '-smoke' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, smoke ? 'latest-smoke.json' : 'latest.json'), `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}

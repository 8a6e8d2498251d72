import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `npm run bench -- --smoke` sets BENCH_SMOKE=1: every benchmark at a size that takes seconds, to show it still runs. */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/**
 * A benchmark's size (a count, seconds, ...): the `BENCH_*` variable when it is set, else `smoke` in a smoke
 * pass, else `full`. A value that is not an integer of at least `min` stops the benchmark, naming the variable.
 */
export function size(variable: `BENCH_${string}`, full: number, smoke: number, min = 1): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return SMOKE ? smoke : full;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${variable} must be an integer of at least ${min}, not ${JSON.stringify(raw)}`);
  return value;
}

export interface LoadResult {
  rps: number;
  /** Requests answered in the run. */
  requests: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Drives `url` from a separate process for `seconds` and returns throughput and latency. */
export async function load(url: string, seconds: number, connections = 32): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, [path.join(import.meta.dirname, 'load.mjs'), url, String(seconds), String(connections)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as LoadResult;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * One line per benchmark: the figure, the baseline measured in the same run, the ratio and the target.
 * Under `npm run bench` (BENCH_RESULTS_FILE set) the same figures are appended to that file as a JSON line.
 */
export function report(name: string, figure: string, baseline: string, ratio: number, target: number | undefined, extra = ''): void {
  const verdict = target === undefined ? '' : ratio >= target ? ` (target ≥ ${target}: met)` : ` (target ≥ ${target}: MISSED)`;
  process.stdout.write(`${name}: ${figure} vs baseline ${baseline} → ratio ${ratio.toFixed(2)}${verdict}${extra ? `; ${extra}` : ''}\n`);
  const file = process.env.BENCH_RESULTS_FILE;
  if (file) {
    const met = target === undefined ? undefined : ratio >= target;
    fs.appendFileSync(file, `${JSON.stringify({ name, figure, baseline, ratio: Number(ratio.toFixed(4)), target, met, extra })}\n`);
  }
}

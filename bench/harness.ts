import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LoadResult {
  rps: number;
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

/** One line per benchmark: the figure, the baseline measured in the same run, the ratio and the target. */
export function report(name: string, figure: string, baseline: string, ratio: number, target: number | undefined, extra = ''): void {
  const verdict = target === undefined ? '' : ratio >= target ? ` (target ≥ ${target}: met)` : ` (target ≥ ${target}: MISSED)`;
  process.stdout.write(`${name}: ${figure} vs baseline ${baseline} → ratio ${ratio.toFixed(2)}${verdict}${extra ? `; ${extra}` : ''}\n`);
}

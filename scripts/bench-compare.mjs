#!/usr/bin/env node
// @ts-check
// `node scripts/bench-compare.mjs before.json after.json`: each figure of two `npm run bench` runs side by
// side (files from bench-results/), by name: the ratio to its same-run baseline before and after, and the
// change. Ratios compare across runs; absolute figures on a noisy machine do not.
import { readJson } from './json.mjs';

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error('usage: node scripts/bench-compare.mjs <before.json> <after.json>');
  process.exit(2);
}
/**
 * One figure of a benchmark, as bench.mjs writes it (from bench/harness.ts).
 * @typedef {{ name: string; ratio: number; target?: number; met?: boolean }} Figure
 */
/**
 * A run's results file (bench-results/*.json), as far as it is compared here.
 * @typedef {{ at: string; commit?: string; smoke: boolean; benchmarks: { figures: Figure[] }[] }} Results
 */
/** @param {string} file */
const figures = (file) => {
  const doc = /** @type {Results} */ (readJson(file));
  return { doc, byName: new Map(doc.benchmarks.flatMap((b) => b.figures).map((f) => [f.name, f])) };
};
const before = figures(beforeFile);
const after = figures(afterFile);
console.log(`before: ${before.doc.at} ${before.doc.commit?.slice(0, 10) ?? ''}${before.doc.smoke ? ' (smoke)' : ''}`);
console.log(`after:  ${after.doc.at} ${after.doc.commit?.slice(0, 10) ?? ''}${after.doc.smoke ? ' (smoke)' : ''}`);
const names = [...new Set([...before.byName.keys(), ...after.byName.keys()])];
const width = Math.max(...names.map((n) => n.length));
for (const name of names) {
  const b = before.byName.get(name);
  const a = after.byName.get(name);
  /** @param {Figure | undefined} f */
  const fmt = (f) => (f ? f.ratio.toFixed(2).padStart(7) : '      –');
  const change = a && b && b.ratio !== 0 ? `${(((a.ratio - b.ratio) / b.ratio) * 100).toFixed(0).padStart(5)} %` : '';
  const target = (a ?? b)?.target;
  const goal = target === undefined ? '' : `  target ≥ ${target}${a?.met === false ? ' MISSED' : ''}`;
  console.log(`${name.padEnd(width)}  ${fmt(b)} → ${fmt(a)}  ${change}${goal}`);
}

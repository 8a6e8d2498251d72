#!/usr/bin/env node
// @ts-check
// Checks deploy/monitoring with Prometheus' own promtool (`npm run monitoring:check`, run by .ci/run):
//   - `promtool check rules alerts.yml`, and `promtool check config` on prometheus.yml, which loads it;
//   - `promtool test rules alerts.test.yml`: each alert fires on what it names, and not on its near miss;
//   - every PromQL expression of grafana-dashboard.json parses (written as recording rules to a temporary
//     file and given to `promtool check rules`, with the dashboard's variables filled in).
// promtool is built once from Prometheus' Go module and cached under INSYN_CACHE_DIR, like FerretDB
// in scripts/infra.mjs; the Go module proxy is the only thing it needs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE } from './infra.mjs';
import { parseJson, readJson } from './json.mjs';
/** @import { SpawnSyncOptionsWithStringEncoding } from 'node:child_process' */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MONITORING = path.join(ROOT, 'deploy', 'monitoring');
// Prometheus 3.x publishes its Go module as v0.3xx.y; promtool of this version checks our rules.
const PROMETHEUS_MODULE_VERSION = 'v0.316.0';

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'>} [opts]
 * @returns {string}
 */
function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (res.status !== 0) {
    const out = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${res.status ?? res.error}):\n${out}`);
  }
  return res.stdout;
}

/** The cached promtool, built with Go on first use (a few minutes once; then instant). */
export function ensurePromtool() {
  const bin = path.join(CACHE, 'promtool', `promtool-${PROMETHEUS_MODULE_VERSION}`);
  if (fs.existsSync(bin)) return bin;
  process.stderr.write(`[monitoring] building promtool ${PROMETHEUS_MODULE_VERSION} with Go (first run only, a few minutes)\n`);
  const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOWORK: 'off' };
  // As for FerretDB: download the exact module and build in a copy, never `go install pkg@version`.
  const info = /** @type {{ Dir: string }} */ (
    parseJson(
      run('go', ['mod', 'download', '-json', `github.com/prometheus/prometheus@${PROMETHEUS_MODULE_VERSION}`], { env, cwd: os.tmpdir() }),
    )
  );
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-promtool-'));
  try {
    fs.cpSync(info.Dir, src, { recursive: true });
    run('chmod', ['-R', 'u+w', src]);
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    const partial = `${bin}.${process.pid}.partial`;
    run('go', ['build', '-trimpath', '-o', partial, './cmd/promtool'], { env, cwd: src });
    fs.renameSync(partial, bin); // atomic: a concurrent build's result is as good as ours
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
  return bin;
}

/**
 * A Grafana dashboard's panels (rows hold panels of their own), as far as their queries go.
 * @typedef {{ title?: string; targets?: { expr?: string }[]; panels?: Panel[] }} Panel
 */

/**
 * Every PromQL expression of a Grafana dashboard, with its template variables filled in.
 * @param {{ panels?: Panel[] }} dashboard
 */
export function dashboardExpressions(dashboard) {
  /** @type {{ panel: string | undefined; expr: string }[]} */
  const exprs = [];
  /** @param {Panel[] | undefined} panels */
  const visit = (panels) => {
    for (const panel of panels ?? []) {
      for (const target of panel.targets ?? []) if (target.expr) exprs.push({ panel: panel.title, expr: target.expr });
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  return exprs.map((e) => ({ ...e, expr: e.expr.replace(/\$service/g, '.*').replace(/\$__\w+/g, '5m') }));
}

/** @param {string} promtool */
function checkDashboard(promtool) {
  const dashboard = /** @type {{ panels?: Panel[] }} */ (readJson(path.join(MONITORING, 'grafana-dashboard.json')));
  const exprs = dashboardExpressions(dashboard);
  const rules = {
    groups: [{ name: 'dashboard', rules: exprs.map((e, i) => ({ record: `insyn_dashboard:panel_${i}`, expr: e.expr })) }],
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-dashboard-'));
  try {
    const file = path.join(dir, 'dashboard-rules.json'); // JSON is YAML
    fs.writeFileSync(file, JSON.stringify(rules));
    run(promtool, ['check', 'rules', file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return exprs.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const promtool = ensurePromtool();
  process.stdout.write(run(promtool, ['check', 'rules', 'alerts.yml'], { cwd: MONITORING }));
  process.stdout.write(run(promtool, ['check', 'config', 'prometheus.yml'], { cwd: MONITORING }));
  process.stdout.write(run(promtool, ['test', 'rules', 'alerts.test.yml'], { cwd: MONITORING }));
  process.stdout.write(`Checking grafana-dashboard.json\n  SUCCESS: ${checkDashboard(promtool)} expressions parse\n`);
}

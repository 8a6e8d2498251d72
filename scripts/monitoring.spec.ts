import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

// The alert rules, their tests and the dashboard name metrics by string: this keeps them from drifting
// away from the metrics the code registers, and every alert pointed at a runbook section that exists.
const ROOT = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Rule {
  alert: string;
  expr: string;
  labels?: { severity?: string };
  annotations?: Record<string, string>;
}

const alerts = (parse(read('deploy/monitoring/alerts.yml')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const alertTests = read('deploy/monitoring/alerts.test.yml');
const dashboard = read('deploy/monitoring/grafana-dashboard.json');
const runbooks = read('docs/operations/runbooks.md');

/** Metric names the code registers with prom-client (`name: 'insyn_…'`), read from the sources. */
function registeredMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name))
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/name: '(insyn_[a-z0-9_]+)'/g)) names.add(m[1]!);
    }
  };
  walk(path.join(ROOT, 'apps'));
  walk(path.join(ROOT, 'libs'));
  return names;
}

/** The metrics a text names; a histogram's series (_bucket, _count, _sum) count as the histogram. */
function namedMetrics(text: string, registered: Set<string>): string[] {
  return [...new Set([...text.matchAll(/\binsyn_[a-z0-9_]+/g)].map((m) => m[0]))]
    .filter((n) => !n.startsWith('insyn_dashboard'))
    .map((n) => (registered.has(n) ? n : n.replace(/_(bucket|count|sum)$/, '')));
}

/** GitHub's anchor for a Markdown heading. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');

describe('deploy/monitoring against the code and the runbooks', () => {
  const registered = registeredMetrics();

  it('finds the metrics the code registers', () => {
    expect(registered.size).toBeGreaterThan(15);
    expect(registered).toContain('insyn_dead_letters_total');
  });

  it.each([
    ['alerts.yml', alerts.map((a) => a.expr).join('\n')],
    ['alerts.test.yml', alertTests],
    ['grafana-dashboard.json', dashboard],
  ])('%s names only metrics the code registers', (_file, text) => {
    const named = namedMetrics(text, registered);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !registered.has(n))).toEqual([]);
  });

  it('every alert has a severity, a summary and a runbook_url to a section of docs/operations/runbooks.md', () => {
    const anchors = new Set([...runbooks.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1]!)));
    for (const alert of alerts) {
      expect([alert.alert, alert.labels?.severity]).toEqual([alert.alert, expect.stringMatching(/^(critical|warning)$/)]);
      expect(alert.annotations?.summary).toBeTruthy();
      const url = alert.annotations?.runbook_url ?? '';
      expect([alert.alert, url]).toEqual([alert.alert, expect.stringMatching(/^docs\/operations\/runbooks\.md#/)]);
      expect([alert.alert, anchors.has(url.split('#')[1]!)]).toEqual([alert.alert, true]);
    }
  });

  it('every alert has a promtool unit test', () => {
    for (const alert of alerts) expect([alert.alert, alertTests.includes(`alertname: ${alert.alert}\n`)]).toEqual([alert.alert, true]);
  });
});

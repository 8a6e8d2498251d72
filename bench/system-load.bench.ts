// A municipality's busy hour on this machine, through the whole system: the e-ID simulator, identity,
// messages and retention run as separate processes (as `npm start` runs them) on the bench's Kafka and
// MongoDB. At each step of a rising rate, for BENCH_SYSTEM_SECONDS each, citizens come and go: each visit
// signs in with BankID (start, she scans the QR code and approves on her phone, poll, session), lists her
// conversations, reads the newest and replies; beside them a municipal system opens one conversation per
// visit. Reported: the highest rate of visits per second whose every request had p99 under 500 ms with
// no error, the CPU each service spent per sign-in and per message at that rate, and where the time went.
// The baseline is the same machine's bare authenticated route (identity's JWKS) at the same concurrency.
// Gallring runs are measured on their own (retention-gallring); a run beside this load is not played.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { luhnCheckDigit } from '@insyn/person';
import { clientToken, devEnvironment } from '../scripts/dev-env.mjs';
import { ensureDevPki } from '@insyn/dev-pki';
import { freePort } from '../scripts/infra.mjs';
import { report, SMOKE, size } from './harness.js';

const SECONDS = size('BENCH_SYSTEM_SECONDS', 15, 3);
const RATES = SMOKE ? [2] : [2, 4, 8, 16, 32];
const P99_LIMIT_MS = 500;
const ROOT = path.resolve(import.meta.dirname, '..');
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-bench-system-'));
const ports: Record<string, number> = {};
for (const app of ['eid-simulator', 'eid-simulator-tls', 'identity', 'messages', 'retention', 'portal']) ports[app] = await freePort();
const dev = devEnvironment({ pki: { ...(await ensureDevPki(path.join(cache, 'pki'))) }, ports, cache });
const url = (app: string) => `http://127.0.0.1:${ports[app]}`;
const stamp = Date.now().toString(36);

const APPS = ['eid-simulator', 'identity', 'messages', 'retention'] as const;
type App = (typeof APPS)[number];
const children = new Map<App, ChildProcess>();
const stopAll = () => {
  for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('exit', stopAll);
for (const app of APPS) {
  const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ...dev.common,
      ...(dev.perApp[app] ?? {}),
      NODE_ENV: 'development',
      PORT: String(ports[app]),
      LOG_LEVEL: 'error',
      DOCS_ENABLED: 'false',
      MONGODB_DB: `bench_system_${app.replace(/-/g, '_')}_${stamp}`,
      KAFKA_CONSUMER_GROUP: `bench-system-${app}-${stamp}`,
      LOGIN_RATE_LIMIT: '1000000',
    },
  });
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`[system-load] ${app} exited with ${code}`);
  });
  children.set(app, child);
}
for (const app of APPS) {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url(app)}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 240) throw new Error(`${app} did not become healthy`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A valid personnummer of someone born in 1980-1989 (the simulator must know her: POST /control/users). */
function personnummer(n: number): string {
  const body = `8${n % 10}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(100 + Math.floor(n / 10)).padStart(3, '0')}`;
  return `19${body}${luhnCheckDigit(body)}`;
}

interface Timing {
  what: string;
  ms: number;
  ok: boolean;
}
const timings: Timing[] = [];
async function timed<T>(what: string, work: () => Promise<Response>, read: (r: Response) => Promise<T>): Promise<T> {
  const started = performance.now();
  let ok = false;
  try {
    const res = await work();
    ok = res.ok;
    if (!ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
    return await read(res);
  } finally {
    timings.push({ what, ms: performance.now() - started, ok });
  }
}
const post = (to: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(to, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const systemToken = await clientToken(url('identity'), dev.devClient);
const system = { authorization: `Bearer ${systemToken}` };

/** A municipal system opens a conversation to `person`. */
const open = (person: string, i: number) =>
  timed(
    'system opens a conversation',
    () =>
      post(
        `${url('messages')}/v1/conversations`,
        { personnummer: person, subject: 'Kallelse till möte', body: `Välkommen (${i}).` },
        system,
      ),
    async (r) => (await r.json()) as { conversationId: string },
  );

/** One citizen's visit: BankID with the QR code, her list, the newest conversation, a reply. */
async function visit(person: string): Promise<void> {
  const started = await timed(
    'sign-in: start',
    () => post(`${url('identity')}/v1/logins`, { provider: 'bankid', method: 'qr' }),
    async (r) => ({
      view: (await r.json()) as { loginId: string; qr: { content: string } },
      cookie: r.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!)
        .join('; '),
    }),
  );
  // She scans the QR code with the BankID app on her phone and approves: not the system's time, so not timed.
  const approved = await post(`${url('eid-simulator')}/control/bankid/scan`, {
    qr: started.view.qr.content,
    personalNumber: person,
    approve: true,
  });
  if (!approved.ok) throw new Error(`the simulator did not approve: ${approved.status} ${await approved.text()}`);
  for (let i = 0; ; i++) {
    const status = await timed(
      'sign-in: poll',
      () => fetch(`${url('identity')}/v1/logins/${started.view.loginId}`, { headers: { cookie: started.cookie } }),
      async (r) => ((await r.json()) as { status: string }).status,
    );
    if (status === 'complete') break;
    if (status !== 'pending' || i > 20) throw new Error(`the sign-in ended ${status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const accessToken = await timed(
    'sign-in: session',
    () => fetch(`${url('identity')}/v1/logins/${started.view.loginId}/session`, { method: 'POST', headers: { cookie: started.cookie } }),
    async (r) => ((await r.json()) as { accessToken: string }).accessToken,
  );
  const citizen = { authorization: `Bearer ${accessToken}` };
  const list = await timed(
    'citizen lists her conversations',
    () => fetch(`${url('messages')}/v1/conversations`, { headers: citizen }),
    async (r) => (await r.json()) as { conversationId: string }[] | { conversations: { conversationId: string }[] },
  );
  const items = Array.isArray(list) ? list : list.conversations;
  const newest = items[0];
  if (!newest) throw new Error('the citizen has no conversation');
  await timed(
    'citizen reads a conversation',
    () => fetch(`${url('messages')}/v1/conversations/${newest.conversationId}`, { headers: citizen }),
    (r) => r.arrayBuffer(),
  );
  await timed(
    'citizen replies',
    () => post(`${url('messages')}/v1/conversations/${newest.conversationId}/messages`, { body: 'Tack, jag kommer.' }, citizen),
    (r) => r.arrayBuffer(),
  );
}

/** CPU time (user + system, ms) each service process has used so far, from /proc. */
function cpu(): Record<App, number> {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  return Object.fromEntries(
    APPS.map((app) => {
      const stat = fs.readFileSync(`/proc/${children.get(app)!.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [app, (Number(fields[11]) + Number(fields[12])) * tick];
    }),
  ) as Record<App, number>;
}

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0;
};

// Every citizen the steps will need, known to the simulator, each with a conversation waiting.
const visitsInAll = RATES.reduce((n, rate) => n + rate * SECONDS, 0);
let nextPerson = 0;
const people = Array.from({ length: visitsInAll }, (_, i) => personnummer(i));
for (let i = 0; i < people.length; i += 20)
  await Promise.all(
    people.slice(i, i + 20).map(async (pn, j) => {
      const added = await post(`${url('eid-simulator')}/control/users`, {
        personalNumber: pn,
        givenName: `Test${i + j}`,
        surname: 'Bench',
      });
      if (!added.ok && added.status !== 409) throw new Error(`adding a test user: ${added.status} ${await added.text()}`);
      await open(pn, i + j);
    }),
  );
timings.length = 0;

// The baseline: a bare route of the same stack (identity's key set, no database) at the same pace.
async function bare(rate: number): Promise<number[]> {
  const out: number[] = [];
  const calls: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < rate * SECONDS * 7; i++) {
    const due = started + (i * 1000) / (rate * 7);
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    calls.push(
      (async () => {
        const t = performance.now();
        await (await fetch(`${url('identity')}/.well-known/jwks.json`)).arrayBuffer();
        out.push(performance.now() - t);
      })(),
    );
  }
  await Promise.all(calls);
  return out;
}

interface Step {
  rate: number;
  p99: number;
  errors: number;
  perWhat: Record<string, { p50: number; p99: number; n: number }>;
  cpuPerVisit: Record<App, number>;
  visits: number;
}
const steps: Step[] = [];
for (const rate of RATES) {
  timings.length = 0;
  const before = cpu();
  let errors = 0;
  const work: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < rate * SECONDS; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const person = people[nextPerson++]!;
    work.push(
      Promise.all([visit(person), open(person, nextPerson)]).then(
        () => undefined,
        (err: Error) => {
          errors++;
          if (errors <= 3) console.error(`[system-load] ${err.message}`);
        },
      ),
    );
  }
  await Promise.all(work);
  const after = cpu();
  const visits = rate * SECONDS;
  const perWhat: Step['perWhat'] = {};
  for (const what of new Set(timings.map((t) => t.what))) {
    const ms = timings.filter((t) => t.what === what).map((t) => t.ms);
    perWhat[what] = { p50: Math.round(p(ms, 0.5)), p99: Math.round(p(ms, 0.99)), n: ms.length };
  }
  const step: Step = {
    rate,
    p99: Math.round(
      p(
        timings.map((t) => t.ms),
        0.99,
      ),
    ),
    errors: errors + timings.filter((t) => !t.ok).length,
    perWhat,
    cpuPerVisit: Object.fromEntries(APPS.map((app) => [app, Math.round((after[app] - before[app]) / visits)])) as Record<App, number>,
    visits,
  };
  steps.push(step);
  console.log(
    `[system-load] ${rate} visits/s: p99 ${step.p99} ms, errors ${step.errors}; ` +
      Object.entries(perWhat)
        .map(([w, s]) => `${w} p50 ${s.p50} / p99 ${s.p99} ms`)
        .join('; '),
  );
  if (step.p99 >= P99_LIMIT_MS || step.errors > 0) break;
}

const good = steps.filter((s) => s.p99 < P99_LIMIT_MS && s.errors === 0);
const best = good.at(-1) ?? steps[0]!;
const baseline = await bare(best.rate);
const bareP99 = Math.round(p(baseline, 0.99));
const perSignIn = best.cpuPerVisit.identity;
// Each visit writes two messages (the system's new conversation and the citizen's reply) besides a list and a read.
const perMessage = Math.round(best.cpuPerVisit.messages / 2);
report(
  'whole system (citizens sign in with BankID, list, read and reply while a system opens conversations)',
  good.length
    ? `${best.rate} visits/s sustained with p99 ${best.p99} ms (< ${P99_LIMIT_MS} ms), 0 errors`
    : `no rate held: ${best.rate} visits/s had p99 ${best.p99} ms, ${best.errors} errors`,
  `bare route p99 ${bareP99} ms at the same pace`,
  bareP99 / Math.max(1, best.p99),
  undefined,
  `CPU: identity ${perSignIn} ms per sign-in, messages ${perMessage} ms per message (list and read included), ` +
    `retention ${best.cpuPerVisit.retention} ms and the simulator ${best.cpuPerVisit['eid-simulator']} ms per visit; ` +
    `steps ${steps.map((s) => `${s.rate}/s p99 ${s.p99} ms${s.errors ? ` (${s.errors} errors)` : ''}`).join(', ')}, ${SECONDS} s each` +
    (SMOKE ? ' (smoke)' : ''),
);
stopAll();
fs.rmSync(cache, { recursive: true, force: true });
// The lowest rate must hold: errors or a p99 over the limit there mean the system cannot take even that.
process.exit(good.length > 0 ? 0 : 1);

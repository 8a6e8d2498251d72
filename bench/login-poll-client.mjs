// The browsers of `login-poll.bench.ts`, in their own process: starts N sign-ins (each with its own
// cookie), then polls each every 2 s, as the sign-in page does, for the given time; or, with
// `--bare`, requests a bare route at the same rate. Prints latencies and counts as JSON.
const [base, mode, count = '500', seconds = '20'] = process.argv.slice(2);
const n = Number(count);
const durationMs = Number(seconds) * 1000;
const latencies = [];
let failures = 0;
const logins = [];

if (mode === 'poll') {
  for (let i = 0; i < n; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, async () => {
        const res = await fetch(`${base}/v1/logins`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ provider: 'bankid', method: 'qr' }),
        });
        if (res.status !== 201) throw new Error(`start answered ${res.status}: ${await res.text()}`);
        const cookie = res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        logins.push({ id: (await res.json()).loginId, cookie });
      }),
    );
  }
  process.stderr.write(`[client] ${logins.length} sign-ins started\n`);
}

// Each client fires every 2 s, spread evenly over the interval.
const started = performance.now();
await Promise.all(
  Array.from({ length: n }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (2000 * i) / n));
    while (performance.now() - started < durationMs) {
      const t = performance.now();
      const url = mode === 'poll' ? `${base}/v1/logins/${logins[i].id}` : `${base}/bench/bare`;
      const res = await fetch(url, mode === 'poll' ? { headers: { cookie: logins[i].cookie } } : {});
      const body = await res.json();
      latencies.push(performance.now() - t);
      if (res.status !== 200 || (mode === 'poll' && body.status !== 'pending')) failures++;
      await new Promise((r) => setTimeout(r, Math.max(0, 2000 - (performance.now() - t))));
    }
  }),
);
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
process.stdout.write(JSON.stringify({ requests: latencies.length, failures, p50: q(0.5), p99: q(0.99), max: latencies.at(-1) }));

// The citizens of `messages-list.bench.ts`, in their own process: `connections` clients, each sending
// its next request as soon as the last is answered, for the given time; every request carries the next
// citizen token of the file (round robin), so the server sees many citizens, not one. Checks that each
// answer is 200 with the expected number of conversations; prints latencies and counts as JSON.
import fs from 'node:fs';

const [url, tokensFile, seconds = '10', connections = '8', expect = ''] = process.argv.slice(2);
const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8'));
const durationMs = Number(seconds) * 1000;
const latencies = [];
let failures = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(connections) }, async () => {
    while (performance.now() - started < durationMs) {
      const token = tokens[next++ % tokens.length];
      const t = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.json();
      latencies.push(performance.now() - t);
      if (res.status !== 200 || (expect !== '' && body.length !== Number(expect))) failures++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    rps: latencies.length / elapsed,
    failures,
    p50: q(0.5),
    p99: q(0.99),
    max: latencies.at(-1),
  }),
);

// The municipal systems of `consent-check.bench.ts`, in their own process: autocannon with one client token,
// cycling through a file of request paths (each a different person), so the server answers many people, not
// one cached query. Prints throughput, latency and error counts as JSON.
import fs from 'node:fs';
import autocannon from 'autocannon';

const [base, pathsFile, token, seconds = '5', connections = '32'] = process.argv.slice(2);
const paths = JSON.parse(fs.readFileSync(pathsFile, 'utf8'));
const result = await autocannon({
  url: base,
  duration: Number(seconds),
  connections: Number(connections),
  pipelining: 1,
  headers: { authorization: `Bearer ${token}` },
  requests: paths.map((path) => ({ method: 'GET', path })),
});
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }),
);

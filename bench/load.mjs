// A load generator in its own process (so it does not share the server's event loop): runs
// autocannon against one URL and prints its result as JSON on stdout.
import autocannon from 'autocannon';

const [url, seconds = '5', connections = '32'] = process.argv.slice(2);
const result = await autocannon({ url, duration: Number(seconds), connections: Number(connections), pipelining: 1 });
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

// An Insyn app as an operating-system process of its own, started from its main.ts as `npm start` starts
// it (and as scripts/api-fuzz.mjs does): for the tests that kill a process with SIGKILL, which an app
// booted inside the test process cannot be, and start it again on the same database and consumer group.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface AppProcess {
  /** Where it listens: `http://127.0.0.1:<port>`. */
  url: string;
  pid: number;
  /** Everything it wrote to stdout and stderr so far (its JSON log lines). */
  output(): string;
  /** Ends the process with `signal` and waits until it has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export { freePort } from '../../scripts/infra.mjs';

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));

/**
 * Starts `apps/<app>/src/main.ts` with the test process's environment and `env` on top, on `port`, and
 * resolves once it answers HTTP (an app listens only after its Kafka consumer has joined its group).
 * Rejects with the app's last log lines when it exits first or does not answer within `timeoutMs`.
 */
export async function startAppProcess(app: string, env: Record<string, string>, port: number, timeoutMs = 120_000): Promise<AppProcess> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const running: AppProcess = {
    url,
    pid: child.pid!,
    output: () => output,
    async kill(signal) {
      child.kill(signal);
      await exited(child);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${app} exited (${child.exitCode ?? child.signalCode}) before it answered:\n${output.slice(-3000)}`);
    try {
      await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      return running;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await running.kill('SIGKILL');
      throw new Error(`${app} did not answer within ${timeoutMs} ms:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

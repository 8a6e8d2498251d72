// @ts-check
// What the infrastructure scripts share: the cache folder, logging, ports, waiting, locks, child processes.
import { spawnSync } from 'node:child_process';
/** @import { ChildProcess, SpawnSyncOptionsWithStringEncoding } from 'node:child_process' */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A server process started for a run: the process, and how it is described in the logs.
 * @typedef {{ child: ChildProcess; kind: string }} StartedServer
 */
/** @typedef {StartedServer & { uri: string }} MongoServer A MongoDB-protocol server and its connection string. */

/** Everything fetched or built is kept here (INSYN_CACHE_DIR, default ~/.cache/insyn). */
export const CACHE = process.env.INSYN_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'insyn');

const quiet = process.env.INSYN_INFRA_QUIET === '1';
/** @param {string} msg */
export const log = (msg) => {
  if (!quiet) process.stderr.write(`[infra] ${msg}\n`);
};

/** @param {number} pid */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** @param {string} cmd */
export function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** The first port of the range the kernel hands out to outgoing connections (Linux; 32768 elsewhere). */
function ephemeralLow() {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/** @param {number} port */
const bindable = (port) =>
  /** @type {Promise<boolean>} */ (
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.unref();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    })
  );

/**
 * The ports at or above 10000 on the Fetch standard's list of bad ports
 * (https://fetch.spec.whatwg.org/#bad-port): Chromium refuses to load a page from one (ERR_UNSAFE_PORT)
 * and Node's fetch to call one. A portal test whose portal drew 10080 failed that way in CI.
 */
export const BAD_PORTS = new Set([10080]);

/** The ports freePort draws from: from 10000 up to (not including) the ephemeral range, at most 32768. */
export function freePortRange() {
  return { from: 10000, to: Math.min(ephemeralLow(), 32768) };
}

/**
 * A free TCP port on loopback for a server started a little later (a broker, or an app whose URL others
 * must know first), never one of BAD_PORTS. Taken below the ephemeral range: a port the kernel gave out
 * with listen(0) can be given again to an outgoing connection (the Kafka clients make many) before the
 * server binds it (EADDRINUSE).
 */
export async function freePort() {
  const { from, to } = freePortRange();
  for (let i = 0; i < 100; i++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (!BAD_PORTS.has(port) && (await bindable(port))) return port;
  }
  throw new Error('no free port below the ephemeral range');
}

/** @param {number} ms @returns {Promise<void>} */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {number} port @returns {Promise<boolean>} */
export function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/**
 * Waits until `check` answers true, failing early when `child` exits and after `timeoutMs`, with the end of
 * its log.
 * @param {string} what
 * @param {() => boolean | Promise<boolean>} check
 * @param {ChildProcess} child
 * @param {string} logFile
 * @param {number} timeoutMs
 */
export async function waitFor(what, check, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited early (${child.exitCode ?? child.signalCode}); see ${logFile}:\n${tail(logFile)}`);
    }
    if (await check()) return;
    await sleep(150);
  }
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000}s; see ${logFile}:\n${tail(logFile)}`);
}

/** @param {string} file */
export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * A cross-process lock (mkdir is atomic), so two runs never fill the same cache at once.
 * @template T
 * @param {string} name
 * @param {() => T | Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withLock(name, fn) {
  const dir = path.join(CACHE, 'locks', name);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(path.join(dir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (owner && !isAlive(owner)) fs.rmSync(dir, { recursive: true, force: true });
      else await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a command to its end; its standard output, or an error with the end of what it printed.
 * @param {string} cmd
 * @param {string[]} args
 * @param {Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'>} [opts]
 * @returns {string}
 */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (res.status !== 0) {
    const out = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status ?? res.error}):\n${out}`);
  }
  return res.stdout;
}

/**
 * Ends a child process: SIGTERM, then SIGKILL if it has not exited within 10 s.
 * @param {ChildProcess} child
 */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Resolve Maven artifacts with their runtime dependencies into <dir>/lib.
 * @param {string} dir
 * @param {[groupId: string, artifactId: string, version: string][]} dependencies
 */
export function mavenFetch(dir, dependencies) {
  const deps = dependencies
    .map(([g, a, v]) => `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`)
    .join('\n    ');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>se.insyn.infra</groupId><artifactId>fetch</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    ${deps}
  </dependencies>
</project>
`,
  );
  run('mvn', [
    '-B',
    '-q',
    '-f',
    path.join(dir, 'pom.xml'),
    'dependency:copy-dependencies',
    `-DoutputDirectory=${path.join(dir, 'lib')}`,
    '-DincludeScope=runtime',
  ]);
}

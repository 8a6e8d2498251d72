#!/usr/bin/env node
// Provides the real infrastructure Insyn needs on one machine: an Apache Kafka broker (KRaft, one
// combined broker+controller) and a MongoDB-wire-protocol server. Used by `npm start`, by the tests'
// global setup and by `.ci/run`. See docs/adr/0003-self-provisioned-infrastructure.md.
//
//   node scripts/infra.mjs up      start both, print the environment, run until Ctrl-C
//   node scripts/infra.mjs fetch   only fill the caches (Maven, Go build)
//   node scripts/infra.mjs secure-kafka   a broker with TLS + SCRAM (and mTLS), printing the KAFKA_*
//                                  settings to reach it, until Ctrl-C (docs/operations/connections.md)
//
// KAFKA_BROKERS / MONGODB_URI, when set, are used as they are and nothing is started for them.
// Everything fetched or built is cached under INSYN_CACHE_DIR (default ~/.cache/insyn), so the
// second start takes seconds. Each run gets free ports and its own folder under <cache>/runs; a run
// whose owner died is cleaned up (its processes killed, its folder removed) by the next one.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = process.env.INSYN_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'insyn');
const KAFKA_VERSION = '3.9.1'; // Kafka 4 dropped protocol versions kafkajs 2.2 needs: ADR 0003.
const SLF4J_VERSION = '1.7.36';
const FERRETDB_VERSIONS = ['v1.24.1', 'v1.24.0'];
const RUNS = path.join(CACHE, 'runs');

const quiet = process.env.INSYN_INFRA_QUIET === '1';
const log = (msg) => {
  if (!quiet) process.stderr.write(`[infra] ${msg}\n`);
};

// ---------------------------------------------------------------------------------------------
// small helpers

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function onPath(cmd) {
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

const bindable = (port) =>
  new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

/**
 * A free TCP port on loopback for a server started a little later (a broker, or an app whose URL others
 * must know first). Taken below the ephemeral range: a port the kernel gave out with listen(0) can be given
 * again to an outgoing connection (the Kafka clients make many) before the server binds it (EADDRINUSE).
 */
export async function freePort() {
  const low = Math.min(ephemeralLow(), 32768);
  for (let i = 0; i < 100; i++) {
    const port = 10000 + Math.floor(Math.random() * (low - 10000));
    if (await bindable(port)) return port;
  }
  throw new Error('no free port below the ephemeral range');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

async function waitFor(what, check, child, logFile, timeoutMs) {
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

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A cross-process lock (mkdir is atomic), so two runs never fill the same cache at once. */
async function withLock(name, fn) {
  const dir = path.join(CACHE, 'locks', name);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
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

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (res.status !== 0) {
    const out = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status ?? res.error}):\n${out}`);
  }
  return res.stdout;
}

/** Resolve Maven artifacts with their runtime dependencies into <dir>/lib. */
function mavenFetch(dir, dependencies) {
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

// ---------------------------------------------------------------------------------------------
// run folders: one per run, cleaned up after a crash

function cleanStaleRuns() {
  if (!fs.existsSync(RUNS)) return;
  for (const name of fs.readdirSync(RUNS)) {
    const dir = path.join(RUNS, name);
    let meta;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    } catch {
      meta = null;
    }
    if (meta && isAlive(meta.owner)) continue;
    for (const pid of meta?.children ?? []) {
      // Only kill a process that still belongs to that run (pids are recycled).
      let cmdline = '';
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (cmdline.includes(dir)) {
        try {
          process.kill(pid, 'SIGKILL');
          log(`killed pid ${pid} left by a crashed run`);
        } catch {
          /* already gone */
        }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function newRunDir() {
  cleanStaleRuns();
  const dir = path.join(RUNS, `${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function recordRun(dir, children) {
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ owner: process.pid, children }));
}

// ---------------------------------------------------------------------------------------------
// Kafka

export async function ensureKafka() {
  const dir = path.join(CACHE, `kafka-${KAFKA_VERSION}`);
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return dir;
  return withLock('kafka', () => {
    if (fs.existsSync(done)) return dir;
    log(`fetching Apache Kafka ${KAFKA_VERSION} from Maven Central (first run only)`);
    fs.rmSync(path.join(dir, 'lib'), { recursive: true, force: true });
    mavenFetch(dir, [
      ['org.apache.kafka', 'kafka_2.13', KAFKA_VERSION],
      ['org.slf4j', 'slf4j-reload4j', SLF4J_VERSION],
    ]);
    fs.writeFileSync(done, new Date().toISOString());
    return dir;
  });
}

/**
 * One KRaft node (broker and controller) with a PLAINTEXT listener on 127.0.0.1. `extra` adds
 * listeners (`{ name, port, protocol }`), server properties, and arguments to the storage format (e.g.
 * `--add-scram`, which in KRaft is how SCRAM credentials exist before the broker starts).
 */
async function startKafka(runDir, extra = { listeners: [], properties: [], formatArgs: [] }) {
  const home = await ensureKafka();
  const [port, controllerPort] = [await freePort(), await freePort()];
  const dir = path.join(runDir, 'kafka');
  const listeners = extra.listeners.map((l) => `,${l.name}://127.0.0.1:${l.port}`).join('');
  const protocols = extra.listeners.map((l) => `,${l.name}:${l.protocol}`).join('');
  fs.mkdirSync(dir, { recursive: true });
  const props = path.join(dir, 'server.properties');
  fs.writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}${listeners}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}${listeners}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      `listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${protocols}`,
      `log.dirs=${path.join(dir, 'data')}`,
      'num.partitions=3',
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=10',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'log.retention.hours=24',
      'num.network.threads=2',
      'num.io.threads=2',
      ...extra.properties,
      '',
    ].join('\n'),
  );
  const log4j = path.join(dir, 'log4j.properties');
  const logFile = path.join(dir, 'kafka.log');
  fs.writeFileSync(
    log4j,
    [
      'log4j.rootLogger=WARN, file',
      'log4j.logger.kafka.server.KafkaRaftServer=INFO',
      'log4j.appender.file=org.apache.log4j.FileAppender',
      `log4j.appender.file.File=${logFile}`,
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      '',
    ].join('\n'),
  );
  const cp = `${path.join(home, 'lib')}/*`;
  const jvm = [
    '-Xms192m',
    '-Xmx512m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4j}`,
  ];
  // A cluster id is 16 random bytes in base64url; one starting with '-' would be read as an option.
  let clusterId;
  do clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-'));
  run('java', [
    ...jvm,
    '-cp',
    cp,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    props,
    '--ignore-formatted',
    ...extra.formatArgs,
  ]);
  const launch = async () => {
    fs.writeFileSync(logFile, ''); // a relaunch waits for its own start line, not the last one's
    const out = fs.openSync(path.join(dir, 'stdout.log'), 'a');
    const child = spawn('java', [...jvm, '-cp', cp, 'kafka.Kafka', props], { stdio: ['ignore', out, out] });
    await waitFor(
      'Kafka',
      async () => tail(logFile, 200).includes('Kafka Server started') && (await canConnect(port)),
      child,
      logFile,
      120_000,
    );
    return child;
  };
  const child = await launch();
  // The same node again (same ports, data and cluster id), once the previous process has ended.
  return { child, brokers: `127.0.0.1:${port}`, kind: `Apache Kafka ${KAFKA_VERSION} (KRaft, self-started)`, relaunch: launch };
}

/**
 * A broker secured as a municipality's Kafka would be, for the TLS and SASL test
 * (tests/security/kafka-tls-sasl.e2e-spec.ts): besides PLAINTEXT (inter-broker, and the test's own
 * set-up), a SASL_SSL listener with SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN for one user, and an SSL
 * listener that requires a client certificate (mTLS). Certificates come from a throw-away CA
 * (scripts/dev-pki.mjs), given to Kafka as PEM files; the SCRAM credentials are written by the storage
 * format. Started in a run folder of its own (cleaned up like any other run if its owner dies); stop()
 * ends it.
 */
export async function startSecureKafka() {
  const runDir = newRunDir();
  recordRun(runDir, []);
  const { createLocalTlsSet } = await import('./dev-pki.mjs');
  const tls = await createLocalTlsSet(path.join(runDir, 'tls'), 'Kafka');
  const keystore = path.join(runDir, 'tls', 'broker-keystore.pem');
  fs.writeFileSync(keystore, fs.readFileSync(tls.serverKey, 'utf8') + fs.readFileSync(tls.serverCert, 'utf8'), { mode: 0o600 });
  const username = 'insyn';
  const password = randomBytes(18).toString('base64url');
  const [saslPort, mtlsPort] = [await freePort(), await freePort()];
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  const kafka = await startKafka(runDir, {
    listeners: [
      { name: 'SASL_SSL', port: saslPort, protocol: 'SASL_SSL' },
      { name: 'SSL', port: mtlsPort, protocol: 'SSL' },
    ],
    properties: [
      'sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN',
      `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${scram}`,
      `listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=${scram}`,
      `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${username}="${password}";`,
      'listener.name.ssl.ssl.client.auth=required',
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${keystore}`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${tls.ca}`,
    ],
    formatArgs: ['SCRAM-SHA-512', 'SCRAM-SHA-256'].flatMap((m) => ['--add-scram', `${m}=[name=${username},password=${password}]`]),
  }).catch((err) => {
    fs.rmSync(runDir, { recursive: true, force: true });
    throw err;
  });
  recordRun(runDir, [kafka.child.pid]);
  return {
    plaintext: kafka.brokers,
    saslSsl: `127.0.0.1:${saslPort}`,
    mtls: `127.0.0.1:${mtlsPort}`,
    username,
    password,
    tls,
    stop: async () => {
      await stopChild(kafka.child);
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/**
 * A broker of a test's own that the test may stop and start again, for the fault tests
 * (tests/system/broker-outage.e2e-spec.ts): stopping the shared one would fail every other test running
 * beside it. `stop()` ends the process (SIGTERM, as an operator would); `start()` starts the same node
 * again on the same port with its data; `close()` ends it and removes its folder. A run folder of its
 * own, cleaned up like any other run if its owner dies.
 */
export async function startOwnKafka() {
  const runDir = newRunDir();
  recordRun(runDir, []);
  const kafka = await startKafka(runDir).catch((err) => {
    fs.rmSync(runDir, { recursive: true, force: true });
    throw err;
  });
  let child = kafka.child;
  recordRun(runDir, [child.pid]);
  return {
    brokers: kafka.brokers,
    stop: () => stopChild(child),
    start: async () => {
      if (child.exitCode === null && child.signalCode === null) return;
      child = await kafka.relaunch();
      recordRun(runDir, [child.pid]);
    },
    close: async () => {
      await stopChild(child);
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// MongoDB-protocol server: mongod, else FerretDB (SQLite)

export async function ensureFerretDb() {
  const dir = path.join(CACHE, 'ferretdb');
  // The name carries the patch level: a binary built without the write lock below is never reused.
  const bin = path.join(dir, 'bin', 'ferretdb-insyn-6');
  if (fs.existsSync(bin)) return bin;
  if (!onPath('go')) throw new Error('Go is not installed');
  return withLock('ferretdb', () => {
    if (fs.existsSync(bin)) return bin;
    const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
    let lastError;
    for (const version of FERRETDB_VERSIONS) {
      try {
        log(`building FerretDB ${version} with Go (first run only, about 2 minutes)`);
        // `go install pkg@version` also asks the proxy for the version list, which it may refuse;
        // downloading the exact module and building it in place does not.
        const info = JSON.parse(
          run('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${version}`], { env, cwd: os.tmpdir() }),
        );
        const src = path.join(dir, `src-${version}`);
        fs.rmSync(src, { recursive: true, force: true });
        fs.cpSync(info.Dir, src, { recursive: true });
        execFileSync('chmod', ['-R', 'u+w', src]);
        // The release build writes its version into this embedded file; the module zip leaves it out.
        fs.writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${version}\n`);
        patchAtomicWrites(src);
        patchPushdown(src);
        patchIdColumn(src);
        run('go', ['build', '-trimpath', '-o', bin, './cmd/ferretdb'], { env, cwd: src });
        fs.rmSync(src, { recursive: true, force: true });
        return bin;
      } catch (err) {
        lastError = err;
        log(`FerretDB ${version} could not be built: ${String(err.message).split('\n')[0]}`);
      }
    }
    throw lastError;
  });
}

/**
 * FerretDB v1 updates a document by reading it, applying the operators in Go and writing it back, with
 * nothing held in between: two concurrent updates of one document lose one of them (measured: 200
 * concurrent `$inc`/`$push` on one document kept 16). MongoDB guarantees single-document atomicity and
 * Insyn relies on it (the embedded outbox, ADR 0004; conditional updates everywhere). One lock around
 * the writing commands restores it, at the cost of serialising writes, which SQLite does anyway.
 */
function patchAtomicWrites(src) {
  const handler = path.join(src, 'internal', 'handler');
  fs.writeFileSync(
    path.join(handler, 'insyn_write_lock.go'),
    '// Added by Insyn (scripts/infra.mjs): writes are serialised so that each single-document update is atomic.\n' +
      'package handler\n\nimport "sync"\n\nvar insynWriteLock sync.Mutex\n',
  );
  for (const [file, fn] of [
    ['msg_update.go', 'MsgUpdate'],
    ['msg_findandmodify.go', 'MsgFindAndModify'],
    ['msg_delete.go', 'MsgDelete'],
    ['msg_insert.go', 'MsgInsert'],
  ]) {
    const f = path.join(handler, file);
    const signature = `func (h *Handler) ${fn}(connCtx context.Context, msg *wire.OpMsg) (*wire.OpMsg, error) {`;
    const text = fs.readFileSync(f, 'utf8');
    if (!text.includes(signature)) throw new Error(`FerretDB source changed: ${file} has no ${fn} to patch`);
    fs.writeFileSync(f, text.replace(signature, `${signature}\n\tinsynWriteLock.Lock()\n\tdefer insynWriteLock.Unlock()\n`));
  }
}

/**
 * FerretDB v1 asks SQLite for documents by `_id` only, and only when the filter is exactly
 * `{_id: <string>}`; any other filter makes it decode every document of the collection in Go. Our
 * queries are `{_id, <condition>...}` (conditional updates), `{subjectKey}` (a citizen's list) and
 * `{field: {$in: [...]}}` (batch deletes), so they scanned. This pushes every top-level equality on a
 * string, and every `$in` of strings, down to SQLite as a pre-filter, written like FerretDB's own index
 * expressions so that an index on the field serves it. Array-valued fields (whose JSON text starts with
 * `[`, a range the same index serves) are let through too, and the handler still applies the whole
 * filter to what comes back, so results are unchanged.
 */
function patchPushdown(src) {
  const f = path.join(src, 'internal', 'backends', 'sqlite', 'collection.go');
  const text = fs.readFileSync(f, 'utf8');
  const original = [
    '\tif params.Filter.Len() == 1 {',
    '\t\tv, _ := params.Filter.Get("_id")',
    '\t\tswitch v.(type) {',
    '\t\tcase string, types.ObjectID:',
    '\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)',
    '\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}',
    '\t\t}',
    '\t}',
  ].join('\n');
  const first = text.indexOf(original);
  if (first < 0) throw new Error('FerretDB source changed: no _id pushdown block in the SQLite backend to replace');
  const replacement = `\tif params.Filter.Len() >= 1 {
\t\tvar conds []string
\t\tfor _, k := range params.Filter.Keys() {
\t\t\tif k == "" || strings.ContainsAny(k, ".$\\"\\\\'") {
\t\t\t\tcontinue
\t\t\t}
\t\t\t// The same expression as FerretDB's indexes, _id_ included (its own _id pushdown used another
\t\t\t// spelling, '$._id', which no index serves: every _id lookup scanned).
\t\t\tcol := fmt.Sprintf("%s->%q", metadata.DefaultColumn, k)
\t\t\tisArray := fmt.Sprintf("(%[1]s >= '[' AND %[1]s < '\\\\')", col)
\t\t\tv, _ := params.Filter.Get(k)
\t\t\tswitch v := v.(type) {
\t\t\tcase string, types.ObjectID:
\t\t\t\tconds = append(conds, fmt.Sprintf("(%s = ? OR %s)", col, isArray))
\t\t\t\targs = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
\t\t\tcase *types.Document:
\t\t\t\tif v.Len() != 1 {
\t\t\t\t\tcontinue
\t\t\t\t}
\t\t\t\tin, _ := v.Get("$in")
\t\t\t\tarr, ok := in.(*types.Array)
\t\t\t\tif !ok || arr.Len() == 0 || arr.Len() > 30000 {
\t\t\t\t\tcontinue
\t\t\t\t}
\t\t\t\tvals := make([]any, 0, arr.Len())
\t\t\t\tfor i := 0; i < arr.Len(); i++ {
\t\t\t\t\te, _ := arr.Get(i)
\t\t\t\t\tif _, isString := e.(string); !isString {
\t\t\t\t\t\tvals = nil
\t\t\t\t\t\tbreak
\t\t\t\t\t}
\t\t\t\t\tvals = append(vals, string(must.NotFail(sjson.MarshalSingleValue(e))))
\t\t\t\t}
\t\t\t\tif len(vals) == 0 {
\t\t\t\t\tcontinue
\t\t\t\t}
\t\t\t\tconds = append(conds, fmt.Sprintf("(%s IN (?%s) OR %s)", col, strings.Repeat(", ?", len(vals)-1), isArray))
\t\t\t\targs = append(args, vals...)
\t\t\t}
\t\t}
\t\tif len(conds) > 0 {
\t\t\twhereClause = " WHERE " + strings.Join(conds, " AND ")
\t\t}
\t}`;
  fs.writeFileSync(f, text.slice(0, first) + replacement + text.slice(first + original.length));
}

/**
 * The SQLite backend writes back an updated document, and deletes documents, by
 * `WHERE _ferretdb_sjson->'$._id' = ?`, a spelling no index serves: every document a command updated or
 * deleted cost a scan of its whole collection (200 single-document updates took 1.1 s in a collection
 * of 1 000, 3.2 s in one of 3 000). Spelt as FerretDB's own `_id_` index is, each is one index lookup.
 */
function patchIdColumn(src) {
  const f = path.join(src, 'internal', 'backends', 'sqlite', 'metadata', 'metadata.go');
  const original = `IDColumn = DefaultColumn + "->'$._id'"`;
  const text = fs.readFileSync(f, 'utf8');
  if (!text.includes(original)) throw new Error('FerretDB source changed: no IDColumn in the SQLite metadata to patch');
  fs.writeFileSync(f, text.replace(original, 'IDColumn = DefaultColumn + `->"_id"`'));
}

async function startFerretDb(runDir) {
  const bin = await ensureFerretDb();
  const port = await freePort();
  const dir = path.join(runDir, 'ferretdb');
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const logFile = path.join(dir, 'ferretdb.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    bin,
    [
      '--handler=sqlite',
      // WAL with synchronous=NORMAL: a crashed process loses nothing, only a power cut could lose the
      // last commits; a development and test server need not fsync every write (FULL halves throughput).
      `--sqlite-url=file:${path.join(dir, 'data')}/?_pragma=synchronous(NORMAL)`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: ['ignore', out, out] },
  );
  await waitFor('FerretDB', () => canConnect(port), child, logFile, 30_000);
  return { child, uri: `mongodb://127.0.0.1:${port}/`, kind: 'FerretDB (SQLite backend, self-started)' };
}

async function startMongod(runDir) {
  const port = await freePort();
  const dir = path.join(runDir, 'mongod');
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const logFile = path.join(dir, 'mongod.log');
  const child = spawn(
    'mongod',
    ['--replSet', 'rs0', '--bind_ip', '127.0.0.1', '--port', String(port), '--dbpath', path.join(dir, 'data'), '--logpath', logFile],
    { stdio: 'ignore' },
  );
  await waitFor('mongod', () => canConnect(port), child, logFile, 60_000);
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/?directConnection=true`);
  try {
    await client.db('admin').command({ replSetInitiate: { _id: 'rs0', members: [{ _id: 0, host: `127.0.0.1:${port}` }] } });
    for (let i = 0; i < 100; i++) {
      const hello = await client.db('admin').command({ hello: 1 });
      if (hello.isWritablePrimary) break;
      await sleep(200);
    }
  } finally {
    await client.close();
  }
  return { child, uri: `mongodb://127.0.0.1:${port}/?replicaSet=rs0`, kind: 'mongod (one-node replica set, self-started)' };
}

async function startMongo(runDir) {
  if (onPath('mongod')) return startMongod(runDir);
  try {
    return await startFerretDb(runDir);
  } catch (err) {
    // mongo-java-server, the other embeddable server, answers with wire version 8 and without the
    // `hello` command, which the MongoDB driver 7 under mongoose 9 refuses: no usable fallback (ADR 0003).
    throw new Error(
      `no MongoDB-protocol server could be started: ${String(err.message).split('\n')[0]}\n` +
        'Install Go (FerretDB is built from the Go module proxy), put mongod on PATH, or set MONGODB_URI.',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// the public API

/**
 * Starts what is not given by KAFKA_BROKERS / MONGODB_URI. Returns the environment for the apps and
 * tests, a description of each server, and stop().
 */
export async function startInfra() {
  const runDir = newRunDir();
  const children = [];
  const started = [];
  const track = (s) => {
    children.push(s.child.pid);
    started.push(s.child);
    recordRun(runDir, children);
    return s;
  };
  recordRun(runDir, children);
  const stop = async () => {
    await Promise.all(started.map((c) => stopChild(c)));
    if (process.env.INSYN_KEEP_RUN !== '1') fs.rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const [kafka, mongo] = await Promise.all([
      process.env.KAFKA_BROKERS ? { brokers: process.env.KAFKA_BROKERS, kind: 'external (KAFKA_BROKERS)' } : startKafka(runDir).then(track),
      process.env.MONGODB_URI ? { uri: process.env.MONGODB_URI, kind: 'external (MONGODB_URI)' } : startMongo(runDir).then(track),
    ]);
    return {
      env: { KAFKA_BROKERS: kafka.brokers, MONGODB_URI: mongo.uri },
      kafkaKind: kafka.kind,
      mongoKind: mongo.kind,
      runDir,
      pids: children,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Stops a run started by another process (the jest global teardown gets only the pids). */
export async function stopRun(runDir, pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  const deadline = Date.now() + 10_000;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  if (process.env.INSYN_KEEP_RUN !== '1') fs.rmSync(runDir, { recursive: true, force: true });
}

/** Re-own a run, so that a later cleanup treats it as alive while `pid` lives. */
export function adoptRun(runDir, pids, owner = process.pid) {
  fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ owner, children: pids }));
}

// ---------------------------------------------------------------------------------------------
// CLI

/** Runs until Ctrl-C or SIGTERM, then stops what was started. */
function stopOnSignal(stop) {
  const shutdown = async () => {
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? 'up';
  if (cmd === 'fetch') {
    await ensureKafka();
    if (!onPath('mongod')) await ensureFerretDb();
    log('caches are filled');
  } else if (cmd === 'up') {
    const infra = await startInfra();
    log(`Kafka:   ${infra.kafkaKind} at ${infra.env.KAFKA_BROKERS}`);
    log(`MongoDB: ${infra.mongoKind} at ${infra.env.MONGODB_URI}`);
    process.stdout.write(`KAFKA_BROKERS=${infra.env.KAFKA_BROKERS}\nMONGODB_URI=${infra.env.MONGODB_URI}\n`);
    stopOnSignal(infra.stop);
  } else if (cmd === 'secure-kafka') {
    const kafka = await startSecureKafka();
    const passwordFile = path.join(path.dirname(kafka.tls.ca), 'kafka-password');
    fs.writeFileSync(passwordFile, `${kafka.password}\n`, { mode: 0o600 });
    log(`Kafka with TLS + SCRAM at ${kafka.saslSsl}, mTLS at ${kafka.mtls} (docs/operations/connections.md)`);
    process.stdout.write(
      [
        `KAFKA_BROKERS=${kafka.saslSsl}`,
        'KAFKA_SSL=true',
        `KAFKA_SSL_CA_FILE=${kafka.tls.ca}`,
        'KAFKA_SASL_MECHANISM=scram-sha-512',
        `KAFKA_SASL_USERNAME=${kafka.username}`,
        `KAFKA_SASL_PASSWORD_FILE=${passwordFile}`,
        '',
      ].join('\n'),
    );
    stopOnSignal(kafka.stop);
  } else {
    process.stderr.write('usage: node scripts/infra.mjs [up|fetch|secure-kafka]\n');
    process.exit(2);
  }
}

// @ts-check
// Apache Kafka from Maven Central: one KRaft node (broker and controller), the shared one for a run,
// a secured one for the TLS and SASL test, and one a fault test may stop and start.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE, canConnect, freePort, log, mavenFetch, run, stopChild, tail, waitFor, withLock } from './common.mjs';
import { newRunDir, recordRun } from './runs.mjs';
/** @import { ChildProcess } from 'node:child_process' */
/** @import { StartedServer } from './common.mjs' */
/**
 * What a broker adds to the one PLAINTEXT listener.
 * @typedef {object} KafkaExtras
 * @property {{ name: string; port: number; protocol: string }[]} listeners
 * @property {string[]} properties server.properties lines
 * @property {string[]} formatArgs arguments to the storage format
 */
/**
 * A started broker: `relaunch` starts the same node again once the process has ended.
 * @typedef {StartedServer & { brokers: string; relaunch: () => Promise<ChildProcess> }} KafkaServer
 */

const KAFKA_VERSION = '3.9.1'; // Kafka 4 dropped protocol versions kafkajs 2.2 needs: ADR 0003.
const SLF4J_VERSION = '1.7.36';

/** @returns {Promise<string>} the cached Kafka's folder (its jars in lib/) */
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
/**
 * @param {string} runDir
 * @param {KafkaExtras} [extra]
 * @returns {Promise<KafkaServer>}
 */
export async function startKafka(runDir, extra = { listeners: [], properties: [], formatArgs: [] }) {
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
    // The client compiler only: a broker that lives for one run (a test run, a benchmark, `npm start`)
    // spends most of its CPU in C2 compiling, on 2 cores beside the apps and FerretDB. Measured with
    // the event-latency benchmark at 100 events/s, three alternating pairs: the broker used half the CPU
    // (7-8 s against 13-16 s a run) and the events' p99 fell from 29-85 ms to 9-16 ms (ADR 0003).
    '-XX:TieredStopAtLevel=1',
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
 * (@insyn/dev-pki), given to Kafka as PEM files; the SCRAM credentials are written by the storage
 * format. Started in a run folder of its own (cleaned up like any other run if its owner dies); stop()
 * ends it.
 */
export async function startSecureKafka() {
  const runDir = newRunDir();
  recordRun(runDir, []);
  // @insyn/dev-pki is TypeScript. Run from node (`node scripts/infra.mjs secure-kafka`), the TypeScript
  // loader the apps run under compiles it; under jest, jest's transform does (jest refuses module hooks).
  if (!process.env.JEST_WORKER_ID) await import('../ts-loader.mjs');
  const { createLocalTlsSet } = await import('@insyn/dev-pki');
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

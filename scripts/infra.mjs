#!/usr/bin/env node
// @ts-check
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
//
// The parts live in scripts/infra/: common.mjs (cache, ports, locks, processes), runs.mjs (run
// folders), kafka.mjs, ferretdb.mjs (with its patches in ferretdb-patches/) and mongo.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, onPath, stopChild } from './infra/common.mjs';
import { ensureFerretDb } from './infra/ferretdb.mjs';
import { ensureKafka, startKafka, startSecureKafka } from './infra/kafka.mjs';
import { startMongo } from './infra/mongo.mjs';
import { newRunDir, recordRun } from './infra/runs.mjs';

export { CACHE, freePort } from './infra/common.mjs';
export { ensureFerretDb } from './infra/ferretdb.mjs';
export { ensureKafka, startOwnKafka, startSecureKafka } from './infra/kafka.mjs';
export { adoptRun, stopRun } from './infra/runs.mjs';
/** @import { ChildProcess } from 'node:child_process' */
/** @import { StartedServer } from './infra/common.mjs' */

/** @typedef {Awaited<ReturnType<typeof startInfra>>} Infra The running infrastructure, as startInfra() returns it. */

/**
 * Starts what is not given by KAFKA_BROKERS / MONGODB_URI. Returns the environment for the apps and
 * tests, a description of each server, and stop().
 */
export async function startInfra() {
  const runDir = newRunDir();
  /** @type {(number | undefined)[]} */
  const children = [];
  /** @type {ChildProcess[]} */
  const started = [];
  /**
   * @template {StartedServer} S
   * @param {S} s
   */
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

// ---------------------------------------------------------------------------------------------
// CLI

/**
 * Runs until Ctrl-C or SIGTERM, then stops what was started.
 * @param {() => Promise<void>} stop
 */
function stopOnSignal(stop) {
  const shutdown = async () => {
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
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

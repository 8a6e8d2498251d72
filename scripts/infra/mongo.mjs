// @ts-check
// The MongoDB-protocol server: mongod (a one-node replica set) when it is on PATH, else FerretDB.
import { spawn } from 'node:child_process';
/** @import { MongoServer } from './common.mjs' */
import fs from 'node:fs';
import path from 'node:path';
import { canConnect, freePort, onPath, sleep, waitFor } from './common.mjs';
import { startFerretDb } from './ferretdb.mjs';

/**
 * @param {string} runDir
 * @returns {Promise<MongoServer>}
 */
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

/**
 * @param {string} runDir
 * @returns {Promise<MongoServer>}
 */
export async function startMongo(runDir) {
  if (onPath('mongod')) return startMongod(runDir);
  try {
    return await startFerretDb(runDir);
  } catch (err) {
    // mongo-java-server, the other embeddable server, answers with wire version 8 and without the
    // `hello` command, which the MongoDB driver 7 under mongoose 9 refuses: no usable fallback (ADR 0003).
    throw new Error(
      `no MongoDB-protocol server could be started: ${String(err instanceof Error ? err.message : err).split('\n')[0]}\n` +
        'Install Go (FerretDB is built from the Go module proxy), put mongod on PATH, or set MONGODB_URI.',
      { cause: err },
    );
  }
}

// What the TLS tests share: booting an app's service kit with other connection settings to see how the
// boot ends, and a MongoDB-protocol server that speaks only TLS.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NoticePublishedV1Event } from '@insyn/contracts';
import { ServiceEnv, ServiceKitModule } from '@insyn/service-kit';
import { testLogger } from '@insyn/testing';
import { createLocalTlsSet, type LocalTlsSet } from '@insyn/dev-pki';
import { ensureFerretDb, freePort } from '../../scripts/infra.mjs';

/**
 * Boots the service kit (config, MongoDB, Kafka: what every app starts with) with `settings` on top of
 * the file's environment (undefined removes a variable), and says how the boot ended: 'started' or the
 * error's message, and how long it took. The kit is defined after the environment is set, as its
 * configuration is validated when it is defined; an app whose boot failed is still closed.
 */
export async function bootWith(settings: Record<string, string | undefined>): Promise<{ outcome: string; seconds: number }> {
  const saved = { ...process.env };
  const t0 = Date.now();
  for (const [k, v] of Object.entries(settings)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let app: INestApplication | undefined;
  try {
    class BootProbe {}
    Module({
      imports: [ServiceKitModule.forRoot({ service: 'notice', env: ServiceEnv, events: [NoticePublishedV1Event], outboxCollections: [] })],
    })(BootProbe);
    app = (await Test.createTestingModule({ imports: [BootProbe] }).compile()).createNestApplication({ logger: testLogger('notice') });
    await app.init();
    return { outcome: 'started', seconds: (Date.now() - t0) / 1000 };
  } catch (err) {
    return { outcome: (err as Error).message, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await app?.close();
    process.env = saved;
  }
}

export interface TlsMongo {
  uri: string;
  tls: LocalTlsSet;
  kind: string;
  stop(): Promise<void>;
}

/**
 * A MongoDB-protocol server of the test's own that accepts TLS only, with a certificate from a
 * throw-away CA: mongod (--tlsMode requireTLS) when it is installed, as scripts/infra.mjs prefers it,
 * else FerretDB (--listen-tls, the binary infra.mjs builds). Starts in about a second.
 */
export async function startTlsMongo(): Promise<TlsMongo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-tls-mongo-'));
  const tls = await createLocalTlsSet(path.join(dir, 'tls'), 'MongoDB');
  const port = await freePort();
  fs.mkdirSync(path.join(dir, 'data'));
  const out = fs.openSync(path.join(dir, 'server.log'), 'a');
  const mongod = spawnSync('sh', ['-c', 'command -v mongod'], { stdio: 'ignore' }).status === 0;
  let child;
  if (mongod) {
    const pem = path.join(dir, 'tls', 'server-cert-key.pem');
    fs.writeFileSync(pem, fs.readFileSync(tls.serverCert, 'utf8') + fs.readFileSync(tls.serverKey, 'utf8'));
    child = spawn(
      'mongod',
      [
        '--bind_ip',
        '127.0.0.1',
        '--port',
        `${port}`,
        '--dbpath',
        path.join(dir, 'data'),
        '--tlsMode',
        'requireTLS',
        '--tlsCertificateKeyFile',
        pem,
      ],
      { stdio: ['ignore', out, out] },
    );
  } else {
    child = spawn(
      await ensureFerretDb(),
      [
        '--handler=sqlite',
        `--sqlite-url=file:${path.join(dir, 'data')}/`,
        `--state-dir=${dir}`,
        '--listen-addr=',
        `--listen-tls=127.0.0.1:${port}`,
        `--listen-tls-cert-file=${tls.serverCert}`,
        `--listen-tls-key-file=${tls.serverKey}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
      ],
      { stdio: ['ignore', out, out] },
    );
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (i > 200 || child.exitCode !== null)
      throw new Error(`the TLS MongoDB server did not start: ${fs.readFileSync(path.join(dir, 'server.log'), 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    uri: `mongodb://127.0.0.1:${port}/?tls=true`,
    tls,
    kind: mongod ? 'mongod --tlsMode requireTLS' : 'FerretDB --listen-tls',
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

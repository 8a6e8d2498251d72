// BENCH_LOGIN_SIGNINS (500) concurrent pending BankID sign-ins, each polled every 2 s (the sign-in page's
// rhythm) for BENCH_LOGIN_SECONDS (20), against the e-ID simulator over mutual TLS: the poll endpoint's p99
// and the identity service's CPU time per sign-in, against a bare route of the same app polled at the same
// rate in the same run.
import 'reflect-metadata';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Public } from '@insyn/auth';
import { configureApp } from '@insyn/service-kit';
import { report, size } from './harness.js';

const LOGINS = size('BENCH_LOGIN_SIGNINS', 500, 20);
const SECONDS = size('BENCH_LOGIN_SECONDS', 20, 4, 2);
const ROOT = path.resolve(import.meta.dirname, '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

// The simulator runs in its own process, like the real BankID: its CPU is not the identity service's.
const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-bench-pki-'));
const [simPort, simTlsPort] = [await freePort(), await freePort()];
const simulator = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', 'apps/eid-simulator/src/main.ts'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, NODE_ENV: 'development', PORT: String(simPort), TLS_PORT: String(simTlsPort), PKI_DIR: pkiDir, LOG_LEVEL: 'warn' },
});
for (let i = 0; ; i++) {
  if (
    await fetch(`http://127.0.0.1:${simPort}/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 120) throw new Error('the simulator did not start');
  await new Promise((r) => setTimeout(r, 500));
}
const pki = (await import('@insyn/dev-pki')).ensureDevPki(pkiDir);

Object.assign(process.env, {
  MONGODB_DB: `bench_identity_${Date.now()}`,
  LOG_LEVEL: 'warn',
  DOCS_ENABLED: 'false',
  IDENTITY_KEY_SECRET: randomBytes(32).toString('base64url'),
  SUBJECT_KEY_SECRET: randomBytes(32).toString('base64url'),
  LOGIN_RATE_LIMIT: '100000',
  BANKID_URL: `https://127.0.0.1:${simTlsPort}/rp/v6.0`,
  BANKID_CLIENT_CERT: (await pki).rpClientCert,
  BANKID_CLIENT_KEY: (await pki).rpClientKey,
  BANKID_CA: (await pki).serverCa,
});
const { AppModule, SERVICE } = await import('../apps/identity/src/testing.js');

@Controller('bench')
class BareController {
  @Get('bare')
  @Public()
  bare() {
    return { status: 'pending', hintCode: 'outstandingTransaction' };
  }
}

@Module({ imports: [AppModule], controllers: [BareController] })
class BenchModule {}

const app = await NestFactory.create<NestExpressApplication>(BenchModule, { logger: ['error'], bodyParser: false });
configureApp(app, { ...SERVICE, consumes: false });
await app.listen(0, '127.0.0.1');
const base = await app.getUrl();

const client = (mode: 'poll' | 'bare') => {
  const before = process.cpuUsage();
  return promisify(execFile)(
    process.execPath,
    [path.join(import.meta.dirname, 'login-poll-client.mjs'), base, mode, String(LOGINS), String(SECONDS)],
    {
      maxBuffer: 1 << 20,
    },
  ).then(({ stdout }) => {
    const cpu = process.cpuUsage(before);
    return {
      ...(JSON.parse(stdout) as { requests: number; failures: number; p50: number; p99: number; max: number }),
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  });
};

try {
  const bare = await client('bare');
  const poll = await client('poll');
  if (poll.failures || bare.failures) throw new Error(`failures during the run: ${JSON.stringify({ poll, bare })}`);
  report(
    `login poll (${LOGINS} pending BankID sign-ins, each polled every 2 s for ${SECONDS} s)`,
    `p99 ${poll.p99.toFixed(1)} ms (p50 ${poll.p50.toFixed(1)} ms, ${poll.requests} polls)`,
    `bare route at the same rate p99 ${bare.p99.toFixed(1)} ms`,
    bare.p99 / poll.p99,
    undefined,
    `identity CPU ${(poll.cpuMs / LOGINS).toFixed(1)} ms per sign-in (start + ${SECONDS / 2} polls, each a collect at the simulator over mTLS), bare ${(bare.cpuMs / LOGINS).toFixed(1)} ms per client`,
  );
} finally {
  await app.close();
  simulator.kill('SIGTERM');
}

// A citizen listing her conversations (GET /v1/conversations, the citizen's token) with C citizens in the
// database, about two conversations each across the units; against a bare authenticated route of the same
// app (same framework, global middleware, token verification and access guard) returning a list of the
// same size, at the same concurrency, in the same run. The issue asks for the p99 at C = 100 000; C is
// BENCH_LIST_CITIZENS (the default is sized for FerretDB on a small machine; the line says which C); each
// round lasts BENCH_LIST_SECONDS at BENCH_LIST_CONNECTIONS.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Allow } from '@insyn/auth';
import { EnvelopeCipher, LocalFileKeyProvider } from '@insyn/crypto';
import { SubjectKeys } from '@insyn/person';
import { configureApp } from '@insyn/service-kit';
import { TestTokens } from '@insyn/testing';
import type { Connection } from 'mongoose';
import { median, report, size } from './harness.js';

const C = size('BENCH_LIST_CITIZENS', 100_000, 200);
const PER_CITIZEN = 2;
const TOKENS = 1_000;
// Two connections by default: on FerretDB each list request scans the whole collection (seconds at this
// size), so more connections only queue; the bare route is driven at the same concurrency.
const CONNECTIONS = size('BENCH_LIST_CONNECTIONS', 2, 2);
const SECONDS = size('BENCH_LIST_SECONDS', 10, 1);
const SEED_BATCH = 5_000;
const UNITS = ['socialtjansten', 'halso-och-sjukvard', 'kommunstyrelsen'];

// NODE_ENV stays production: the KEK file must exist before the app starts, so it is made here first. The
// archive is a folder of the bench's own (production takes no plain-http ARCHIVE_URL); the archiver has
// nothing to do anyway (the closed conversations are seeded archived) and its timer is an hour.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-bench-list-'));
process.once('exit', () => fs.rmSync(work, { recursive: true, force: true })); // also when the bench fails early
const kekFile = path.join(work, 'kek.json');
const archiveDir = path.join(work, 'archive');
fs.mkdirSync(archiveDir);
const kek = await LocalFileKeyProvider.open(kekFile, { createIfMissing: true });
const cipher = new EnvelopeCipher(kek);
const subjectSecret = randomBytes(32).toString('base64url');
const tokens = await TestTokens.create('https://identity.bench', 'insyn');
delete process.env.ARCHIVE_URL; // it would win over ARCHIVE_DIR
Object.assign(process.env, {
  ...tokens.env,
  MONGODB_DB: `bench_messages_list_${Date.now()}`,
  LOG_LEVEL: 'warn',
  DOCS_ENABLED: 'false',
  SUBJECT_KEY_SECRET: subjectSecret,
  MESSAGES_KEK_FILE: kekFile,
  ARCHIVE_DIR: archiveDir,
  ARCHIVE_INTERVAL_MS: '3600000',
});
const { AppModule, SERVICE } = await import('../apps/messages/src/testing.js');

const bare: { body: unknown[] } = { body: [] };

@Controller('bench')
class BareController {
  @Get('bare')
  @Allow({ citizen: { minLoa: 3 } })
  bare() {
    return bare.body;
  }
}

@Module({ imports: [AppModule], controllers: [BareController] })
class BenchModule {}

const app = await NestFactory.create<NestExpressApplication>(BenchModule, { logger: ['error'], bodyParser: false });
configureApp(app, { ...SERVICE, consumes: false });
await app.listen(0, '127.0.0.1');
const base = await app.getUrl();
const conversations = app.get<Connection>(getConnectionToken()).collection('conversations');
const subjectKeys = new SubjectKeys(subjectSecret);
const personnummer = (citizen: number) => String(194_001_010_000 + citizen);

/** A conversation as the service stores it; every other one closed and archived. */
function conversation(citizen: number, n: number, subjectKey: string, key: Buffer) {
  const id = randomUUID();
  const opened = new Date(Date.now() - (1 + ((citizen * 7 + n * 13) % 700)) * 86_400_000);
  const closed = (citizen + n) % 2 === 0;
  return {
    _id: id,
    unit: UNITS[(citizen + n) % UNITS.length]!,
    informationType: 'secure-message',
    subject: n === 0 ? 'Kallelse till möte' : 'Din ansökan om försörjningsstöd',
    subjectKey,
    sealedPersonnummer: cipher.encryptToString(key, personnummer(citizen), `${id}/personnummer`),
    status: closed ? 'closed' : 'open',
    openedAt: opened,
    openedBy: { kind: 'client', id: 'case-system', name: 'Individ- och familjeomsorgen' },
    ...(closed
      ? {
          closedAt: new Date(opened.getTime() + 86_400_000),
          closedBy: { kind: 'client', id: 'case-system' },
          archive: { status: 'archived', attempts: 1, packageId: randomUUID(), archivedAt: new Date(opened.getTime() + 86_460_000) },
        }
      : {}),
    messageCount: 1 + (n % 3),
    lastMessageAt: new Date(opened.getTime() + 3_600_000),
    outbox: [],
  };
}

// The conversations only: listing reads no other collection (messages and keys would only make seeding slower).
const seedStart = performance.now();
for (let i = 0; i < C; i += SEED_BATCH / PER_CITIZEN) {
  const docs = [];
  for (let c = i; c < Math.min(C, i + SEED_BATCH / PER_CITIZEN); c++) {
    const sk = subjectKeys.of(personnummer(c));
    const key = randomBytes(32);
    for (let n = 0; n < PER_CITIZEN; n++) docs.push(conversation(c, n, sk, key));
  }
  await conversations.insertMany(docs as never[], { ordered: false });
}
const seedSeconds = (performance.now() - seedStart) / 1000;
process.stdout.write(
  `[messages-list] seeded ${C} citizens × ${PER_CITIZEN} = ${C * PER_CITIZEN} conversations in ${seedSeconds.toFixed(1)} s\n`,
);

// 1 000 citizens spread over the whole range, so the server sees different citizens, not one cached answer.
const tokensFile = path.join(work, 'tokens.json');
const citizens = Array.from({ length: Math.min(TOKENS, C) }, (_, i) => Math.floor((i * C) / Math.min(TOKENS, C)));
fs.writeFileSync(
  tokensFile,
  JSON.stringify(
    await Promise.all(
      citizens.map((c) =>
        tokens.mint({ sub: subjectKeys.of(personnummer(c)), kind: 'citizen', loa: 3, idp: 'bankid' }, { expiresIn: '30m' }),
      ),
    ),
  ),
);
const sampleStart = performance.now();
const sample = await fetch(`${base}/v1/conversations`, {
  headers: { authorization: `Bearer ${JSON.parse(fs.readFileSync(tokensFile, 'utf8'))[0]}` },
});
bare.body = (await sample.json()) as unknown[];
const unloadedMs = performance.now() - sampleStart;
if (sample.status !== 200 || bare.body.length !== PER_CITIZEN)
  throw new Error(`the list answered ${sample.status}: ${JSON.stringify(bare.body)}`);

const client = async (url: string, seconds: number) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(import.meta.dirname, 'messages-list-client.mjs'),
      url,
      tokensFile,
      String(seconds),
      String(CONNECTIONS),
      String(PER_CITIZEN),
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as { requests: number; rps: number; failures: number; p50: number; p99: number; max: number };
};

try {
  const listUrl = `${base}/v1/conversations`;
  const bareUrl = `${base}/bench/bare`;
  // Warm-up of the bare route only: the sample request above went through the list path already, and on
  // FerretDB a list warm-up would cost as much as a round.
  await client(bareUrl, Math.min(2, SECONDS));
  const rounds = { list: [] as Awaited<ReturnType<typeof client>>[], bare: [] as Awaited<ReturnType<typeof client>>[] };
  for (let i = 0; i < 2; i++) {
    rounds.bare.push(await client(bareUrl, SECONDS));
    rounds.list.push(await client(listUrl, SECONDS));
  }
  const all = [...rounds.list, ...rounds.bare];
  if (all.some((r) => r.failures)) throw new Error(`failures during the run: ${JSON.stringify(rounds)}`);
  const m = (rs: typeof all, k: 'p50' | 'p99' | 'rps' | 'requests') => median(rs.map((r) => r[k]));
  report(
    `messages list (GET /v1/conversations as a citizen, ${C} citizens × ${PER_CITIZEN} = ${C * PER_CITIZEN} conversations; the issue asks at 100 000 citizens)`,
    `p99 ${m(rounds.list, 'p99').toFixed(1)} ms (p50 ${m(rounds.list, 'p50').toFixed(1)} ms, ${m(rounds.list, 'rps').toFixed(2)} req/s, ${rounds.list.map((r) => r.requests).join(' + ')} requests)`,
    `bare authenticated route p99 ${m(rounds.bare, 'p99').toFixed(1)} ms (p50 ${m(rounds.bare, 'p50').toFixed(1)} ms, ${Math.round(m(rounds.bare, 'rps'))} req/s)`,
    m(rounds.bare, 'p99') / m(rounds.list, 'p99'),
    undefined,
    `${CONNECTIONS} connections, ${citizens.length} citizens' tokens in rotation, 2 × ${SECONDS} s, medians; one list request alone (no load) ` +
      `${unloadedMs.toFixed(0)} ms; seeding took ${seedSeconds.toFixed(1)} s`,
  );
} finally {
  // The C citizens' conversations are not left behind in the shared database.
  await app
    .get<Connection>(getConnectionToken())
    .dropDatabase()
    .catch(() => undefined);
  await app.close();
}

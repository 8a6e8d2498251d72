// Gallring in the messages service: PurgeService.handle (the retention.purge.requested.v1 handler, with its
// protocol record, the crypto-shredding of data keys first and the completion event through the outbox)
// deleting N closed, archived conversations of one unit in chunks of 10 000, against a bare deleteMany of
// the same documents (same selection filter) in the same run. Target (issue): at least half the bare
// speed, at N = 1 000 000. N here is BENCH_PURGE_N, with BENCH_PURGE_KEPT open conversations kept (the
// default is sized for FerretDB on a small machine; the line printed says which N was measured). Also measures what one batch of the purge costs on the
// server in use, to tell the purge's own cost from the server's (FerretDB v1 scans the collection for
// any filter but `_id` equality, so each `$in` batch is a full scan there; MongoDB uses the indexes).
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { PurgeRequestedV1 } from '@insyn/contracts';
import { EnvelopeCipher, LocalFileKeyProvider } from '@insyn/crypto';
import { SubjectKeys } from '@insyn/person';
import { configureApp } from '@insyn/service-kit';
import type { Connection } from 'mongoose';
import { report, size } from './harness.js';

const N = size('BENCH_PURGE_N', 20_000, 1_000);
const CHUNK = 10_000; // the purge request's limit
const SEED_BATCH = 5_000;
const KEPT = size('BENCH_PURGE_KEPT', 1_000, 100); // open conversations of the same unit: must survive both runs
const UNIT = 'socialtjansten';
const INFORMATION_TYPE = 'secure-message';
const selection = { unit: UNIT, informationType: INFORMATION_TYPE, status: 'closed', closedAt: { $lt: new Date() } };

// NODE_ENV stays production (as `npm run bench` sets it): the app then refuses a missing KEK file, so the
// file is made here first, with the same provider the app opens it with. The bench seals with it too,
// so the seeded ciphertexts and wrapped keys are real ones the app could open.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-bench-purge-'));
process.once('exit', () => fs.rmSync(work, { recursive: true, force: true })); // also when the bench fails early
const kekFile = path.join(work, 'kek.json');
const archiveDir = path.join(work, 'archive');
fs.mkdirSync(archiveDir);
const kek = await LocalFileKeyProvider.open(kekFile, { createIfMissing: true });
const cipher = new EnvelopeCipher(kek);
const subjectSecret = randomBytes(32).toString('base64url');
delete process.env.ARCHIVE_URL; // it would win over ARCHIVE_DIR
Object.assign(process.env, {
  MONGODB_DB: `bench_messages_purge_${Date.now()}`,
  LOG_LEVEL: 'warn',
  DOCS_ENABLED: 'false',
  SUBJECT_KEY_SECRET: subjectSecret,
  MESSAGES_KEK_FILE: kekFile,
  // A folder of the bench's own as the archive (production takes no plain-http ARCHIVE_URL), and the
  // archiver's timer is an hour: it has nothing to do (the seeded conversations are archived already)
  // and its periodic claim query would only add noise.
  ARCHIVE_DIR: archiveDir,
  ARCHIVE_INTERVAL_MS: '3600000',
});
const { AppModule, SERVICE, PurgeService } = await import('../apps/messages/src/testing.js');

const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error'], bodyParser: false });
configureApp(app, { ...SERVICE, consumes: false });
await app.init();
const db = app.get<Connection>(getConnectionToken());
const [conversations, messages, dataKeys] = ['conversations', 'messages', 'data_keys'].map((c) => db.collection(c)) as [
  ReturnType<Connection['collection']>,
  ReturnType<Connection['collection']>,
  ReturnType<Connection['collection']>,
];
const subjectKeys = new SubjectKeys(subjectSecret);
const BODY =
  'Hej! Vi bekräftar att vi har tagit emot din ansökan om försörjningsstöd för perioden. Handläggaren har gått igenom ' +
  'underlagen och behöver inga fler uppgifter just nu. Beslutet skickas till dig i ett separat meddelande. Hör av dig ' +
  'om något har ändrats i din situation. Med vänlig hälsning, Individ- och familjeomsorgen';

const pnr = (i: number) => `19${String(40 + (i % 60)).padStart(2, '0')}0101${String(i % 10_000).padStart(4, '0')}`;

/** One conversation as the service stores it: the conversation, its one message and its data key. */
async function docs(i: number, closed: boolean) {
  const id = randomUUID();
  const messageId = randomUUID();
  const { dataKey, wrapped } = await kek.generateDataKey(id);
  const opened = new Date(Date.now() - (400 + (i % 300)) * 86_400_000);
  const closedAt = new Date(opened.getTime() + 7 * 86_400_000);
  const openedBy = { kind: 'client', id: 'case-system', name: 'Individ- och familjeomsorgen' };
  const personnummer = pnr(i);
  return {
    conversation: {
      _id: id,
      unit: UNIT,
      informationType: INFORMATION_TYPE,
      subject: 'Din ansökan om försörjningsstöd',
      subjectKey: subjectKeys.of(personnummer),
      sealedPersonnummer: cipher.encryptToString(dataKey, personnummer, `${id}/personnummer`),
      status: closed ? 'closed' : 'open',
      openedAt: opened,
      openedBy,
      ...(closed
        ? {
            closedAt,
            closedBy: { kind: 'client', id: 'case-system' },
            archive: {
              status: 'archived',
              attempts: 1,
              packageId: randomUUID(),
              packageSha256: randomBytes(32).toString('hex'),
              receiptId: randomUUID(),
              archivedAt: new Date(closedAt.getTime() + 60_000),
            },
          }
        : {}),
      messageCount: 1,
      lastMessageAt: opened,
      outbox: [],
    },
    message: {
      _id: messageId,
      conversationId: id,
      seq: 1,
      author: {
        kind: 'client',
        id: 'case-system',
        name: cipher.encryptToString(dataKey, openedBy.name, `${id}/message/${messageId}/author`),
      },
      sentAt: opened,
      sealedBody: cipher.encryptToString(dataKey, BODY, `${id}/message/${messageId}`),
      attachments: [],
    },
    dataKey: { _id: id, ...wrapped, createdAt: opened },
  };
}

/** Seeds `count` conversations in batches of 5 000 per collection; returns the seconds it took. */
async function seed(count: number, closed: boolean): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < count; i += SEED_BATCH) {
    const batch = await Promise.all(Array.from({ length: Math.min(SEED_BATCH, count - i) }, (_, j) => docs(i + j, closed)));
    await dataKeys.insertMany(batch.map((b) => b.dataKey) as never[], { ordered: false });
    await messages.insertMany(batch.map((b) => b.message) as never[], { ordered: false });
    await conversations.insertMany(batch.map((b) => b.conversation) as never[], { ordered: false });
  }
  return (performance.now() - t) / 1000;
}

/** Runs `fn` while sampling the process's RSS every 50 ms; returns its seconds and the peak RSS (MB). */
async function measured(fn: () => Promise<void>): Promise<{ seconds: number; peakMb: number; startMb: number }> {
  const startMb = process.memoryUsage().rss / 2 ** 20;
  let peak = startMb;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 50);
  const t = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
  return { seconds: (performance.now() - t) / 1000, peakMb: peak, startMb };
}

async function expectLeft(phase: string): Promise<void> {
  const left = {
    conversations: await conversations.countDocuments({}),
    messages: await messages.countDocuments({}),
    dataKeys: await dataKeys.countDocuments({}),
  };
  if (left.conversations !== KEPT || left.messages !== KEPT || left.dataKeys !== KEPT)
    throw new Error(`${phase}: expected only the ${KEPT} open conversations left, found ${JSON.stringify(left)}`);
}

const ms = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

try {
  process.stdout.write(`[messages-purge] N = ${N} closed conversations (+ ${KEPT} open ones kept), purge chunks of ${CHUNK}\n`);
  const seedKept = await seed(KEPT, false);

  // Run 1: the gallring handler, chunk after chunk, as the retention service drives it.
  const seed1 = await seed(N, true);
  process.stdout.write(
    `[messages-purge] seeded ${N} conversations (3 documents each) in ${seed1.toFixed(1)} s (+ kept ones ${seedKept.toFixed(1)} s)\n`,
  );
  const purge = app.get(PurgeService);
  let deleted = 0;
  let chunks = 0;
  const chunkSeconds: number[] = [];
  const purgeRun = await measured(async () => {
    for (let more = true; more; chunks++) {
      const request: PurgeRequestedV1 = {
        requestId: randomUUID(),
        runId: 'run-bench-0001',
        ruleId: 'rule-secure-messages-soc',
        ruleVersion: 1,
        chunk: chunks,
        selection: {
          service: 'messages',
          unit: UNIT,
          informationType: INFORMATION_TYPE,
          triggeredBefore: new Date().toISOString(),
          requireArchived: true,
        },
        exclusions: { subjectKeys: [], itemIds: [] },
        limit: CHUNK,
        method: 'crypto-shred',
        requestedAt: new Date().toISOString(),
      };
      const t = performance.now();
      const answer = await purge.handle(request);
      chunkSeconds.push((performance.now() - t) / 1000);
      deleted += answer.deleted;
      more = answer.remaining;
    }
  });
  if (deleted !== N) throw new Error(`the purge deleted ${deleted}, expected ${N}`);
  await expectLeft('after the purge');

  // Run 2: the same N again, deleted bare: the selection read once, then one deleteMany per collection
  // (the data keys and messages by the selected ids, in $in lists of 50 000 to stay under BSON's 16 MB).
  const seed2 = await seed(N, true);
  process.stdout.write(`[messages-purge] seeded again in ${seed2.toFixed(1)} s\n`);

  // What one batch of the purge costs on this server, on the full collections and without deleting anything
  // (ids that do not exist): `$in` of 1 000 ids per collection as the purge sends them, the selection filter
  // with such an `$in` added, and an `_id` equality for contrast.
  const none = Array.from({ length: 1_000 }, () => randomUUID());
  const probe = {
    dataKeysIn: await ms(() => dataKeys.deleteMany({ _id: { $in: none } } as never)),
    messagesIn: await ms(() => messages.deleteMany({ conversationId: { $in: none } })),
    conversationsIn: await ms(() => conversations.deleteMany({ _id: { $in: none }, status: 'closed' } as never)),
    selectionAndIn: await ms(() => conversations.deleteMany({ ...selection, _id: { $in: none } } as never)),
    idEquality: await ms(() => dataKeys.deleteMany({ _id: none[0] } as never)),
    selectionRead: await ms(() => conversations.find(selection, { projection: { _id: 1, subjectKey: 1, 'archive.status': 1 } }).toArray()),
  };
  const batchMs = probe.dataKeysIn + probe.messagesIn + probe.conversationsIn;

  const bareRun = await measured(async () => {
    const ids = (await conversations.find(selection, { projection: { _id: 1 } }).toArray()).map((d) => d._id as unknown as string);
    // Parts of 30 000: FerretDB deletes the matched documents in one SQL statement, and SQLite takes at
    // most 32 766 variables in one (a single deleteMany of 100 000 fails there).
    for (let i = 0; i < ids.length; i += 30_000) {
      const part = ids.slice(i, i + 30_000);
      await dataKeys.deleteMany({ _id: { $in: part } } as never);
      await messages.deleteMany({ conversationId: { $in: part } });
      await conversations.deleteMany({ ...selection, _id: { $in: part } } as never);
    }
  });
  await expectLeft('after the bare delete');

  const perSec = (s: number) => Math.round(N / s);
  const sorted = [...chunkSeconds].sort((a, b) => a - b);
  report(
    `messages purge (gallring of ${N} closed conversations, chunks of ${CHUNK}; the issue's target is at 1 000 000, measured at N = ${N})`,
    `${purgeRun.seconds.toFixed(1)} s = ${perSec(purgeRun.seconds)} conversations/s (${chunks} chunks, ${sorted[0]!.toFixed(1)}–${sorted.at(-1)!.toFixed(1)} s each; RSS peak ${Math.round(purgeRun.peakMb)} MB from ${Math.round(purgeRun.startMb)} MB)`,
    `${bareRun.seconds.toFixed(1)} s = ${perSec(bareRun.seconds)} conversations/s (bare deleteMany, RSS peak ${Math.round(bareRun.peakMb)} MB)`,
    bareRun.seconds / purgeRun.seconds,
    0.5,
    `seeding ${N} conversations took ${seed1.toFixed(1)} s and ${seed2.toFixed(1)} s; one purge batch of 1 000 on the full collections ` +
      `(${N + KEPT} conversations) costs ${Math.round(batchMs)} ms on the server (data_keys $in ${Math.round(probe.dataKeysIn)} ms, ` +
      `messages $in ${Math.round(probe.messagesIn)} ms, conversations $in ${Math.round(probe.conversationsIn)} ms; selection + $in ` +
      `${Math.round(probe.selectionAndIn)} ms; _id equality ${Math.round(probe.idEquality)} ms; selection read ${Math.round(probe.selectionRead)} ms)`,
  );
} finally {
  // The kept conversations (and, after a failure, the rest) are not left behind in the shared database.
  await db.dropDatabase().catch(() => undefined);
  await app.close();
}

// A municipal system asking "does this person consent to purpose X of notice Y now?" (GET /v1/consent-checks,
// a client token with consent:read) with BENCH_CONSENT_PEOPLE people holding consents (half given, a quarter
// withdrawn, a quarter never asked), against a bare authenticated route of the same app (same framework,
// global middleware, token verification and access guard, the same query strings) returning an answer of
// the same size, in the same run. Target (issue): at least 80 % of the bare route's throughput; the p99 is
// reported. The check is answered from the in-memory index (ConsentIndex), loaded here from MongoDB as at
// boot. Three rounds of BENCH_CONSENT_SECONDS per route at 32 connections, after a warm-up.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Controller, Get, Module, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Allow } from '@insyn/auth';
import { configureApp } from '@insyn/service-kit';
import { TestTokens } from '@insyn/testing';
import type { Response } from 'express';
import type { Connection } from 'mongoose';
import { median, report, size } from './harness.js';

const PEOPLE = size('BENCH_CONSENT_PEOPLE', 100_000, 1_000);
const SECONDS = size('BENCH_CONSENT_SECONDS', 5, 1);
const CONNECTIONS = 32;
const PATHS = Math.min(PEOPLE, 5_000);
const SEED_BATCH = 5_000;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-bench-consent-'));
const tokens = await TestTokens.create('https://identity.bench', 'insyn');
Object.assign(process.env, {
  ...tokens.env,
  MONGODB_DB: `bench_consent_check_${Date.now()}`,
  LOG_LEVEL: 'warn',
  DOCS_ENABLED: 'false',
  RIGHTS_KEY_SECRET: randomBytes(32).toString('base64url'),
  RIGHTS_CONSENT_SYNC_MS: '3600000',
});
const { AppModule, SERVICE, ConsentIndex, textDigest, NoticeTermsRepository, noticeTermsOf } =
  await import('../apps/rights/src/testing.js');
const { publishedNotice } = await import('../tests/rights/rights-harness.js');

const bare: { body: Buffer } = { body: Buffer.alloc(0) };

@Controller('bench')
class BareController {
  @Get('bare')
  @Allow({ clientScopes: ['consent:read'] })
  bare(@Res() res: Response): void {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.status(200).end(bare.body);
  }
}

@Module({ imports: [AppModule], controllers: [BareController] })
class BenchModule {}

const app = await NestFactory.create<NestExpressApplication>(BenchModule, { logger: ['error'], bodyParser: false });
configureApp(app, { ...SERVICE, consumes: false });
await app.listen(0, '127.0.0.1');
const base = await app.getUrl();
const db = app.get<Connection>(getConnectionToken());

try {
  // The consent-based seed notice, as its notice.published.v1 would store it.
  const terms = noticeTermsOf(publishedNotice('consent-example', { slug: 'sms-avisering-sakra-meddelanden' }));
  await app.get(NoticeTermsRepository).record(terms);
  const purpose = terms.consentPurposes[0]!;
  const digest = textDigest(purpose);
  const subjectKey = (i: number) => `sk1_${Buffer.from(`bench-person-${i}`.padEnd(32, '.')).toString('base64url')}`;

  // PEOPLE consents, as the service stores them (the check index reads their current state only).
  const seedStart = performance.now();
  const consents = db.collection('consents');
  for (let i = 0; i < PEOPLE; i += SEED_BATCH) {
    const docs = [];
    for (let p = i; p < Math.min(PEOPLE, i + SEED_BATCH); p++) {
      if (p % 4 === 3) continue; // never asked
      const at = new Date(Date.now() - (p % 1000) * 60_000);
      docs.push({
        _id: `consent-${p}`,
        subjectKey: subjectKey(p),
        notice: terms.slug,
        purpose: purpose.id,
        basis: purpose.basis,
        state: p % 4 === 2 ? 'withdrawn' : 'given',
        sequence: p % 4 === 2 ? 2 : 1,
        noticeVersion: 1,
        textDigest: digest,
        language: 'sv',
        changedAt: at,
        createdAt: at,
        updatedAt: at,
        history: [],
        outbox: [],
      });
    }
    await consents.insertMany(docs as never[], { ordered: false });
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const index = app.get(ConsentIndex);
  const loadStart = performance.now();
  await index.sync(true);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  process.stdout.write(
    `[consent-check] seeded ${PEOPLE} people (${index.size} consents) in ${seedSeconds.toFixed(1)} s; the index loaded them in ${loadSeconds.toFixed(1)} s (heap ${heapMb.toFixed(0)} MB)\n`,
  );

  // PATHS people spread over the whole range, given, withdrawn and never asked alike.
  const query = (i: number) => `subjectKey=${subjectKey(i)}&notice=${terms.slug}&purpose=${purpose.id}`;
  const people = Array.from({ length: PATHS }, (_, i) => Math.floor((i * PEOPLE) / PATHS));
  const checkFile = path.join(work, 'check.json');
  const bareFile = path.join(work, 'bare.json');
  fs.writeFileSync(checkFile, JSON.stringify(people.map((i) => `/v1/consent-checks?${query(i)}`)));
  fs.writeFileSync(bareFile, JSON.stringify(people.map((i) => `/bench/bare?${query(i)}`)));
  const token = await tokens.client(['consent:read'], 'bench-system');

  // The answers are right before they are fast.
  const answer = async (i: number) =>
    (await (await fetch(`${base}/v1/consent-checks?${query(i)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      consents: boolean;
      reason: string;
    };
  const expected = ['given', 'given', 'withdrawn', 'not-given'];
  for (const i of [0, 1, 2, 3, PEOPLE - 1])
    if ((await answer(i)).reason !== expected[i % 4]) throw new Error(`person ${i}: ${JSON.stringify(await answer(i))}`);
  bare.body = Buffer.from(JSON.stringify(await answer(0)));

  const client = async (file: string, seconds: number) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(import.meta.dirname, 'consent-check-client.mjs'), base, file, token, String(seconds), String(CONNECTIONS)],
      { maxBuffer: 1 << 20 },
    );
    return JSON.parse(stdout) as { rps: number; requests: number; p50: number; p99: number; non2xx: number; errors: number };
  };
  await client(bareFile, Math.min(2, SECONDS));
  await client(checkFile, Math.min(2, SECONDS));
  const rounds = { check: [] as number[], bare: [] as number[], p50: [] as number[], p99: [] as number[], bareP99: [] as number[] };
  for (let i = 0; i < 3; i++) {
    const b = await client(bareFile, SECONDS);
    const c = await client(checkFile, SECONDS);
    if (c.non2xx || b.non2xx || c.errors || b.errors) throw new Error(`errors during the run: ${JSON.stringify({ c, b })}`);
    rounds.bare.push(b.rps);
    rounds.check.push(c.rps);
    rounds.p50.push(c.p50);
    rounds.p99.push(c.p99);
    rounds.bareP99.push(b.p99);
  }
  const c = median(rounds.check);
  const b = median(rounds.bare);
  report(
    `consent-check (GET /v1/consent-checks as a municipal system, ${PEOPLE} people)`,
    `${Math.round(c)} req/s`,
    `${Math.round(b)} req/s (bare authenticated route, same query strings, same ${bare.body.length} bytes; p99 ${median(rounds.bareP99)} ms)`,
    c / b,
    0.8,
    `check latency p50 ${median(rounds.p50)} ms, p99 ${median(rounds.p99)} ms (${CONNECTIONS} connections, ${PATHS} people in rotation, 3 × ${SECONDS} s, medians); ` +
      `index of ${index.size} consents loaded in ${loadSeconds.toFixed(1)} s`,
  );
} finally {
  await db.dropDatabase().catch(() => undefined);
  await app.close();
  fs.rmSync(work, { recursive: true, force: true });
}

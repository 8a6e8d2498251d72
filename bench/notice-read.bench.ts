// Reading a published notice as JSON, against a bare route in the same app (same framework, same
// global middleware and guard) returning the same bytes. Target (issue 19): at least 95 % of its throughput.
// Four rounds of BENCH_NOTICE_SECONDS per route, in alternating order, after a warm-up of up to 2 s each.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Controller, Get, Module, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Public } from '@insyn/auth';
import { configureApp } from '@insyn/service-kit';
import type { Response } from 'express';
import { parse } from 'yaml';
import { load, median, report, size } from './harness.js';

const SECONDS = size('BENCH_NOTICE_SECONDS', 5, 1);

process.env.MONGODB_DB = `bench_notice_${Date.now()}`;
process.env.LOG_LEVEL = 'warn';
process.env.DOCS_ENABLED = 'false';
const { AppModule, SERVICE, ImportNoticeUseCase, PublishNoticeUseCase, PublishedNotices } = await import('../apps/notice/src/testing.js');

const bare: { body: Buffer } = { body: Buffer.alloc(0) };

@Controller('bench')
class BareController {
  @Get('bare')
  @Public()
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

const umea = parse(
  fs.readFileSync(path.join(import.meta.dirname, '../apps/notice/seed/umea-behandling-sakra-meddelanden.yaml'), 'utf8'),
) as { id: string };
await app.get(ImportNoticeUseCase).execute(umea, 'bench');
await app.get(PublishNoticeUseCase).execute(umea.id, 'bench');
bare.body = app.get(PublishedNotices).latest(umea.id)!.get('json', 'sv').body;

const noticeUrl = `${base}/v1/notices/${umea.id}`;
const bareUrl = `${base}/bench/bare`;
await load(bareUrl, Math.min(2, SECONDS));
await load(noticeUrl, Math.min(2, SECONDS));
const rounds = { notice: [] as number[], bare: [] as number[], p50: [] as number[], p99: [] as number[] };
// Four rounds, each in the other order than the last, so that neither route always runs second (in the
// other's garbage, on a warmer or busier machine); the medians are of the four.
for (let i = 0; i < 4; i++) {
  const first = await load(i % 2 === 0 ? bareUrl : noticeUrl, SECONDS);
  const second = await load(i % 2 === 0 ? noticeUrl : bareUrl, SECONDS);
  const [b, n] = i % 2 === 0 ? [first, second] : [second, first];
  if (n.non2xx || b.non2xx || n.errors || b.errors) throw new Error(`errors during the run: ${JSON.stringify({ n, b })}`);
  rounds.bare.push(b.rps);
  rounds.notice.push(n.rps);
  rounds.p50.push(n.p50);
  rounds.p99.push(n.p99);
}
const n = median(rounds.notice);
const b = median(rounds.bare);
report(
  'notice-read (GET /v1/notices/:id as JSON)',
  `${Math.round(n)} req/s`,
  `${Math.round(b)} req/s (bare route, same ${bare.body.length} bytes)`,
  n / b,
  0.95,
  `notice latency p50 ${median(rounds.p50)} ms, p99 ${median(rounds.p99)} ms (32 connections, 4 × ${SECONDS} s, medians)`,
);
await app.close();

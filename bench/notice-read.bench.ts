// Reading a published notice as JSON, against a bare route in the same app (same framework, same
// global middleware and guard) that answers the same response: the same body and the same ETag, Vary
// and Cache-Control headers, taken once at start. Target (issue 19): at least 95 % of its throughput.
// A second bare route sends only the body and its Content-Type (this benchmark's first baseline): the
// line gives that ratio too, so that the caching headers' own cost stays visible.
// Twelve rounds of BENCH_NOTICE_SECONDS per route, each in another order, after a warm-up of up to 2 s each;
// the ratio is the median of the rounds' own ratios. A second line gives the server's CPU per request.
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

const SECONDS = size('BENCH_NOTICE_SECONDS', 3, 1);
// Twelve, not eight: one round's ratio ranges from 0.81 to 1.09 on this machine, and the median of
// eight moved by 0.04 between runs of the same build (session 21).
const ROUNDS = 12;

process.env.MONGODB_DB = `bench_notice_${Date.now()}`;
process.env.LOG_LEVEL = 'warn';
process.env.DOCS_ENABLED = 'false';
const { AppModule, SERVICE, ImportNoticeUseCase, PublishNoticeUseCase } = await import('../apps/notice/src/testing.js');

/** The notice route's response, as it answered the first request. */
const bare = { body: Buffer.alloc(0), headers: [] as [string, string][] };
const SENT_HEADERS = ['etag', 'vary', 'cache-control', 'content-type', 'content-length'];

@Controller('bench')
class BareController {
  @Get('bare')
  @Public()
  bare(@Res() res: Response): void {
    for (const [name, value] of bare.headers) res.setHeader(name, value);
    res.status(200).end(bare.body);
  }

  @Get('body-only')
  @Public()
  bodyOnly(@Res() res: Response): void {
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

const noticeUrl = `${base}/v1/notices/${umea.id}`;
const first = await fetch(noticeUrl);
bare.body = Buffer.from(await first.arrayBuffer());
bare.headers = SENT_HEADERS.map((h): [string, string] => [h, first.headers.get(h) ?? '']);
if (!first.ok || bare.headers.some(([, v]) => !v))
  throw new Error(`the notice answered ${first.status} without ${SENT_HEADERS.join(', ')}`);

const urls = { notice: noticeUrl, bare: `${base}/bench/bare`, bodyOnly: `${base}/bench/body-only` };
const routes = Object.keys(urls) as (keyof typeof urls)[];
for (const route of routes) await load(urls[route], Math.min(2, SECONDS));
const rounds = { notice: [] as number[], bare: [] as number[], bodyOnly: [] as number[], p50: [] as number[], p99: [] as number[] };
/** This process's CPU (the server's: the load comes from another process) per request answered, µs. */
const cpu = { notice: [] as number[], bare: [] as number[], bodyOnly: [] as number[] };
// Rounds each starting one route further on, so that no route always runs after the same one (in its
// garbage, on a warmer or busier machine). Four rounds of 5 s put the same build at 0.83 to 1.09 on one
// morning, each route's rounds ranging over a tenth: the ratio is now the median of each round's own
// ratio, the notice against the bare route run just before or after it, so that a machine that is
// slower for a while slows both sides of a ratio rather than one side of the medians. The CPU the
// server spends per request is printed beside it: it moves far less than throughput with the machine.
for (let i = 0; i < ROUNDS; i++) {
  for (let k = 0; k < routes.length; k++) {
    const route = routes[(i + k) % routes.length]!;
    const before = process.cpuUsage();
    const r = await load(urls[route], SECONDS);
    const used = process.cpuUsage(before);
    if (r.non2xx || r.errors) throw new Error(`errors during the run of ${route}: ${JSON.stringify(r)}`);
    rounds[route].push(r.rps);
    cpu[route].push((used.user + used.system) / r.requests);
    if (route === 'notice') {
      rounds.p50.push(r.p50);
      rounds.p99.push(r.p99);
    }
  }
}
/** Each round's `a` over its `b`: the ratios of the routes' runs in the same round. */
const perRound = (a: number[], b: number[]) => a.map((x, i) => x / b[i]!);
const ratios = perRound(rounds.notice, rounds.bare);
const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
report(
  'notice-read (GET /v1/notices/:id as JSON)',
  `${Math.round(median(rounds.notice))} req/s`,
  `${Math.round(median(rounds.bare))} req/s (bare route, the same response: ${bare.body.length} bytes and the same caching headers)`,
  median(ratios),
  0.95,
  `median of ${ROUNDS} rounds' ratios (${list(ratios)}); notice latency p50 ${median(rounds.p50)} ms, p99 ${median(rounds.p99)} ms ` +
    `(32 connections, ${ROUNDS} × ${SECONDS} s); against the body alone with its Content-Type (${Math.round(median(rounds.bodyOnly))} req/s) ` +
    `${median(perRound(rounds.notice, rounds.bodyOnly)).toFixed(2)}`,
);
report(
  'notice-read, server CPU per request',
  `${median(cpu.notice).toFixed(0)} µs per notice read`,
  `${median(cpu.bare).toFixed(0)} µs per bare request (${median(cpu.bodyOnly).toFixed(0)} µs with the body alone)`,
  median(perRound(cpu.bare, cpu.notice)),
  undefined,
  `medians of the same ${ROUNDS} rounds, the ratio of each round's; a ratio of 1 is no CPU of its own beyond the bare route's`,
);
await app.close();

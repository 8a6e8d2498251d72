// What a municipal business system needs to keep its cases in step (issue 18), end to end on real Kafka and
// MongoDB: a conversation opened with its case reference (diarienummer), shown to the unit and found by it,
// never shown to the citizen or another unit; the citizen's reply announced with it; the unit's list paged
// with an opaque cursor (Link rel="next"), and `since` giving what changed after an instant, oldest first.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, KafkaProbe, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';
import { messagesEnvironment } from './messages-env.js';

const SECRET = 'e2e-case-reference-subject-secret-32ch';
const ANNA = '199908072391';
const CASE = 'SOC 2026/1234';

const tokens = await TestTokens.create();
const UNIT = `soc-paging-${uniqueSuffix()}`;
const OTHER_UNIT = `ks-paging-${uniqueSuffix()}`;
useTestEnvironment(
  messagesEnvironment({ [UNIT]: { name: 'Individ- och familjeomsorgen' }, [OTHER_UNIT]: { name: 'Kommunstyrelsen' } }, SECRET, tokens.env),
);
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

type Summary = { conversationId: string; caseReference?: string; changedAt: string; lastMessageAt: string; status: string };

describe('case references, paging and since on the messages API (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let system: string;
  let otherUnitSystem: string;
  let handler: string;
  let anna: string;
  let withCase: string;
  const as = (token: string) => ({
    get: (url: string) => request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body?: object) => request(app.getHttpServer()).post(url).set('Authorization', `Bearer ${token}`).send(body),
  });
  const open = (token: string, subject: string, extra: object = {}) =>
    as(token).post('/v1/conversations', { personnummer: ANNA, subject, body: 'Ett nytt beslut finns att läsa.', ...extra });
  /** Every page from `url` on, following Link rel="next". */
  const allPages = async (token: string, url: string): Promise<{ pages: Summary[][]; links: string[] }> => {
    const pages: Summary[][] = [];
    const links: string[] = [];
    let next: string | undefined = url;
    while (next) {
      const res: request.Response = await as(token).get(next).expect(200);
      pages.push(res.body as Summary[]);
      const link: string | undefined = res.headers.link;
      if (link) links.push(link);
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : undefined;
      if (pages.length > 50) throw new Error('paging does not end');
    }
    return { pages, links };
  };

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.MessagesMessageReceivedV1]);
    app = await createTestApp(AppModule, SERVICE);
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    otherUnitSystem = await tokens.mint({ sub: 'ks-system', kind: 'client', scope: 'messages:send messages:read', unit: OTHER_UNIT });
    handler = await tokens.official(['messages-handler'], UNIT);
    anna = await tokens.citizen(new SubjectKeys(SECRET).of(ANNA));
  });

  afterAll(async () => {
    await probe?.stop();
    await app?.close();
  });

  it('a case reference is stored and shown to the unit’s system and officials, never to the citizen or another unit', async () => {
    const opened = await open(system, 'Nytt beslut', { caseReference: CASE }).expect(201);
    withCase = opened.body.conversationId as string;
    expect(opened.body.caseReference).toBe(CASE);
    await open(system, 'Utan diarienummer').expect(201);
    await open(otherUnitSystem, 'Kommunstyrelsens ärende', { caseReference: CASE }).expect(201);

    expect((await as(handler).get(`/v1/conversations/${withCase}`).expect(200)).body.caseReference).toBe(CASE);
    const mine = await as(anna).get(`/v1/conversations/${withCase}`).expect(200);
    expect(mine.body).not.toHaveProperty('caseReference');
    expect(JSON.stringify((await as(anna).get('/v1/conversations').expect(200)).body)).not.toContain(CASE);
    await as(otherUnitSystem).get(`/v1/conversations/${withCase}`).expect(404);

    const found = (
      await as(system)
        .get(`/v1/conversations?caseReference=${encodeURIComponent(CASE)}`)
        .expect(200)
    ).body as Summary[];
    expect(found.map((c) => c.conversationId)).toEqual([withCase]);
    const theirs = (
      await as(otherUnitSystem)
        .get(`/v1/conversations?caseReference=${encodeURIComponent(CASE)}`)
        .expect(200)
    ).body as Summary[];
    expect(theirs).toHaveLength(1);
    expect(theirs[0]!.conversationId).not.toBe(withCase);
    const citizenFilter = await as(anna)
      .get(`/v1/conversations?caseReference=${encodeURIComponent(CASE)}`)
      .expect(400);
    expect(citizenFilter.body.errors).toEqual([expect.objectContaining({ field: 'caseReference' })]);
  });

  it('a malformed case reference is a 400 naming it; one holding a personnummer a 422; nothing is opened', async () => {
    const before = ((await as(system).get('/v1/conversations').expect(200)).body as Summary[]).length;
    for (const bad of ['x'.repeat(65), '<script>', ' SOC 1', '']) {
      const res = await open(system, 'Fel', { caseReference: bad }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'caseReference' })]);
    }
    const leaky = await open(system, 'Fel', { caseReference: 'SOC 19990807-2391' }).expect(422);
    expect(leaky.body.errors).toEqual([expect.objectContaining({ field: 'caseReference' })]);
    expect(((await as(system).get('/v1/conversations').expect(200)).body as Summary[]).length).toBe(before);
  });

  it('the citizen’s reply is announced once with the case reference', async () => {
    await as(anna).post(`/v1/conversations/${withCase}/messages`, { body: 'Tack, jag har läst beslutet.' }).expect(201);
    const received = () =>
      probe
        .on(Topics.MessagesMessageReceivedV1)
        .map((m) => m.json<{ data?: { conversationId?: string; caseReference?: string } }>()?.data)
        .filter((d) => d?.conversationId === withCase);
    await probe.waitFor(() => received().length >= 1);
    expect(received()).toEqual([expect.objectContaining({ unit: UNIT, caseReference: CASE })]);
  });

  it('the unit’s list pages with an opaque cursor: every conversation once, in the unpaged order', async () => {
    for (let i = 0; i < 5; i++) await open(system, `Kallelse ${i}`).expect(201);
    const whole = (await as(system).get('/v1/conversations').expect(200)).body as Summary[];
    expect(whole).toHaveLength(7);
    const { pages, links } = await allPages(system, '/v1/conversations?limit=2');
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((c) => c.conversationId)).toEqual(whole.map((c) => c.conversationId));
    expect(links).toHaveLength(3);
    for (const link of links) expect(link).toMatch(/^<\/v1\/conversations\?cursor=[A-Za-z0-9_-]+&limit=2>; rel="next"$/);
    const lastActivity = whole.map((c) => c.lastMessageAt);
    expect([...lastActivity].sort().reverse()).toEqual(lastActivity);

    // The cursor keeps the filters: open ones only, whatever page.
    const open1 = await allPages(system, '/v1/conversations?status=open&limit=3');
    expect(open1.pages.flat()).toHaveLength(7);
  });

  it('since gives what changed after an instant, oldest change first, paged; then nothing more', async () => {
    const whole = (await as(system).get('/v1/conversations').expect(200)).body as Summary[];
    const mark = whole
      .map((c) => c.changedAt)
      .sort()
      .at(-1)!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [first, second, third] = whole.slice(2, 5).map((c) => c.conversationId);
    await as(handler).post(`/v1/conversations/${first}/messages`, { body: 'Vi hörs.' }).expect(201);
    await as(system).post(`/v1/conversations/${second}/messages`, { body: 'Påminnelse om mötet.' }).expect(201);
    await as(handler).post(`/v1/conversations/${third}/messages`, { body: 'Välkommen.' }).expect(201);

    const { pages } = await allPages(system, `/v1/conversations?since=${encodeURIComponent(mark)}&limit=1`);
    const changed = pages.flat();
    expect(changed.map((c) => c.conversationId)).toEqual([first, second, third]);
    expect(changed.every((c) => c.changedAt > mark)).toBe(true);
    const newest = changed.at(-1)!.changedAt;
    expect(
      (
        await as(system)
          .get(`/v1/conversations?since=${encodeURIComponent(newest)}`)
          .expect(200)
      ).body,
    ).toEqual([]);

    // Closing is a change too (and archiving, which follows it, another); the status filter applies with since.
    await as(system).post(`/v1/conversations/${second}/close`).expect(200);
    const closed = (
      await as(system)
        .get(`/v1/conversations?since=${encodeURIComponent(newest)}&status=closed`)
        .expect(200)
    ).body as Summary[];
    expect(closed.map((c) => [c.conversationId, c.status])).toEqual([[second, 'closed']]);
    expect(
      (
        await as(system)
          .get(`/v1/conversations?since=${encodeURIComponent(newest)}&status=open`)
          .expect(200)
      ).body,
    ).toEqual([]);
  });

  it('bad paging input gets 400 problems naming the parameter', async () => {
    const cursor = /cursor=([^&>]+)/.exec(
      (await as(system).get('/v1/conversations?status=open&limit=1').expect(200)).headers.link as string,
    )![1]!;
    const cases: [string, string][] = [
      ['/v1/conversations?limit=0', 'limit'],
      ['/v1/conversations?limit=201', 'limit'],
      ['/v1/conversations?limit=ten', 'limit'],
      ['/v1/conversations?since=yesterday', 'since'],
      ['/v1/conversations?status=deleted', 'status'],
      ['/v1/conversations?cursor=not-a-cursor', 'cursor'],
      [`/v1/conversations?cursor=${cursor}&status=closed`, 'status'],
      ['/v1/conversations?sort=subject', 'sort'],
    ];
    for (const [url, field] of cases) {
      const res = await as(system).get(url).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    }
  });
});

// Forecasts (dry runs) in the retention service, over real HTTP, Kafka and MongoDB: closed and archived
// conversations arrive as events from the messages service and become candidates; a forecast counts, per
// window, what the rule's active version would delete, what a hold keeps and what a missing archive
// blocks, and deletes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import {
  type ConversationArchivedV1,
  ConversationArchivedV1Event,
  type ConversationClosedV1,
  ConversationClosedV1Event,
  Topics,
} from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, eventually, KafkaProbe, publishEvent, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';
import { activateWithApproval, approverToken } from './rule-approval.js';

const SECRET = 'e2e-forecast-subject-secret-at-least-32-chars';
// A unit of this file's own: the app reads the closed-conversation topic from the beginning, and other
// test files publish closings for the usual units on the same broker.
const UNIT = `forecast-${uniqueSuffix()}`;
const tokens = await TestTokens.create();
const { db } = useTestEnvironment({
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  RETENTION_UNITS: JSON.stringify({ [UNIT]: { name: 'Forecast e2e' }, socialtjansten: { name: 'IFO' } }),
});
const { AppModule, SERVICE } = await import('../../apps/retention/src/testing.js');

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
/** `days` after the instant two years ago (negative: before it). */
const twoYearsAgoPlus = (days: number): string => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - 2);
  return new Date(d.getTime() + days * DAY).toISOString();
};

describe('retention forecast (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let admin: string;
  const keys = new SubjectKeys(SECRET);
  const heldPerson = keys.of('191212121212');
  const candidates = () => raw.collection('candidates');
  const ruleId = `forecast-rule-${uniqueSuffix()}`;
  const conv = (name: string) => `${name}-${uniqueSuffix()}`;

  const http = () => request(app.getHttpServer());
  const post = (path: string, token: string, body: object) => http().post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token: string) => http().get(path).set('Authorization', `Bearer ${token}`);

  const closed = (conversationId: string, closedAt: string, over: Partial<ConversationClosedV1> = {}): ConversationClosedV1 => ({
    conversationId,
    unit: UNIT,
    informationType: 'secure-message',
    openedAt: new Date(new Date(closedAt).getTime() - 7 * DAY).toISOString(),
    closedAt,
    closedBy: { kind: 'official', id: 'SE2321000230-test1' },
    messageCount: 3,
    ...over,
  });
  const archived = (conversationId: string): ConversationArchivedV1 => ({
    conversationId,
    unit: UNIT,
    archivedAt: new Date().toISOString(),
    packageId: `pkg-${conversationId}`,
    profile: 'E-ARK-SIP',
    packageSha256: 'a'.repeat(64),
    receiptId: `receipt-${conversationId}`,
  });
  const subjectOf = (name: string) => keys.of(name === 'held-person' ? '191212121212' : '199908072391');

  /** The conversations, when they were closed, whether archived; the forecast's counts follow from them. */
  const fixture = [
    { id: conv('due-archived'), closedAt: twoYearsAgoPlus(-10), archived: true, subject: 'someone', caseReference: 'SOC 2024/0042' },
    { id: conv('due-unarchived'), closedAt: twoYearsAgoPlus(-10), archived: false, subject: 'someone' },
    { id: conv('due-archived-first'), closedAt: twoYearsAgoPlus(-12), archived: true, subject: 'someone', archivedFirst: true },
    { id: conv('in30-archived'), closedAt: twoYearsAgoPlus(10), archived: true, subject: 'someone' },
    { id: conv('in30-held-convo'), closedAt: twoYearsAgoPlus(12), archived: true, subject: 'someone' },
    { id: conv('in90-held-person'), closedAt: twoYearsAgoPlus(60), archived: false, subject: 'held-person' },
    { id: conv('in90-archived'), closedAt: twoYearsAgoPlus(60), archived: true, subject: 'someone' },
    { id: conv('in90-unarchived'), closedAt: twoYearsAgoPlus(62), archived: false, subject: 'someone' },
    { id: conv('later'), closedAt: twoYearsAgoPlus(200), archived: true, subject: 'someone' },
  ];

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.DeadLetterV1]);
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    admin = await tokens.official(['retention-admin']);
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await app?.close();
  });

  it('stores closed and archived conversations as candidates, idempotently and in any order', async () => {
    for (const c of fixture) {
      const data = closed(c.id, c.closedAt, c.caseReference ? { caseReference: c.caseReference } : {});
      const publishClosed = () => publishEvent(ConversationClosedV1Event, data, { subjectKey: subjectOf(c.subject), source: 'messages' });
      if (c.archivedFirst) await publishEvent(ConversationArchivedV1Event, archived(c.id), { source: 'messages' });
      await publishClosed();
      if (c.archived && !c.archivedFirst) await publishEvent(ConversationArchivedV1Event, archived(c.id), { source: 'messages' });
    }
    // The same closing again, under a new event id, and one of another information type.
    const first = fixture[0]!;
    await publishEvent(ConversationClosedV1Event, closed(first.id, first.closedAt), {
      subjectKey: subjectOf('someone'),
      source: 'messages',
    });
    const otherType = conv('other-type');
    await publishEvent(ConversationClosedV1Event, closed(otherType, twoYearsAgoPlus(-10), { informationType: 'case-file' }), {
      source: 'messages',
    });

    const archivedCount = fixture.filter((c) => c.archived).length;
    await eventually(
      async () => {
        const [all, withArchive] = await Promise.all([
          candidates().countDocuments({ unit: UNIT, closedAt: { $exists: true } }),
          candidates().countDocuments({ unit: UNIT, archivedAt: { $exists: true } }),
        ]);
        return all === fixture.length + 1 && withArchive === archivedCount ? true : undefined;
      },
      40_000,
      'all candidates stored',
    );
    const stored = await candidates().findOne({ _id: fixture[2]!.id as never });
    expect(stored).toMatchObject({
      unit: UNIT,
      informationType: 'secure-message',
      subjectKey: subjectOf('someone'),
      closedAt: new Date(fixture[2]!.closedAt),
      archivedAt: expect.any(Date),
    });
    expect(await candidates().indexes()).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: { unit: 1, informationType: 1, closedAt: 1 } })]),
    );
  });

  it('forecasts what falls due now, within 30 and within 90 days, held and blocked apart', async () => {
    await post('/v1/rules', admin, {
      ruleId,
      unit: UNIT,
      informationType: 'secure-message',
      action: 'archive-then-delete',
      trigger: 'conversation-closed',
      after: 'P2Y',
      schedule: '0 2 * * *',
      decision: { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0113', section: 'punkt 4.2' },
    }).expect(201);
    await activateWithApproval(app.getHttpServer(), ruleId, 1, admin, await approverToken(tokens));
    await post('/v1/holds', admin, {
      scope: 'conversation',
      target: fixture[4]!.id,
      reason: 'public-records-request',
      reviewAt: inDays(30),
    }).expect(201);
    await post('/v1/holds', admin, { scope: 'person', personnummer: '191212121212', reason: 'litigation', reviewAt: inDays(30) }).expect(
      201,
    );
    expect(heldPerson).toBe(subjectOf('held-person'));

    const before = await candidates().countDocuments({});
    const res = await get(`/v1/rules/${ruleId}/forecast`, await tokens.official(['archivist'])).expect(200);
    expect(res.body).toMatchObject({
      ruleId,
      version: 1,
      asOf: expect.any(String),
      alreadyDue: { due: 2, held: 0, blocked: 1 },
      windows: [
        { days: 30, due: 1, held: 1, blocked: 0, from: expect.any(String), until: expect.any(String) },
        { days: 90, due: 2, held: 2, blocked: 1, from: expect.any(String), until: expect.any(String) },
      ],
    });
    const [w30, w90] = res.body.windows as { from: string; until: string }[];
    expect(Date.parse(w30!.until) - Date.parse(w30!.from)).toBeGreaterThan(29 * DAY);
    expect(Date.parse(w90!.until) - Date.parse(w90!.from)).toBeLessThanOrEqual(91 * DAY);
    // A dry run: nothing is deleted.
    expect(await candidates().countDocuments({})).toBe(before);

    const one = await get(`/v1/rules/${ruleId}/forecast?days=90`, await tokens.client(['retention:read'])).expect(200);
    expect(one.body.windows).toEqual([expect.objectContaining({ days: 90, due: 2, held: 2, blocked: 1 })]);
    expect(one.body.alreadyDue).toMatchObject({ due: 2, held: 0, blocked: 1 });
  });

  it('lists the items behind each count, paged in the order they fell due, by case reference or conversation, never by person', async () => {
    const archivist = await tokens.official(['archivist']);
    const items = `/v1/rules/${ruleId}/forecast/items`;
    type Item = { conversationId: string; caseReference?: string; disposition: string; dueAt: string; triggeredAt: string };
    const [dueFirst, dueArchived, dueUnarchived] = [fixture[2]!, fixture[0]!, fixture[1]!];

    const first = await get(`${items}?limit=2`, archivist).expect(200);
    expect(first.body).toEqual([
      {
        kind: 'conversation',
        conversationId: dueFirst.id,
        unit: UNIT,
        informationType: 'secure-message',
        trigger: 'conversation-closed',
        triggeredAt: dueFirst.closedAt,
        dueAt: expect.any(String),
        disposition: 'due',
        archivedAt: expect.any(String),
      },
      expect.objectContaining({ conversationId: dueArchived.id, caseReference: 'SOC 2024/0042', disposition: 'due' }),
    ]);
    for (const item of first.body as Item[]) {
      expect(Date.parse(item.dueAt)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(item.dueAt) - Date.parse(item.triggeredAt)).toBeGreaterThan(2 * 365 * DAY);
    }
    const link = /^<(\/v1\/rules\/[^>]+)>; rel="next"$/.exec(first.headers.link ?? '');
    expect(link?.[1]).toMatch(new RegExp(`^/v1/rules/${ruleId}/forecast/items\\?cursor=[A-Za-z0-9_-]+&limit=2$`));
    const second = await get(link![1]!, archivist).expect(200);
    expect((second.body as Item[]).map((i) => [i.conversationId, i.disposition])).toEqual([[dueUnarchived.id, 'blocked']]);
    expect(second.headers.link).toBeUndefined();

    // Within 30 days, and the held ones of 90 days: the counts of the forecast, item by item.
    const in30 = await get(`${items}?row=30`, archivist).expect(200);
    expect((in30.body as Item[]).map((i) => [i.conversationId, i.disposition])).toEqual([
      [fixture[3]!.id, 'due'],
      [fixture[4]!.id, 'held'],
    ]);
    for (const item of in30.body as Item[]) expect(Date.parse(item.dueAt)).toBeGreaterThan(Date.now());
    const held = await get(`${items}?row=90&disposition=held&limit=1`, archivist).expect(200);
    expect((held.body as Item[]).map((i) => i.conversationId)).toEqual([fixture[4]!.id]);
    const heldNext = /^<([^>]+)>/.exec(held.headers.link ?? '')![1]!;
    expect((await get(heldNext, archivist).expect(200)).body.map((i: Item) => i.conversationId)).toEqual([fixture[5]!.id]);
    // No person is named: no subject key, whether held or not.
    expect(JSON.stringify([first.body, second.body, in30.body, held.body])).not.toContain(heldPerson);
    expect(JSON.stringify([first.body, in30.body])).not.toContain('subjectKey');

    // Bad input is a 400 naming the parameter; a cursor keeps its filters.
    const bad = async (query: string, field: string) => {
      const res = await get(`${items}?${query}`, archivist).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    };
    await bad('row=45', 'row');
    await bad('disposition=gone', 'disposition');
    await bad('limit=0', 'limit');
    await bad('limit=201', 'limit');
    await bad('cursor=not-a-cursor', 'cursor');
    await bad(`${heldNext.slice(heldNext.indexOf('?') + 1)}&row=now`, 'row');
    await bad('asOf=2020-01-01T00:00:00Z', 'asOf');
    await get(`${items}`, await tokens.official(['registrator'])).expect(403);
    await get(`/v1/rules/no-such-rule/forecast/items`, archivist).expect(404);
  });

  it('refuses unknown rules (404), rules that keep forever (422), bad windows (400) and readers without a role (403)', async () => {
    const dpo = await tokens.official(['dpo']);
    await get('/v1/rules/no-such-rule/forecast', dpo).expect(404);

    const keepId = `forecast-keep-${uniqueSuffix()}`;
    await post('/v1/rules', admin, {
      ruleId: keepId,
      unit: 'socialtjansten',
      informationType: 'secure-message',
      action: 'keep',
      trigger: 'conversation-closed',
      decision: { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0200', section: 'punkt 1.1' },
    }).expect(201);
    // A drafted rule has no active version yet: 404.
    await get(`/v1/rules/${keepId}/forecast`, dpo).expect(404);
    await activateWithApproval(app.getHttpServer(), keepId, 1, admin, await approverToken(tokens));
    const kept = await get(`/v1/rules/${keepId}/forecast`, dpo).expect(422);
    expect(kept.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(kept.body).toMatchObject({ status: 422, title: 'The rule keeps forever' });
    expect(kept.body.type).toMatch(/keeps-forever$/);

    await get(`/v1/rules/${keepId}/forecast/items`, dpo).expect(422);
    // A retired rule selects nothing: 409.
    await post(`/v1/rules/${keepId}/retire`, admin, { reason: 'Ersatt av en ny regel' }).expect(200);
    const retired = await get(`/v1/rules/${keepId}/forecast`, dpo).expect(409);
    expect(retired.body.type).toMatch(/rule-retired$/);
    await get(`/v1/rules/${keepId}/forecast/items`, dpo).expect(409);

    const bad = await get(`/v1/rules/${ruleId}/forecast?days=45`, dpo).expect(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['days']);

    await get(`/v1/rules/${ruleId}/forecast`, await tokens.official(['registrator'])).expect(403);
    await get(`/v1/rules/${ruleId}/forecast`, await tokens.client(['retention:hold'])).expect(403);
    await get(`/v1/rules/${ruleId}/forecast`, await tokens.citizen(subjectOf('someone'))).expect(403);
    await http().get(`/v1/rules/${ruleId}/forecast`).expect(401);
  });

  it('a malformed messages.conversation.closed.v1 goes to the dead-letter topic and stores no candidate', async () => {
    const id = conv('malformed');
    const eventId = await publishEvent(
      ConversationClosedV1Event,
      { ...closed(id, twoYearsAgoPlus(0)), closedAt: 'yesterday' },
      { source: 'messages' },
    );
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.DeadLetterV1 && (m.value ?? '').includes(eventId)));
    const letter = probe
      .on(Topics.DeadLetterV1)
      .find((m) => (m.value ?? '').includes(eventId))!
      .json<Record<string, unknown>>();
    expect(JSON.stringify(letter)).toContain('CandidatesConsumer');
    expect(await candidates().countDocuments({ _id: id as never })).toBe(0);
  });
});

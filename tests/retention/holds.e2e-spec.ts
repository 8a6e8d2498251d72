// Legal holds (gallringsstopp) in the retention service, over real HTTP, Kafka and MongoDB: set by hand
// (a person by subject key only), one active hold per scope + target, reviewed and released; set
// automatically while a data-subject request is open, once per request; and read by gallring runs.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { RightsRequestClosedV1Event, type RightsRequestOpenedV1, RightsRequestOpenedV1Event, Topics } from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import {
  createTestApp,
  eventually,
  followPages,
  KafkaProbe,
  publishEvent,
  TestTokens,
  uniqueSuffix,
  useTestEnvironment,
} from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';

const SECRET = 'e2e-holds-subject-secret-at-least-32-chars';
const tokens = await TestTokens.create();
const { db } = useTestEnvironment({ ...tokens.env, SUBJECT_KEY_SECRET: SECRET });
const { AppModule, SERVICE, HoldsQuery } = await import('../../apps/retention/src/testing.js');

const PNR = '19121212-1212';
const PNR_DIGITS = /1212-?1212|191212121212/;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Holds set through the API; automatic holds from other test files' data-subject requests are left out. */
const MANUAL = { source: { $exists: false } };

describe('legal holds in the retention service (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let admin: string;
  let registrator: string;
  let dpo: string;
  let system: string;
  const keys = new SubjectKeys(SECRET);
  const holds = () => raw.collection('holds');

  const post = (path: string, token: string, body: object) =>
    request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);

  const opened = (over: Partial<RightsRequestOpenedV1> = {}): RightsRequestOpenedV1 => ({
    requestId: `req-${randomUUID()}`,
    kind: 'access',
    subjectKey: keys.of('199908072391'),
    openedAt: new Date().toISOString(),
    dueAt: inDays(30),
    ...over,
  });

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.DeadLetterV1]);
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    admin = await tokens.official(['retention-admin']);
    registrator = await tokens.official(['registrator']);
    dpo = await tokens.official(['dpo']);
    system = await tokens.client(['retention:hold'], 'case-system');
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await app?.close();
  });

  let personHoldId: string;
  let automaticHoldId: string;
  let automaticRequestId: string;

  it('sets a person hold; only the subject key is stored, never the personnummer', async () => {
    const res = await post('/v1/holds', admin, {
      scope: 'person',
      personnummer: PNR,
      reason: 'litigation',
      note: 'Mål T 1234-26',
      reviewAt: inDays(90),
    }).expect(201);
    personHoldId = res.body.holdId as string;
    expect(res.body).toMatchObject({
      scope: 'person',
      target: keys.of('191212121212'),
      reason: 'litigation',
      active: true,
      reviewOverdue: false,
      setBy: { kind: 'official', id: 'SE2321000230-test1' },
    });
    const stored = await holds().findOne({ _id: personHoldId as never });
    expect(stored).toMatchObject({ scope: 'person', target: keys.of('191212121212'), reason: 'litigation' });
    expect(JSON.stringify(stored)).not.toMatch(PNR_DIGITS);
    expect(JSON.stringify(res.body)).not.toMatch(PNR_DIGITS);
  });

  it('an overlapping hold gets 409 naming the existing one, and nothing is stored', async () => {
    const before = await holds().countDocuments(MANUAL);
    const res = await post('/v1/holds', registrator, {
      scope: 'person',
      personnummer: '191212121212',
      reason: 'public-records-request',
      reviewAt: inDays(30),
    }).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, existingHoldId: personHoldId });
    expect(res.body.detail).toContain(personHoldId);
    expect(await holds().countDocuments(MANUAL)).toBe(before);
    // A unique index, not only the read before the write, keeps two racing requests from both landing.
    expect(await holds().indexes()).toEqual(expect.arrayContaining([expect.objectContaining({ key: { slot: 1 }, unique: true })]));
  });

  it.each<[string, object, number, string[]]>([
    [
      'a review date in the past',
      { scope: 'unit', target: 'socialtjansten', reason: 'litigation', reviewAt: inDays(-1) },
      422,
      ['reviewAt'],
    ],
    [
      'a review date beyond a year',
      { scope: 'unit', target: 'socialtjansten', reason: 'litigation', reviewAt: inDays(400) },
      422,
      ['reviewAt'],
    ],
    ['an unknown unit', { scope: 'unit', target: 'gatukontoret', reason: 'litigation', reviewAt: inDays(10) }, 422, ['target']],
    [
      'a wrong personnummer',
      { scope: 'person', personnummer: '19121212-1213', reason: 'litigation', reviewAt: inDays(10) },
      400,
      ['personnummer'],
    ],
    [
      'a personnummer in the note',
      { scope: 'rule', target: 'rule-secure-messages', reason: 'other', note: 'gäller 121212-1212', reviewAt: inDays(10) },
      400,
      ['note'],
    ],
    ['no reason, no review date', { scope: 'conversation', target: 'conv-00000001' }, 400, ['reason', 'reviewAt']],
    // A rule hold must name a rule that exists, as runs compare rule ids exactly: anything else would protect nothing.
    [
      'a rule that does not exist',
      { scope: 'rule', target: 'sakra-meddelanden-sox', reason: 'litigation', reviewAt: inDays(10) },
      422,
      ['target'],
    ],
    [
      'a rule id with capitals',
      { scope: 'rule', target: 'Sakra-Meddelanden-Soc', reason: 'litigation', reviewAt: inDays(10) },
      400,
      ['target'],
    ],
  ])('refuses %s with a problem naming the fields, storing nothing', async (_, body, status, fields) => {
    const before = await holds().countDocuments(MANUAL);
    const res = await post('/v1/holds', admin, body).expect(status);
    expect(res.body.status).toBe(status);
    expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(fields);
    expect(JSON.stringify(res.body)).not.toMatch(PNR_DIGITS);
    expect(await holds().countDocuments(MANUAL)).toBe(before);
  });

  it('a review moves the review date and is recorded', async () => {
    const next = inDays(200);
    const res = await post(`/v1/holds/${personHoldId}/review`, registrator, { reviewAt: next }).expect(200);
    expect(res.body.reviewAt).toBe(next);
    expect(res.body.reviews).toHaveLength(1);
    expect(res.body.reviews[0]).toMatchObject({ to: next, by: { kind: 'official' } });
    await post(`/v1/holds/${personHoldId}/review`, registrator, { reviewAt: inDays(500) }).expect(422);
  });

  it('release ends the hold, a second release is 409, and the target can be held again', async () => {
    const res = await post(`/v1/holds/${personHoldId}/release`, admin, { note: 'Målet avgjort' }).expect(200);
    expect(res.body).toMatchObject({ active: false, releasedBy: { kind: 'official' }, releaseNote: 'Målet avgjort' });
    expect(res.body.releasedAt).toEqual(expect.any(String));
    expect((await post(`/v1/holds/${personHoldId}/release`, admin, {}).expect(409)).body.holdId).toBe(personHoldId);
    await post(`/v1/holds/${personHoldId}/review`, admin, { reviewAt: inDays(10) }).expect(409);
    const list = (await get('/v1/holds?scope=person', dpo).expect(200)).body as { holdId: string }[];
    expect(list.map((h) => h.holdId)).not.toContain(personHoldId);
    // The released hold stays stored as evidence and readable by id.
    expect((await get(`/v1/holds/${personHoldId}`, dpo).expect(200)).body.active).toBe(false);
    await post('/v1/holds', system, { scope: 'person', personnummer: PNR, reason: 'supervisory-case', reviewAt: inDays(60) }).expect(201);
  });

  it('unknown and malformed ids: 404 and 400', async () => {
    await get(`/v1/holds/${randomUUID()}`, dpo).expect(404);
    const res = await get('/v1/holds/not-a-hold', dpo).expect(400);
    expect(res.body.errors[0].field).toBe('id');
  });

  it('citizens get 403; readers without a writing role may only read', async () => {
    const citizen = await tokens.citizen(keys.of('191212121212'));
    await get('/v1/holds', citizen).expect(403);
    await post('/v1/holds', citizen, { scope: 'unit', target: 'socialtjansten', reason: 'litigation', reviewAt: inDays(10) }).expect(403);
    await post('/v1/holds', dpo, { scope: 'unit', target: 'socialtjansten', reason: 'litigation', reviewAt: inDays(10) }).expect(403);
    const otherSystem = await tokens.client(['messages:send']);
    await get('/v1/holds', otherSystem).expect(403);
    await request(app.getHttpServer()).get('/v1/holds').expect(401);
    await get('/v1/holds', await tokens.official(['archivist'])).expect(200);
  });

  it('an open data-subject request sets one automatic hold, even when its event comes twice', async () => {
    const req = opened();
    const first = await publishEvent(RightsRequestOpenedV1Event, req, { subjectKey: req.subjectKey, source: 'rights' });
    const second = await publishEvent(RightsRequestOpenedV1Event, req, { subjectKey: req.subjectKey, source: 'rights' });
    // Both events are through the consumer (the inbox records each event id) before counting.
    await eventually(
      async () => ((await raw.collection('inbox').countDocuments({ eventId: { $in: [first, second] } })) === 2 ? true : undefined),
      20_000,
      'both events handled',
    );
    const stored = await holds().find({ 'source.requestId': req.requestId }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      scope: 'person',
      target: req.subjectKey,
      reason: 'data-subject-request',
      reviewAt: new Date(req.dueAt),
      source: { type: 'rights-request', requestId: req.requestId },
      setBy: { kind: 'system', id: 'rights' },
    });
    expect(stored[0]!.releasedAt).toBeUndefined();

    // It does not block a hold set by hand on the same person (each ends on its own), and is listed as active.
    const list = (await get('/v1/holds?scope=person', admin).expect(200)).body as { holdId: string; source?: { requestId: string } }[];
    expect(list.filter((h) => h.source?.requestId === req.requestId)).toHaveLength(1);
    automaticHoldId = stored[0]!._id as unknown as string;
    automaticRequestId = req.requestId;
  });

  it('the automatic hold cannot be released by the hold writers: 409, it ends when the request is closed', async () => {
    for (const token of [admin, system]) {
      const res = await post(`/v1/holds/${automaticHoldId}/release`, token, { note: 'Begäran besvarad' }).expect(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 409, holdId: automaticHoldId, requestId: automaticRequestId });
      expect(res.body.type).toMatch(/hold-of-rights-request$/);
      expect(res.body.detail).toContain('released when the request is closed');
    }
    const stored = await holds().findOne({ _id: automaticHoldId as never });
    expect(stored).toMatchObject({ source: { type: 'rights-request', requestId: automaticRequestId } });
    expect(stored!.releasedAt).toBeUndefined();
    expect((await get(`/v1/holds/${automaticHoldId}`, dpo).expect(200)).body.active).toBe(true);
  });

  it('a malformed rights.request.opened.v1 goes to the dead-letter topic and sets no hold', async () => {
    const bad = opened({ dueAt: 'in a month' });
    const id = await publishEvent(RightsRequestOpenedV1Event, bad, { subjectKey: bad.subjectKey });
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.DeadLetterV1 && (m.value ?? '').includes(id)));
    const letter = probe
      .on(Topics.DeadLetterV1)
      .find((m) => (m.value ?? '').includes(id))!
      .json<Record<string, unknown>>();
    expect(JSON.stringify(letter)).toContain('HoldsConsumer');
    expect(await holds().countDocuments({ 'source.requestId': bad.requestId })).toBe(0);
  });

  it('HoldsQuery tells a gallring run what to leave alone', async () => {
    const convHold = await post('/v1/holds', admin, {
      scope: 'conversation',
      target: 'conv-0000000000000001',
      reason: 'public-records-request',
      reviewAt: inDays(30),
    }).expect(201);
    await post('/v1/holds', admin, { scope: 'unit', target: 'socialtjansten', reason: 'supervisory-case', reviewAt: inDays(30) }).expect(
      201,
    );
    // A rule hold names an existing rule (a draft will do).
    await post('/v1/rules', admin, {
      ruleId: 'rule-secure-messages-soc',
      unit: 'socialtjansten',
      informationType: 'secure-message',
      action: 'delete',
      trigger: 'conversation-closed',
      after: 'P2Y',
      schedule: '0 2 * * *',
    }).expect(201);
    await post('/v1/holds', admin, {
      scope: 'rule',
      target: 'rule-secure-messages-soc',
      reason: 'litigation',
      reviewAt: inDays(30),
    }).expect(201);
    const released = await post('/v1/holds', admin, {
      scope: 'conversation',
      target: 'conv-0000000000000002',
      reason: 'litigation',
      reviewAt: inDays(30),
    }).expect(201);
    await post(`/v1/holds/${released.body.holdId}/release`, admin, {}).expect(200);

    const query = app.get(HoldsQuery);
    const soc = await query.activeExclusions('socialtjansten', 'secure-message', 'rule-secure-messages-soc');
    expect(soc).toMatchObject({ itemIds: ['conv-0000000000000001'], unitHeld: true, ruleHeld: true });
    // The supervisory-case hold set again on the released person, and the open request's person. (Other
    // test files publish data-subject requests on the same broker; their automatic holds may be here too.)
    expect(soc.subjectKeys).toEqual(expect.arrayContaining([keys.of('191212121212'), keys.of('199908072391')]));
    expect(soc.holdIds).toContain(convHold.body.holdId);
    expect(soc.holdIds).not.toContain(released.body.holdId);
    expect(soc.holdIds).not.toContain(personHoldId);

    const other = await query.activeExclusions('kommunstyrelsen', 'secure-message', 'rule-secure-messages-ks');
    expect(other).toMatchObject({ itemIds: ['conv-0000000000000001'], unitHeld: false, ruleHeld: false });
    expect(other.subjectKeys).toEqual(soc.subjectKeys);
  });
  it('rights.request.closed.v1 releases the automatic hold, by the system; the same event again changes nothing', async () => {
    const closed = { requestId: automaticRequestId, outcome: 'answered' as const, closedAt: new Date().toISOString() };
    const first = await publishEvent(RightsRequestClosedV1Event, closed, { source: 'rights' });
    const again = await publishEvent(RightsRequestClosedV1Event, closed, { source: 'rights' });
    await eventually(
      async () => ((await raw.collection('inbox').countDocuments({ eventId: { $in: [first, again] } })) === 2 ? true : undefined),
      20_000,
      'both closed events handled',
    );
    const stored = await holds().findOne({ _id: automaticHoldId as never });
    expect(stored).toMatchObject({
      releasedBy: { kind: 'system', id: 'rights' },
      releaseNote: `Data-subject request answered ${closed.closedAt}`,
    });
    expect((await get(`/v1/holds/${automaticHoldId}`, dpo).expect(200)).body.active).toBe(false);
    // A closed request never opened here: nothing to release, nothing dead-lettered.
    const unknown = await publishEvent(
      RightsRequestClosedV1Event,
      { ...closed, requestId: `req-never-${uniqueSuffix()}` },
      { source: 'rights' },
    );
    await eventually(async () => ((await raw.collection('inbox').findOne({ eventId: unknown })) ? true : undefined), 20_000);
    expect(probe.on(Topics.DeadLetterV1).some((m) => (m.value ?? '').includes(unknown))).toBe(false);
  });

  it('the data-protection officer releases an automatic hold of a request answered outside Insyn, with a note; not a hold set by hand', async () => {
    const req = opened();
    await publishEvent(RightsRequestOpenedV1Event, req, { subjectKey: req.subjectKey, source: 'rights' });
    const holdId = await eventually(
      async () => (await holds().findOne({ 'source.requestId': req.requestId }))?._id as unknown as string | undefined,
      20_000,
      'the automatic hold',
    );
    const noNote = await post(`/v1/holds/${holdId}/release`, dpo, {}).expect(400);
    expect(noNote.body.errors).toEqual([
      { field: 'note', messages: [expect.stringContaining('how the data-subject request was answered')] },
    ]);
    const released = await post(`/v1/holds/${holdId}/release`, dpo, { note: 'Besvarad per brev, dnr KS 2026/88' }).expect(200);
    expect(released.body).toMatchObject({ active: false, releaseNote: 'Besvarad per brev, dnr KS 2026/88' });
    // A hold set by hand stays the writers' to release.
    const byHand = (
      await post('/v1/holds', admin, { scope: 'conversation', target: randomUUID(), reason: 'litigation', reviewAt: inDays(10) }).expect(
        201,
      )
    ).body.holdId as string;
    expect((await post(`/v1/holds/${byHand}/release`, dpo, { note: 'x' }).expect(403)).body.type).toMatch(/forbidden$/);
    await post(`/v1/holds/${byHand}/release`, admin, { note: 'Klart' }).expect(200);
  });

  it('pages the holds, active or released, oldest first: Link followed to the end gives each once; bad paging input is a 400', async () => {
    const set = async () =>
      (
        await post('/v1/holds', admin, { scope: 'conversation', target: randomUUID(), reason: 'litigation', reviewAt: inDays(10) }).expect(
          201,
        )
      ).body.holdId as string;
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await set());
    await post(`/v1/holds/${ids[4]}/release`, admin, { note: 'Klart' }).expect(200);

    type HoldView = { holdId: string; active: boolean; setAt: string };
    const whole = (await get('/v1/holds?scope=conversation', registrator).expect(200)).body as HoldView[];
    expect(whole.map((h) => h.holdId)).toEqual(expect.arrayContaining(ids.slice(0, 4)));
    expect(whole.map((h) => h.holdId)).not.toContain(ids[4]);
    const { pages, links } = await followPages<HoldView[]>(
      (url) => get(url, registrator).expect(200),
      '/v1/holds?scope=conversation&limit=2',
    );
    expect(pages.flat().map((h) => h.holdId)).toEqual(whole.map((h) => h.holdId));
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    expect(links).toHaveLength(pages.length - 1);
    for (const link of links) expect(link).toMatch(/^<\/v1\/holds\?cursor=[A-Za-z0-9_-]+&limit=2>; rel="next"$/);
    const setAt = whole.map((h) => h.setAt);
    expect([...setAt].sort()).toEqual(setAt);

    const released = await followPages<HoldView[]>(
      (url) => get(url, dpo).expect(200),
      '/v1/holds?status=released&scope=conversation&limit=1',
    );
    expect(released.pages.flat().map((h) => h.holdId)).toContain(ids[4]);
    expect(released.pages.flat().every((h) => !h.active)).toBe(true);
    expect(new Set(released.pages.flat().map((h) => h.holdId)).size).toBe(released.pages.flat().length);

    const cursor = /cursor=([^&>]+)/.exec(links[0]!)![1]!;
    const fieldsOf = async (url: string) =>
      ((await get(url, registrator).expect(400)).body.errors as { field: string }[]).map((e) => e.field);
    expect(await fieldsOf('/v1/holds?cursor=not-a-cursor')).toEqual(['cursor']);
    expect(await fieldsOf(`/v1/holds?cursor=${cursor}&status=released`)).toEqual(['status']);
    const runsCursor = Buffer.from(JSON.stringify({ v: 1, s: 'runs', f: {}, a: ['2026-12-01T00:00:00.000Z', 'x'] })).toString('base64url');
    expect(await fieldsOf(`/v1/holds?cursor=${runsCursor}`)).toEqual(['cursor']);
    expect(await fieldsOf('/v1/holds?limit=201')).toEqual(['limit']);
    expect(await fieldsOf('/v1/holds?limit=0')).toEqual(['limit']);
    expect(await fieldsOf('/v1/holds?status=lifted')).toEqual(['status']);
    // The cursor's filters hold without repeating them; the same filter beside it agrees.
    await get(`/v1/holds?cursor=${cursor}&scope=conversation&status=active`, registrator).expect(200);
  });

  it('with `since`, lists the holds changed after it, active and released, oldest change first; paged by Link keeping `since`', async () => {
    type HoldView = { holdId: string; active: boolean; changedAt: string };
    const pause = () => new Promise((r) => setTimeout(r, 5));
    const set = async () =>
      (
        await post('/v1/holds', admin, { scope: 'conversation', target: randomUUID(), reason: 'litigation', reviewAt: inDays(10) }).expect(
          201,
        )
      ).body as HoldView;
    const first = await set();
    await pause();
    const second = await set();
    expect(Date.parse(second.changedAt)).toBeGreaterThan(Date.parse(first.changedAt));
    const since = second.changedAt;
    await pause();
    const third = await set();
    await pause();
    // Released and reviewed after `since`: both changed, so both come, in the order of their change.
    const released = (await post(`/v1/holds/${first.holdId}/release`, admin, { note: 'Klart' }).expect(200)).body as HoldView;
    await pause();
    const reviewed = (await post(`/v1/holds/${second.holdId}/review`, admin, { reviewAt: inDays(20) }).expect(200)).body as HoldView;
    expect(Date.parse(released.changedAt)).toBeGreaterThan(Date.parse(since));
    expect(Date.parse(reviewed.changedAt)).toBeGreaterThan(Date.parse(released.changedAt));

    // Conversation holds only: automatic person holds of other test files' data-subject requests may come meanwhile.
    const url = `/v1/holds?scope=conversation&since=${encodeURIComponent(since)}`;
    const changed = (await get(url, registrator).expect(200)).body as HoldView[];
    const ours = [first.holdId, second.holdId, third.holdId];
    expect(changed.filter((h) => ours.includes(h.holdId)).map((h) => [h.holdId, h.active])).toEqual([
      [third.holdId, true],
      [first.holdId, false],
      [second.holdId, true],
    ]);
    // Strictly after `since`, oldest change first, then by id: a total order.
    const keys = changed.map((h) => `${new Date(h.changedAt).toISOString()} ${h.holdId}`);
    expect([...keys].sort()).toEqual(keys);
    expect(changed.every((h) => Date.parse(h.changedAt) > Date.parse(since))).toBe(true);
    // `status` still narrows: only the released of them.
    const releasedOnly = (await get(`${url}&status=released`, registrator).expect(200)).body as HoldView[];
    expect(releasedOnly.map((h) => h.holdId)).toContain(first.holdId);
    expect(releasedOnly.every((h) => !h.active)).toBe(true);
    // The next `since` is the greatest `changedAt` seen: nothing of ours is left after it.
    const latest = changed.at(-1)!.changedAt;
    const after = (await get(`/v1/holds?scope=conversation&since=${encodeURIComponent(latest)}`, registrator).expect(200))
      .body as HoldView[];
    expect(after.filter((h) => ours.includes(h.holdId))).toEqual([]);

    // Paged: Link alone (the cursor keeps `since`) gives each once, in the same order.
    const { pages, links } = await followPages<HoldView[]>((next) => get(next, registrator).expect(200), `${url}&limit=1`);
    expect(pages.flat().map((h) => h.holdId)).toEqual(changed.map((h) => h.holdId));
    expect(links).toHaveLength(changed.length - 1);
    for (const link of links) expect(link).toMatch(/^<\/v1\/holds\?cursor=[A-Za-z0-9_-]+&limit=1>; rel="next"$/);
    const cursor = /cursor=([^&>]+)/.exec(links[0]!)![1]!;
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toMatchObject({ f: { since: new Date(since).toISOString() } });
    // The same `since` beside its cursor agrees.
    await get(`/v1/holds?cursor=${cursor}&since=${encodeURIComponent(since)}`, registrator).expect(200);

    const fieldsOf = async (path: string) => {
      const res = await get(path, registrator).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      return (res.body.errors as { field: string }[]).map((e) => e.field);
    };
    expect(await fieldsOf('/v1/holds?since=yesterday')).toEqual(['since']);
    expect(await fieldsOf('/v1/holds?since=2026-13-01T00:00:00Z')).toEqual(['since']);
    // A cursor of one order is refused in the other; another `since` beside a cursor differs from the cursor's.
    const usual = /cursor=([^&>]+)/.exec((await get('/v1/holds?scope=conversation&limit=1', registrator).expect(200)).headers.link!)![1]!;
    expect(await fieldsOf(`/v1/holds?cursor=${usual}&since=${encodeURIComponent(since)}`)).toEqual(['cursor']);
    expect(await fieldsOf(`/v1/holds?cursor=${cursor}&since=${encodeURIComponent(latest)}`)).toEqual(['since']);
    const forged = Buffer.from(JSON.stringify({ v: 1, s: 'holds', f: { since }, a: [since, first.holdId] })).toString('base64url');
    expect(await fieldsOf(`/v1/holds?cursor=${forged}`)).toEqual(['cursor']);
  });
});

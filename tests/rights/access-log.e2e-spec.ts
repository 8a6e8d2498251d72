// The access log (loggutdrag) end to end, with real Kafka and MongoDB and three services in one process:
// the messages service logs every read of a conversation on audit.accessed.v1, the rights service keeps
// each read once in the person's log and shows it to her (who by role and unit, never an official's
// identity), the rights function reads a person's log and that read lands in her log too, and the
// retention service gallrar the log under a rule of its own through the purge protocol, holds respected.
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { AuditAccessedV1Event, type AuditAccessedV1, Topics } from '@insyn/contracts';
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
import request from 'supertest';
import { activateWithApproval, approverToken } from '../retention/rule-approval.js';

const SECRET = 'e2e-access-log-subject-secret-32-chars!';
const ANNA = '199908072391';
const BRITT = '195006262546';
const keys = new SubjectKeys(SECRET);
const annaKey = keys.of(ANNA);
const brittKey = keys.of(BRITT);
const suffix = uniqueSuffix();
// Units of this file's own: other files' apps share the broker, and each answers purge requests for its units only.
const UNIT = `soc-alog-${suffix}`;
const UNIT_NAME = 'Individ- och familjeomsorgen';
const LOG_UNIT = `ks-alog-${suffix}`;
const LOG_UNIT_NAME = 'Kommunstyrelsen';
const UNITS = JSON.stringify({ [UNIT]: { name: UNIT_NAME }, [LOG_UNIT]: { name: LOG_UNIT_NAME } });
/** The officials' subject keys: their personal identity, which the citizen must never see. */
const HANDLER_KEY = `sk1_handler${suffix}${'h'.repeat(32)}`;
const DPO_KEY = `sk1_dpo${suffix}${'d'.repeat(36)}`;

const tokens = await TestTokens.create();

// --- messages ---
const { db } = useTestEnvironment({
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  MESSAGES_UNITS: UNITS,
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-alog-kek-')), 'kek.json'),
  ARCHIVE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-alog-archive-')),
  ARCHIVE_INTERVAL_MS: '3600000',
  RIGHTS_UNITS: UNITS,
  RIGHTS_ACCESS_LOG_UNIT: LOG_UNIT,
  RETENTION_UNITS: UNITS,
  RETENTION_SCHEDULER: 'off',
});
const messagesModule = await import('../../apps/messages/src/testing.js');
// --- rights (a database and consumer group of its own) ---
Object.assign(process.env, { MONGODB_DB: `${db}_rights`, KAFKA_CONSUMER_GROUP: `insyn-${db}_rights` });
const rightsModule = await import('../../apps/rights/src/testing.js');
// --- retention ---
Object.assign(process.env, { MONGODB_DB: `${db}_retention`, KAFKA_CONSUMER_GROUP: `insyn-${db}_retention` });
const retentionModule = await import('../../apps/retention/src/testing.js');

interface EntryView {
  accessId: string;
  accessedAt: string;
  action: string;
  purpose: string;
  accessor: { kind: string; self?: boolean; role?: string; unit?: string; unitName?: string; clientId?: string; id?: string };
  resource: { type: string; id?: string; conversationId?: string };
  source?: string;
}
interface Page {
  entries: EntryView[];
  nextCursor?: string;
}

describe('the access log: messages → audit.accessed.v1 → rights, and gallring by retention (real Kafka and MongoDB)', () => {
  let messages: INestApplication;
  let rights: INestApplication;
  let retention: INestApplication;
  let probe: KafkaProbe;
  let system: string;
  let handler: string;
  let dpo: string;
  let rightsHandler: string;
  let anna: string;
  let britt: string;
  let annaConversation: string;
  let brittConversation: string;

  const msg = () => request(messages.getHttpServer());
  const rts = () => request(rights.getHttpServer());
  const ret = () => request(retention.getHttpServer());
  const ownLog = async (token: string, query = ''): Promise<Page> =>
    (await rts().get(`/v1/access-log${query}`).set('Authorization', `Bearer ${token}`).expect(200)).body as Page;
  /** Waits until the citizen's log has at least `n` entries matching `match`. */
  const logWith = (token: string, n: number, match: (e: EntryView) => boolean = () => true) =>
    eventually(
      async () => {
        const page = await ownLog(token, '?limit=200');
        return page.entries.filter(match).length >= n ? page : undefined;
      },
      30_000,
      `${n} matching entries in the log`,
    );
  const read = (over: Partial<AuditAccessedV1> & { accessId: string }): AuditAccessedV1 => ({
    accessor: { kind: 'official', id: HANDLER_KEY, role: 'messages-handler', unit: UNIT },
    subjectKey: annaKey,
    resource: { type: 'conversation', id: 'conv-published1', conversationId: 'conv-published1' },
    action: 'read',
    purpose: 'handlaggning',
    accessedAt: new Date().toISOString(),
    ...over,
  });

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.AuditAccessedV1, Topics.DeadLetterV1, Topics.RetentionPurgeCompletedV1]);
    messages = await createTestApp(messagesModule.AppModule, messagesModule.SERVICE);
    rights = await createTestApp(rightsModule.AppModule, rightsModule.SERVICE);
    retention = await createTestApp(retentionModule.AppModule, retentionModule.SERVICE);
    system = await tokens.mint({ sub: `case-system-${suffix}`, kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    handler = await tokens.mint({ sub: HANDLER_KEY, kind: 'official', roles: ['messages-handler'], unit: UNIT, loa: 3, idp: 'siths' });
    dpo = await tokens.mint({ sub: DPO_KEY, kind: 'official', roles: ['dpo'], unit: LOG_UNIT, loa: 3, idp: 'siths' });
    rightsHandler = await tokens.mint({ sub: DPO_KEY, kind: 'official', roles: ['rights-handler'], unit: LOG_UNIT, loa: 3, idp: 'siths' });
    anna = await tokens.citizen(annaKey);
    britt = await tokens.citizen(brittKey);
  });

  afterAll(async () => {
    await probe?.stop();
    await retention?.close();
    await rights?.close();
    await messages?.close();
  });

  it('an official’s read of Anna’s conversation, her own read and the system’s read appear in her log, newest first', async () => {
    const open = async (personnummer: string) =>
      (
        await msg()
          .post('/v1/conversations')
          .set('Authorization', `Bearer ${system}`)
          .send({ personnummer, subject: 'Kallelse till möte', body: 'Hej! Välkommen på möte på tisdag.' })
          .expect(201)
      ).body.conversationId as string;
    annaConversation = await open(ANNA);
    brittConversation = await open(BRITT);

    await msg().get(`/v1/conversations/${annaConversation}`).set('Authorization', `Bearer ${handler}`).expect(200);
    await msg().get(`/v1/conversations/${annaConversation}`).set('Authorization', `Bearer ${anna}`).expect(200);
    await msg().get(`/v1/conversations/${annaConversation}`).set('Authorization', `Bearer ${system}`).expect(200);
    await msg().get(`/v1/conversations/${brittConversation}`).set('Authorization', `Bearer ${handler}`).expect(200);

    const page = await logWith(anna, 3, (e) => e.resource.conversationId === annaConversation);
    const ours = page.entries.filter((e) => e.resource.conversationId === annaConversation);
    expect(ours).toHaveLength(3);
    const times = ours.map((e) => e.accessedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const byOfficial = ours.find((e) => e.accessor.kind === 'official')!;
    expect(byOfficial).toMatchObject({
      action: 'read',
      purpose: 'handlaggning',
      accessor: { kind: 'official', role: 'messages-handler', unit: UNIT, unitName: UNIT_NAME },
      resource: { type: 'conversation', conversationId: annaConversation },
    });
    expect(byOfficial.accessor).not.toHaveProperty('id');
    expect(ours.find((e) => e.accessor.kind === 'citizen')).toMatchObject({
      accessor: { kind: 'citizen', self: true },
      purpose: 'egen-insyn',
    });
    expect(ours.find((e) => e.accessor.kind === 'client')).toMatchObject({
      accessor: { kind: 'client', clientId: `case-system-${suffix}`, unit: UNIT, unitName: UNIT_NAME },
    });
    // The official's personal identity is nowhere in what Anna sees.
    expect(JSON.stringify(page)).not.toContain(HANDLER_KEY);
    // The same accesses the messages service published, one entry each.
    const published = probe
      .on(Topics.AuditAccessedV1)
      .map((m) => m.json<{ data: AuditAccessedV1 }>()!.data)
      .filter((d) => d.resource.conversationId === annaConversation);
    expect(ours.map((e) => e.accessId).sort()).toEqual(published.map((d) => d.accessId).sort());
  });

  it('Britt sees her own entries and never Anna’s; no route takes another person’s key from a citizen', async () => {
    const page = await logWith(britt, 1, (e) => e.resource.conversationId === brittConversation);
    expect(page.entries.every((e) => e.resource.conversationId !== annaConversation)).toBe(true);
    expect(JSON.stringify(page)).not.toContain(annaConversation);
    expect(JSON.stringify(page)).not.toContain(HANDLER_KEY);
    // A key in the query is not a filter: it is refused.
    const guessed = await rts().get(`/v1/access-log?subjectKey=${annaKey}`).set('Authorization', `Bearer ${britt}`).expect(400);
    expect(guessed.headers['content-type']).toMatch(/application\/problem\+json/);
    // The officials' route is not for citizens.
    await rts().get(`/v1/people/${annaKey}/access-log`).set('Authorization', `Bearer ${britt}`).expect(403);
    await rts().get('/v1/access-log').expect(401);
    // Who read her data is as sensitive as the data: assurance level 3, as for reading the messages.
    await rts()
      .get('/v1/access-log')
      .set('Authorization', `Bearer ${await tokens.citizen(brittKey, 2)}`)
      .expect(403);
  });

  it('the data-protection officer reads Anna’s log by subject key; the read is in Anna’s log, by role and unit, and counted', async () => {
    const seen = (await rts().get(`/v1/people/${annaKey}/access-log`).set('Authorization', `Bearer ${dpo}`).expect(200)).body as Page;
    const fromMessages = seen.entries.find((e) => e.resource.conversationId === annaConversation && e.accessor.kind === 'official')!;
    // The rights function sees who read, and which service reported it.
    expect(fromMessages).toMatchObject({ accessor: { id: HANDLER_KEY, role: 'messages-handler' }, source: 'messages' });

    const page = await logWith(anna, 1, (e) => e.resource.type === 'access-log');
    const logRead = page.entries.find((e) => e.resource.type === 'access-log')!;
    expect(logRead).toMatchObject({
      action: 'read',
      purpose: 'dataskyddstillsyn',
      accessor: { kind: 'official', role: 'dpo', unit: LOG_UNIT, unitName: LOG_UNIT_NAME },
    });
    expect(page.entries[0]!.accessId).toBe(logRead.accessId); // the newest
    const text = JSON.stringify(page);
    expect(text).not.toContain(DPO_KEY);
    expect(text).not.toContain(HANDLER_KEY);

    // A rights handler's read is logged under handling her rights; a messages handler may not read logs at all.
    await rts().get(`/v1/people/${annaKey}/access-log`).set('Authorization', `Bearer ${rightsHandler}`).expect(200);
    await rts().get(`/v1/people/${annaKey}/access-log`).set('Authorization', `Bearer ${handler}`).expect(403);
    const after = await logWith(anna, 2, (e) => e.resource.type === 'access-log');
    expect(after.entries.filter((e) => e.resource.type === 'access-log').map((e) => e.purpose)).toEqual([
      'rattighetshantering',
      'dataskyddstillsyn',
    ]);

    const metrics = (await rts().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/insyn_rights_access_log_reads_total\{reader="official",role="dpo"\} [1-9]/);
    expect(metrics).toMatch(/insyn_rights_access_log_reads_total\{reader="official",role="rights-handler"\} [1-9]/);
  });

  it('refuses a personnummer in the officials’ path with a 400 problem that does not repeat it', async () => {
    for (const pnr of [ANNA, '19990807-2391', '990807-2391']) {
      const res = await rts().get(`/v1/people/${pnr}/access-log`).set('Authorization', `Bearer ${dpo}`).expect(400);
      expect(res.body.errors).toEqual([{ field: 'subjectKey', messages: [expect.stringMatching(/looks like a personnummer/)] }]);
      expect(JSON.stringify(res.body)).not.toContain(pnr);
    }
    await rts().get('/v1/people/short/access-log').set('Authorization', `Bearer ${dpo}`).expect(400);
  });

  it('pages by cursor, filters by period, and answers bad parameters with 400 problems naming the field', async () => {
    const all = await ownLog(anna, '?limit=200');
    expect(all.entries.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ownLog(anna, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.accessId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.entries.map((e) => e.accessId));
    // The Link header leads the same way, and keeps the period, which the cursor does not carry.
    const from = '2000-01-01T00:00:00.000Z';
    const linked = await followPages<Page>(
      (url) => rts().get(url).set('Authorization', `Bearer ${anna}`).expect(200),
      `/v1/access-log?limit=2&from=${encodeURIComponent(from)}`,
    );
    expect(linked.pages.flatMap((p) => p.entries.map((e) => e.accessId))).toEqual(all.entries.map((e) => e.accessId));
    for (const link of linked.links) expect(link).toMatch(/^<\/v1\/access-log\?cursor=[A-Za-z0-9_-]+&limit=2&from=[^&>]+>; rel="next"$/);

    const future = await ownLog(anna, `?from=${new Date(Date.now() + 3_600_000).toISOString()}`);
    expect(future.entries).toEqual([]);

    const bad = async (query: string, field: string) => {
      const res = await rts().get(`/v1/access-log${query}`).set('Authorization', `Bearer ${anna}`).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad('?limit=0', 'limit');
    await bad('?limit=1000', 'limit');
    await bad('?cursor=not-a-cursor', 'cursor');
    await bad('?from=yesterday', 'from');
    await bad('?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to');
  });

  it('keeps each access once whatever the delivery: repeated and out-of-order events, newest first by the read', async () => {
    const carlKey = `sk1_carl${suffix}${'c'.repeat(35)}`;
    const carl = await tokens.citizen(carlKey);
    const newer = read({ accessId: `acc-new-${suffix}`, subjectKey: carlKey, accessedAt: '2026-03-02T10:00:00.000Z' });
    const older = read({ accessId: `acc-old-${suffix}`, subjectKey: carlKey, accessedAt: '2026-03-01T10:00:00.000Z' });
    await publishEvent(AuditAccessedV1Event, newer, { source: 'messages', subjectKey: carlKey });
    await publishEvent(AuditAccessedV1Event, older, { source: 'messages', subjectKey: carlKey });
    await publishEvent(AuditAccessedV1Event, { ...newer, purpose: 'annat' }, { source: 'messages', subjectKey: carlKey }); // same read, new event id
    const marker = read({ accessId: `acc-mark-${suffix}`, subjectKey: carlKey, accessedAt: '2026-02-01T10:00:00.000Z' });
    await publishEvent(AuditAccessedV1Event, marker, { source: 'messages', subjectKey: carlKey });
    const page = await logWith(carl, 3);
    expect(page.entries.map((e) => e.accessId)).toEqual([newer.accessId, older.accessId, marker.accessId]);
    expect(page.entries[0]!.purpose).toBe('handlaggning');
  });

  it('dead-letters a malformed audit event and one that names two people, and stores neither', async () => {
    const malformed = await publishEvent(AuditAccessedV1Event, read({ accessId: `acc-bad-${suffix}` }), {
      source: 'messages',
      raw: JSON.stringify({
        id: `evt-bad-${suffix}`,
        type: Topics.AuditAccessedV1,
        occurredAt: new Date().toISOString(),
        source: 'messages',
        correlationId: `corr-${suffix}`,
        data: { ...read({ accessId: `acc-bad-${suffix}` }), accessor: { kind: 'robot', id: 'x' } },
      }),
      id: `evt-bad-${suffix}`,
    });
    const twoPeople = await publishEvent(AuditAccessedV1Event, read({ accessId: `acc-two-${suffix}` }), {
      source: 'messages',
      subjectKey: brittKey,
    });
    const letters = await probe.waitFor(
      (all) =>
        [malformed, twoPeople].every((id) =>
          all.some((m) => m.topic === Topics.DeadLetterV1 && m.json<{ eventId?: string; consumer: string }>()?.eventId === id),
        ),
      30_000,
    );
    const ours = letters
      .filter((m) => m.topic === Topics.DeadLetterV1)
      .map((m) => m.json<{ eventId?: string; consumer: string; reason: string }>()!)
      .filter((d) => d.eventId === malformed || d.eventId === twoPeople);
    expect(ours.find((d) => d.eventId === malformed)).toMatchObject({
      consumer: 'AccessLogConsumer.onAccessed',
      reason: 'contract-violation',
    });
    expect(ours.find((d) => d.eventId === twoPeople)).toMatchObject({ consumer: 'AccessLogConsumer.onAccessed' });
    const annas = await ownLog(anna, '?limit=200');
    expect(annas.entries.map((e) => e.accessId)).not.toContain(`acc-bad-${suffix}`);
    expect(annas.entries.map((e) => e.accessId)).not.toContain(`acc-two-${suffix}`);
  });

  it('retention gallrar the unit’s old entries under the log’s own rule: held persons kept, recent reads kept, counts and ids answered', async () => {
    const admin = await tokens.mint({
      sub: `sk1_admin${suffix}${'a'.repeat(34)}`,
      kind: 'official',
      roles: ['retention-admin'],
      unit: UNIT,
      hsa_id: 'SE2321000230-adm1',
    });
    const archivist = await tokens.mint({ sub: `sk1_arch${suffix}${'r'.repeat(35)}`, kind: 'official', roles: ['archivist'], unit: UNIT });
    // Two old reads of Anna's data, one of a conversation of hers that is held, and one of Britt's; Britt is held.
    const heldConversation = `conv-held-${suffix}`;
    const old = [
      read({
        accessId: `acc-oldheld-${suffix}`,
        accessedAt: '2025-01-10T10:00:00.000Z',
        resource: { type: 'conversation', id: heldConversation, conversationId: heldConversation },
      }),
      read({ accessId: `acc-oldanna1-${suffix}`, accessedAt: '2025-01-10T10:00:00.000Z' }),
      read({ accessId: `acc-oldanna2-${suffix}`, accessedAt: '2025-02-10T10:00:00.000Z' }),
      read({ accessId: `acc-oldbritt-${suffix}`, subjectKey: brittKey, accessedAt: '2025-01-10T10:00:00.000Z' }),
    ];
    for (const r of old) await publishEvent(AuditAccessedV1Event, r, { source: 'messages', subjectKey: r.subjectKey });
    await logWith(anna, 3, (e) => e.accessId.startsWith('acc-oldanna') || e.accessId.startsWith('acc-oldheld'));
    await logWith(britt, 1, (e) => e.accessId.startsWith('acc-oldbritt'));

    await ret()
      .post('/v1/holds')
      .set('Authorization', `Bearer ${admin}`)
      .send({ scope: 'person', personnummer: BRITT, reason: 'litigation', reviewAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
      .expect(201);
    await ret()
      .post('/v1/holds')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        scope: 'conversation',
        target: heldConversation,
        reason: 'public-records-request',
        reviewAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      })
      .expect(201);
    const ruleId = `loggar-${suffix}`;
    await ret()
      .post('/v1/rules')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        ruleId,
        unit: UNIT,
        informationType: 'access-log',
        action: 'delete',
        trigger: 'last-activity',
        after: 'P1Y',
        schedule: '0 3 * * *',
        decision: { body: 'Socialnämnden', date: '2025-11-20', reference: 'SN 2025/0777', section: 'punkt 9.1' },
      })
      .expect(201);
    await activateWithApproval(retention.getHttpServer(), ruleId, 1, admin, await approverToken(tokens, LOG_UNIT));
    // Retention never hears of the log's entries: no forecast, and the run's expected count stays open.
    const forecast = await ret().get(`/v1/rules/${ruleId}/forecast`).set('Authorization', `Bearer ${archivist}`).expect(422);
    expect(forecast.body.type).toMatch(/forecast-unavailable$/);
    const started = await ret().post(`/v1/rules/${ruleId}/runs`).set('Authorization', `Bearer ${admin}`).expect(202);
    expect(started.body.selection).toMatchObject({ service: 'rights', informationType: 'access-log', trigger: 'last-activity' });

    const run = await eventually(
      async () => {
        const view = (await ret().get(`/v1/runs/${started.body.runId}`).set('Authorization', `Bearer ${archivist}`).expect(200)).body as {
          status: string;
          method: string;
          expected: number | null;
          counts?: { deleted: number; held: number; blocked: number };
        };
        return view.status === 'finished' ? view : undefined;
      },
      60_000,
      'the run to finish',
    );
    expect(run.counts).toMatchObject({ deleted: 2, held: 2, blocked: 0 });
    expect(run.method).toBe('delete');
    expect(run.expected).toBeNull();

    const answers = probe
      .on(Topics.RetentionPurgeCompletedV1)
      .map((m) => m.json<{ data: { runId: string; service: string; deletedIds?: string[]; deleted: number; skippedHeld: number } }>()!.data)
      .filter((d) => d.runId === started.body.runId);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ service: 'rights', deleted: 2, skippedHeld: 2 });
    expect(answers[0]!.deletedIds).toEqual([`acc-oldanna1-${suffix}`, `acc-oldanna2-${suffix}`].sort());

    const annas = await ownLog(anna, '?limit=200');
    expect(annas.entries.some((e) => e.accessId.startsWith('acc-oldanna'))).toBe(false);
    expect(annas.entries.some((e) => e.accessId === `acc-oldheld-${suffix}`)).toBe(true);
    // Recent reads, and the reads of her log (the log's own unit), are not due.
    expect(annas.entries.some((e) => e.resource.conversationId === annaConversation)).toBe(true);
    expect(annas.entries.some((e) => e.resource.type === 'access-log')).toBe(true);
    const britts = await ownLog(britt, '?limit=200');
    expect(britts.entries.some((e) => e.accessId === `acc-oldbritt-${suffix}`)).toBe(true);

    const protocol = (await ret().get('/v1/protocol?limit=100').set('Authorization', `Bearer ${archivist}`).expect(200)).body.entries as {
      rule: { id: string };
      method: string;
      counts: { deleted: number; held: number };
    }[];
    const entry = protocol.find((e) => e.rule.id === ruleId);
    expect(entry).toMatchObject({ method: 'delete', counts: { deleted: 2, held: 2 } });
    expect(JSON.stringify(protocol)).not.toContain(annaKey);
  });
});

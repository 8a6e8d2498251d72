// The messages service end to end with real Kafka and MongoDB: a municipal system opens a conversation,
// the citizen reads and replies, the unit's official reads and closes; nobody else sees anything; every
// read is logged; nothing readable is stored; bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, KafkaProbe, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

const SECRET = 'e2e-messages-subject-secret-32-chars-long';
const ANNA = '199908072391';
const BRITT = '195006262546';
const BODY = 'Hej Anna! Här kommer beslutet om ditt bistånd. Ring oss om du har frågor.';
const PDF = Buffer.from('%PDF-1.7\n% Insyn test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

const tokens = await TestTokens.create();
const archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-archive-'));
// A unit of this file's own: other files' messages apps share the broker, and each answers for its units only.
const UNIT = `soc-messages-${uniqueSuffix()}`;
const UNIT_NAME = 'Individ- och familjeomsorgen';
const { db } = useTestEnvironment({
  MESSAGES_UNITS: JSON.stringify({ [UNIT]: { name: UNIT_NAME } }),
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
  ARCHIVE_DIR: archiveDir,
});
const { AppModule, SERVICE, verifySubmissionPackage, readZip } = await import('../../apps/messages/src/testing.js');

describe('messages end to end (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  const keys = new SubjectKeys(SECRET);
  const http = () => request(app.getHttpServer());
  const as = (token: string) => ({
    get: (url: string) => http().get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body?: object) => http().post(url).set('Authorization', `Bearer ${token}`).send(body),
  });
  let system: string;
  let systemReader: string;
  let otherSystem: string;
  let anna: string;
  let britt: string;
  let handler: string;
  let otherUnitHandler: string;
  let conversationId: string;

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.AuditAccessedV1, Topics.MessagesConversationClosedV1, Topics.MessagesConversationArchivedV1]);
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    systemReader = await tokens.mint({ sub: 'case-reader', kind: 'client', scope: 'messages:read', unit: UNIT });
    otherSystem = await tokens.mint({
      sub: 'school-system',
      kind: 'client',
      scope: 'messages:send messages:read',
      unit: 'kommunstyrelsen',
    });
    anna = await tokens.citizen(keys.of(ANNA));
    britt = await tokens.citizen(keys.of(BRITT));
    handler = await tokens.official(['messages-handler'], UNIT);
    otherUnitHandler = await tokens.official(['messages-handler'], 'kommunstyrelsen');
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await app?.close();
  });

  it('a municipal system opens a conversation with a PDF; the citizen sees it in her list', async () => {
    const res = await as(system)
      .post('/v1/conversations', {
        personnummer: ANNA,
        subject: 'Kallelse till möte',
        body: BODY,
        attachments: [{ fileName: 'beslut.pdf', mimeType: 'application/pdf', content: PDF.toString('base64') }],
        notify: { email: 'anna@example.se' },
      })
      .expect(201);
    conversationId = res.body.conversationId;
    expect(res.body).toMatchObject({
      unit: UNIT,
      status: 'open',
      messageCount: 1,
      messages: [{ body: BODY, attachments: [{ fileName: 'beslut.pdf' }] }],
    });
    const list = await as(anna).get('/v1/conversations').expect(200);
    expect(list.body).toEqual([expect.objectContaining({ conversationId, subject: 'Kallelse till möte' })]);
    expect(JSON.stringify(list.body)).not.toContain(BODY);
    expect((await as(britt).get('/v1/conversations').expect(200)).body).toEqual([]);
  });

  it('the citizen reads (logged) and replies with an image; the unit’s official reads it', async () => {
    const read = await as(anna).get(`/v1/conversations/${conversationId}`).expect(200);
    expect(read.body.messages[0].body).toBe(BODY);
    const attachmentId = read.body.messages[0].attachments[0].attachmentId;
    const file = await as(anna).get(`/v1/conversations/${conversationId}/attachments/${attachmentId}`).expect(200);
    expect(Buffer.from(file.body as Buffer).equals(PDF)).toBe(true);
    expect(file.headers['content-disposition']).toContain('beslut.pdf');

    await as(anna)
      .post(`/v1/conversations/${conversationId}/messages`, {
        body: 'Tack, jag kommer.',
        attachments: [{ fileName: 'id.png', mimeType: 'image/png', content: PNG.toString('base64') }],
      })
      .expect(201);
    const seen = await as(handler).get(`/v1/conversations/${conversationId}`).expect(200);
    expect(seen.body.messages.map((m: { body: string; authorKind: string }) => [m.authorKind, m.body])).toEqual([
      ['client', BODY],
      ['citizen', 'Tack, jag kommer.'],
    ]);

    await probe.waitFor(
      (all) =>
        all.filter(
          (m) =>
            m.topic === Topics.AuditAccessedV1 &&
            m.json<{ data?: { resource?: { conversationId: string } } }>()?.data?.resource?.conversationId === conversationId,
        ).length >= 4,
    );
    const logged = probe.on(Topics.AuditAccessedV1).map((m) =>
      m.json<{
        subjectKey: string;
        data: { accessor: { kind: string; unit?: string }; action: string; purpose: string; resource: { conversationId: string } };
      }>(),
    );
    // This conversation's reads: the probe reads the topic's whole history, earlier runs of this file and
    // other files' malformed events (sent to test dead-lettering) included.
    const mine = logged.filter(
      (e): e is NonNullable<typeof e> => e?.subjectKey === keys.of(ANNA) && e.data?.resource?.conversationId === conversationId,
    );
    expect(mine.map((e) => [e.data.accessor.kind, e.data.action])).toEqual(
      expect.arrayContaining([
        ['citizen', 'read'],
        ['citizen', 'download'],
        ['official', 'read'],
      ]),
    );
    expect(mine.find((e) => e.data.accessor.kind === 'official')!.data).toMatchObject({
      accessor: { unit: UNIT },
      purpose: 'handlaggning',
    });
    for (const m of probe.on(Topics.AuditAccessedV1)) expect(`${m.key} ${m.value}`).not.toContain(ANNA);
  });

  it('nobody else reaches it: another citizen, another unit’s official or system, a reader-only system replying', async () => {
    await as(britt).get(`/v1/conversations/${conversationId}`).expect(404);
    await as(britt).post(`/v1/conversations/${conversationId}/messages`, { body: 'x' }).expect(404);
    await as(otherUnitHandler).get(`/v1/conversations/${conversationId}`).expect(404);
    await as(otherSystem).get(`/v1/conversations/${conversationId}`).expect(404);
    await as(systemReader).post(`/v1/conversations/${conversationId}/messages`, { body: 'x' }).expect(403);
    await as(anna).post(`/v1/conversations/${conversationId}/close`).expect(403);
    await http().get(`/v1/conversations/${conversationId}`).expect(401);
  });

  it('the database holds nothing readable: no body, no personnummer, no file name, no attachment bytes', async () => {
    const dump = [];
    for (const name of ['conversations', 'messages', 'attachments', 'data_keys', 'access_events'])
      dump.push(JSON.stringify(await raw.collection(name).find({}).toArray()));
    const all = dump.join('\n');
    for (const secret of [
      BODY.slice(0, 20),
      'Tack, jag kommer',
      ANNA,
      'beslut.pdf',
      'anna@example.se',
      PDF.toString('base64').slice(0, 12),
    ])
      expect(all).not.toContain(secret);
  });

  it('the unit closes it: closed.v1 without personal data, and no more replies', async () => {
    await as(handler).post(`/v1/conversations/${conversationId}/close`).expect(200);
    await as(anna).post(`/v1/conversations/${conversationId}/messages`, { body: 'En sak till' }).expect(409);
    await as(handler).post(`/v1/conversations/${conversationId}/close`).expect(409);
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.MessagesConversationClosedV1 && m.key === conversationId));
    const closed = probe.on(Topics.MessagesConversationClosedV1).find((m) => m.key === conversationId)!;
    expect(closed.json()).toMatchObject({
      subjectKey: keys.of(ANNA),
      data: { conversationId, unit: UNIT, messageCount: 2, closedBy: { kind: 'official' } },
    });
    expect(closed.value).not.toContain(ANNA);
    expect(closed.value).not.toContain('Kallelse');
  });

  it('archives the closed conversation to the business system: a verified package, a receipt, then archived.v1', async () => {
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.MessagesConversationArchivedV1 && m.key === conversationId));
    const archived = probe
      .on(Topics.MessagesConversationArchivedV1)
      .find((m) => m.key === conversationId)!
      .json<{ data: { packageId: string; packageSha256: string; receiptId: string; profile: string } }>()!;
    expect(archived.data).toMatchObject({ profile: 'E-ARK-SIP', packageSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const zip = fs.readFileSync(path.join(archiveDir, `${archived.data.packageId}.zip`));
    expect(verifySubmissionPackage(zip)).toMatchObject({ ok: true, profile: 'E-ARK-SIP' });
    const files = readZip(zip);
    const text = files.map((f) => f.data.toString('utf8')).join('\n');
    expect(text).toContain(BODY);
    expect(text).toContain('Tack, jag kommer.');
    expect(files.some((f) => f.data.equals(PDF))).toBe(true);
    expect(files.some((f) => f.data.equals(PNG))).toBe(true);
    expect(files.find((f) => f.name.endsWith('METS.xml'))!.data.toString()).not.toContain(ANNA);
    const list = await as(handler).get('/v1/conversations?status=closed').expect(200);
    expect(list.body.find((c: { conversationId: string }) => c.conversationId === conversationId)).toMatchObject({ archive: 'archived' });
  });

  describe('bad input changes nothing', () => {
    const count = async () =>
      (await raw.collection('conversations').countDocuments()) + (await raw.collection('messages').countDocuments());

    it.each([
      ['a malformed personnummer', { personnummer: '199908072392', subject: 'Hej', body: 'x' }, 400, 'personnummer'],
      ['a sensitive subject', { personnummer: ANNA, subject: 'Beslut om ekonomiskt bistånd', body: 'x' }, 422, 'subject'],
      [
        'a disallowed attachment',
        {
          personnummer: ANNA,
          subject: 'Hej',
          body: 'x',
          attachments: [{ fileName: 'a.exe', mimeType: 'application/x-msdownload', content: 'TVo=' }],
        },
        422,
        'attachments[0]',
      ],
      [
        'a PDF that is not one',
        {
          personnummer: ANNA,
          subject: 'Hej',
          body: 'x',
          attachments: [{ fileName: 'a.pdf', mimeType: 'application/pdf', content: PNG.toString('base64') }],
        },
        422,
        'attachments[0]',
      ],
      ['an unknown field', { personnummer: ANNA, subject: 'Hej', body: 'x', extra: true }, 400, 'extra'],
    ])('%s', async (_, body, status, field) => {
      const before = await count();
      const res = await as(system).post('/v1/conversations', body).expect(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
      expect(await count()).toBe(before);
    });

    it('an unknown unit', async () => {
      const stranger = await tokens.mint({ sub: 'x-system', kind: 'client', scope: 'messages:send', unit: 'okand-enhet' });
      const res = await as(stranger).post('/v1/conversations', { personnummer: ANNA, subject: 'Hej', body: 'x' }).expect(422);
      expect(res.body.errors[0].field).toBe('unit');
    });

    it('a conversation id that is not one', async () => {
      await as(anna).get('/v1/conversations/not-an-id').expect(400);
    });
  });
});

// A data-subject request across the services, end to end on the real Kafka broker and MongoDB: a citizen
// with conversations in two units opens an access request in the rights service; retention holds her data
// at once; the messages service answers with her conversations, encrypted to the rights service's key; an
// official decides and answers; she downloads a registerutdrag with exactly her data; and retention's hold
// is released by the closing event, without anyone touching retention.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { RightsRequestPartV1Event, Topics } from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, eventually, KafkaProbe, ManualClock, publishEvent, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import path from 'node:path';
import request from 'supertest';
import { tempDir } from '../identity/identity-harness.js';
import { publishNotice } from '../rights/rights-harness.js';
import { TestTokens } from '@insyn/testing';
import { readTextPdf } from '@insyn/pdf';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const SECRET = 'e2e-rights-system-subject-secret-32chars';
const ANNA = '199908072391';
const BRITT = '195006262546';
const UNIT_A = `soc-dsr-${uniqueSuffix()}`;
const UNIT_B = `hos-dsr-${uniqueSuffix()}`;
const ANNA_A = 'Hej Anna! Beslutet om ditt bistånd är klart.';
const ANNA_B = 'Hej Anna! Välkommen till vårdcentralen på tisdag.';
const BRITT_A = 'Hej Britt! Här är din kallelse.';

/** The PDF's text through poppler's pdftotext, where it is installed (the byte checks run either way). */
const pdftotext = (() => {
  try {
    execFileSync('which', ['pdftotext'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return (pdf: Buffer): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'insyn-registerutdrag-'));
    try {
      writeFileSync(path.join(dir, 'r.pdf'), pdf);
      return execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
})();

const tokens = await TestTokens.create();
const keys = new SubjectKeys(SECRET);
const units = JSON.stringify({ [UNIT_A]: { name: 'Individ- och familjeomsorgen' }, [UNIT_B]: { name: 'Hälso- och sjukvård' } });
const { db: retentionDb } = useTestEnvironment({
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  RETENTION_UNITS: units,
  RETENTION_SCHEDULER: 'off',
});
const retention = await import('../../apps/retention/src/testing.js');
const messagesDb = `${retentionDb}_messages`;
Object.assign(process.env, {
  MONGODB_DB: messagesDb,
  KAFKA_CONSUMER_GROUP: `insyn-${messagesDb}`,
  MESSAGES_UNITS: units,
  MESSAGES_KEK_FILE: path.join(tempDir('insyn-dsr-kek-'), 'kek.json'),
  ARCHIVE_DIR: tempDir('insyn-dsr-archive-'),
});
const messages = await import('../../apps/messages/src/testing.js');
const rightsDb = `${retentionDb}_rights`;
Object.assign(process.env, { MONGODB_DB: rightsDb, KAFKA_CONSUMER_GROUP: `insyn-${rightsDb}`, RIGHTS_DATA_SERVICES: 'messages' });
const rights = await import('../../apps/rights/src/testing.js');

describe('a data-subject request across rights, messages and retention (real Kafka and MongoDB)', () => {
  const apps: INestApplication[] = [];
  let rightsApp: INestApplication;
  let messagesApp: INestApplication;
  let retentionRaw: mongoose.Connection;
  let probe: KafkaProbe;
  const clock = new ManualClock(new Date());
  let slug: string;
  let smsSlug: string;
  let anna: string;
  let britt: string;
  let handler: string;
  let requestId: string;

  const http = () => request(rightsApp.getHttpServer());
  const annaHold = async () =>
    (await retentionRaw.collection('holds').findOne({ scope: 'person', target: keys.of(ANNA), 'source.requestId': requestId } as never)) ??
    undefined;

  beforeAll(async () => {
    probe = await KafkaProbe.start([
      Topics.RightsRequestOpenedV1,
      Topics.RightsRequestPartV1,
      Topics.RightsRequestClosedV1,
      Topics.DeadLetterV1,
    ]);
    apps.push(await createTestApp(retention.AppModule, retention.SERVICE));
    messagesApp = await createTestApp(messages.AppModule, messages.SERVICE);
    apps.push(messagesApp);
    rightsApp = await createTestApp(rights.AppModule, rights.SERVICE, { clock });
    apps.push(rightsApp);
    retentionRaw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: retentionDb }).asPromise();
    anna = await tokens.citizen(keys.of(ANNA));
    britt = await tokens.citizen(keys.of(BRITT));
    handler = await tokens.official(['rights-handler'], UNIT_A);

    const open = async (unit: string, personnummer: string, body: string) => {
      const system = await tokens.mint({ sub: `case-system-${unit}`, kind: 'client', scope: 'messages:send', unit });
      await request(messagesApp.getHttpServer())
        .post('/v1/conversations')
        .set('Authorization', `Bearer ${system}`)
        .send({ personnummer, subject: 'Kallelse till möte', body })
        .expect(201);
    };
    await open(UNIT_A, ANNA, ANNA_A);
    await open(UNIT_B, ANNA, ANNA_B);
    await open(UNIT_A, BRITT, BRITT_A);

    slug = await publishNotice('umea-behandling-sakra-meddelanden');
    smsSlug = await publishNotice('consent-example');
    await eventually(
      async () => ((await http().get(`/v1/request-kinds?notice=${slug}`)).status === 200 ? true : undefined),
      30_000,
      'the notice to reach rights',
    );
  });

  afterAll(async () => {
    await probe?.stop();
    await retentionRaw?.close();
    for (const app of apps.reverse()) await app.close();
  });

  it('says which requests a notice gives: the consent-based one gives no objection (art. 21 needs 6.1 e or f)', async () => {
    await eventually(
      async () => ((await http().get(`/v1/request-kinds?notice=${smsSlug}`)).status === 200 ? true : undefined),
      30_000,
      'the SMS notice',
    );
    const { body } = await http().get(`/v1/request-kinds?notice=${smsSlug}`).expect(200);
    expect(body.kinds).toEqual(
      expect.arrayContaining([
        { kind: 'access', applies: true, article: '15' },
        { kind: 'objection', applies: false, article: '21' },
      ]),
    );
    await http().get('/v1/request-kinds?notice=Not%20a%20slug').expect(400);
  });

  it('refuses a right the notice’s bases do not give, with the article, and an unknown notice', async () => {
    const refused = await http()
      .post('/v1/requests')
      .set('Authorization', `Bearer ${anna}`)
      .send({ notice: smsSlug, kind: 'objection' })
      .expect(422);
    expect(refused.body).toMatchObject({ type: 'https://insyn.se/problems/right-not-given', article: '21' });
    await http()
      .post('/v1/requests')
      .set('Authorization', `Bearer ${anna}`)
      .send({ notice: `nope-${uniqueSuffix()}`, kind: 'access' })
      .expect(404);
    await http().post('/v1/requests').set('Authorization', `Bearer ${anna}`).send({ notice: slug, kind: 'everything' }).expect(400);
    await http().post('/v1/requests').set('Authorization', `Bearer ${anna}`).send({ notice: slug, kind: 'access', extra: 1 }).expect(400);
    await http()
      .post('/v1/requests')
      .set('Authorization', `Bearer ${await tokens.citizen(keys.of(ANNA), 2)}`)
      .send({ notice: slug, kind: 'access' })
      .expect(403);
    await http().get('/v1/queue').set('Authorization', `Bearer ${anna}`).expect(403);
    await http().get('/v1/requests').expect(401);
  });

  it('opens an access request: due in one month (Swedish time), retention holds her data at once', async () => {
    const res = await http().post('/v1/requests').set('Authorization', `Bearer ${anna}`).send({ notice: slug, kind: 'access' }).expect(201);
    requestId = res.body.id;
    expect(res.headers.location).toBe(`/v1/requests/${requestId}`);
    expect(res.body).toMatchObject({ kind: 'access', status: 'open', parts: { expected: ['messages'], received: [] } });
    expect(new Date(res.body.dueAt).getTime()).toBeGreaterThan(clock.now().getTime() + 27 * 86_400_000);
    const hold = await eventually(annaHold, 30_000, 'retention to hold Anna’s data');
    expect(hold).toMatchObject({ reason: expect.any(String) });
    expect(hold).not.toHaveProperty('releasedAt');
  });

  it('refuses a second access request while one is open, with a link to it', async () => {
    const res = await http().post('/v1/requests').set('Authorization', `Bearer ${anna}`).send({ notice: slug, kind: 'access' }).expect(409);
    expect(res.body).toMatchObject({ type: 'https://insyn.se/problems/request-already-open', openRequest: `/v1/requests/${requestId}` });
  });

  it('takes the messages service’s part, which crossed Kafka encrypted', async () => {
    const queued = await eventually(
      async () => {
        const { body } = await http().get(`/v1/queue/${requestId}`).set('Authorization', `Bearer ${handler}`).expect(200);
        const queuedBody = body as { partDetails: unknown[] };
        return queuedBody.partDetails.length === 1 ? queuedBody : undefined;
      },
      30_000,
      'the messages part to come in',
    );
    expect(queued).toMatchObject({ subjectKey: keys.of(ANNA), missing: [], partDetails: [{ service: 'messages', recordCount: 3 }] });
    const parts = probe.on(Topics.RightsRequestPartV1).filter((m) => m.value!.includes(requestId));
    expect(parts.length).toBeGreaterThan(0);
    for (const m of parts) for (const text of [ANNA_A, ANNA_B, 'Kallelse till möte']) expect(m.value).not.toContain(text);
    // Nothing readable at rest in the rights database either.
    const raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: rightsDb }).asPromise();
    try {
      const stored = JSON.stringify(await raw.collection('request_parts').find({}).toArray());
      expect(stored).not.toContain(ANNA_A);
    } finally {
      await raw.close();
    }
  });

  it('keeps the report until answered, and every part must be decided before answering', async () => {
    await http().get(`/v1/requests/${requestId}/report`).set('Authorization', `Bearer ${anna}`).expect(409);
    const early = await http().post(`/v1/queue/${requestId}/answer`).set('Authorization', `Bearer ${handler}`).expect(409);
    expect(early.body.type).toBe('https://insyn.se/problems/parts-undecided');
    await http()
      .post(`/v1/queue/${requestId}/decisions`)
      .set('Authorization', `Bearer ${handler}`)
      .send({ decisions: [{ service: 'messages', outcome: 'done', ground: 'secrecy' }] })
      .expect(422);
    await http()
      .post(`/v1/queue/${requestId}/decisions`)
      .set('Authorization', `Bearer ${handler}`)
      .send({ decisions: [{ service: 'identity', outcome: 'done', ground: 'granted' }] })
      .expect(422);
    await http()
      .post(`/v1/queue/${requestId}/decisions`)
      .set('Authorization', `Bearer ${handler}`)
      .send({ decisions: [{ service: 'messages', outcome: 'done', ground: 'granted' }] })
      .expect(200);
  });

  it('answers: she downloads a registerutdrag with exactly her data, and retention releases its hold', async () => {
    const answered = await http().post(`/v1/queue/${requestId}/answer`).set('Authorization', `Bearer ${handler}`).expect(200);
    expect(answered.body).toMatchObject({ status: 'answered', report: `/v1/requests/${requestId}/report` });
    // The report can be downloaded for RIGHTS_REPORT_KEEP_DAYS (90 by default) after the answer; its parts are deleted then.
    const { closedAt, reportAvailableUntil } = answered.body as { closedAt: string; reportAvailableUntil: string };
    expect(Date.parse(reportAvailableUntil) - Date.parse(closedAt)).toBe(90 * 86_400_000);
    const { body: report, headers } = await http()
      .get(`/v1/requests/${requestId}/report`)
      .set('Authorization', `Bearer ${anna}`)
      .expect(200);
    expect(headers['cache-control']).toBe('no-store');
    const text = JSON.stringify(report);
    expect(text).toContain(ANNA_A);
    expect(text).toContain(ANNA_B);
    expect(text).not.toContain(BRITT_A);
    expect(report).toMatchObject({
      format: 'insyn-registerutdrag/1',
      request: { id: requestId, kind: 'access' },
      processing: { purposes: expect.any(Array), recipients: expect.any(Array), retention: expect.any(Array) },
      services: [{ service: 'messages', decision: { outcome: 'done', law: 'GDPR art. 15–21' } }],
    });
    const html = await http().get(`/v1/requests/${requestId}/report?format=html`).set('Authorization', `Bearer ${anna}`).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('<html lang="sv">');
    expect(html.text).toContain('Beslutet om ditt bistånd');
    const pdf = await http()
      .get(`/v1/requests/${requestId}/report?format=pdf`)
      .set('Authorization', `Bearer ${anna}`)
      .responseType('blob')
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="registerutdrag-${requestId}.pdf"`);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    // The text as a reader extracts it (through the embedded fonts' ToUnicode maps): her messages are there, Britt's are not.
    const shownText = readTextPdf(bytes)
      .flat()
      .filter((l) => l.tag !== 'Artifact')
      .map((l) => l.text)
      .join(' ');
    expect(shownText).toContain(ANNA_A);
    expect(shownText).toContain(ANNA_B);
    expect(shownText).not.toContain(BRITT_A);
    expect(shownText).not.toContain('Hej Britt');
    await http().get(`/v1/requests/${requestId}/report?format=docx`).set('Authorization', `Bearer ${anna}`).expect(400);
    if (pdftotext) {
      const text = pdftotext(bytes);
      expect(text).toContain(`Text: ${ANNA_A}`);
      expect(text).toContain(ANNA_B);
      expect(text).toContain('Beslut: Begäran tillgodoses (GDPR art. 15–21)');
      expect(text).not.toContain('Britt');
    }

    const released = await eventually(
      async () => ((await annaHold())?.releasedAt ? await annaHold() : undefined),
      30_000,
      'the hold to be released',
    );
    expect(released?.releasedAt).toBeTruthy();
  });

  it('shows nothing of hers to another person: not the request, not the report, not in the list', async () => {
    await http().get(`/v1/requests/${requestId}`).set('Authorization', `Bearer ${britt}`).expect(404);
    await http().get(`/v1/requests/${requestId}/report`).set('Authorization', `Bearer ${britt}`).expect(404);
    await http().post(`/v1/requests/${requestId}/withdraw`).set('Authorization', `Bearer ${britt}`).expect(404);
    await http().get('/v1/requests/not-an-id!').set('Authorization', `Bearer ${britt}`).expect(404);
    expect((await http().get('/v1/requests').set('Authorization', `Bearer ${britt}`).expect(200)).body).toEqual([]);
  });

  it('an extension moves the due date and she sees why; an overdue request shows in the queue; she can withdraw', async () => {
    const opened = await http()
      .post('/v1/requests')
      .set('Authorization', `Bearer ${anna}`)
      .send({ notice: slug, kind: 'rectification', details: 'Fel adress' })
      .expect(201);
    const id = opened.body.id as string;
    const reason = 'Begäran är omfattande och berör flera verksamheter.';
    await http().post(`/v1/queue/${id}/extension`).set('Authorization', `Bearer ${handler}`).send({ months: 3, reason }).expect(400);
    const extended = await http()
      .post(`/v1/queue/${id}/extension`)
      .set('Authorization', `Bearer ${handler}`)
      .send({ months: 2, reason })
      .expect(200);
    expect(new Date(extended.body.dueAt).getTime()).toBeGreaterThan(new Date(opened.body.dueAt).getTime() + 55 * 86_400_000);
    await http().post(`/v1/queue/${id}/extension`).set('Authorization', `Bearer ${handler}`).send({ months: 1, reason }).expect(409);
    const seen = await http().get(`/v1/requests/${id}`).set('Authorization', `Bearer ${anna}`).expect(200);
    expect(seen.body.extension).toMatchObject({ months: 2, reason });
    expect(JSON.stringify(seen.body)).not.toContain('official-test-key');

    clock.advance(100 * 86_400_000);
    const queue = await http().get('/v1/queue').set('Authorization', `Bearer ${handler}`).expect(200);
    expect(queue.body.find((r: { id: string }) => r.id === id)).toMatchObject({ overdue: true });

    await http().post(`/v1/requests/${id}/withdraw`).set('Authorization', `Bearer ${anna}`).expect(200);
    await http().post(`/v1/requests/${id}/withdraw`).set('Authorization', `Bearer ${anna}`).expect(409);
    await probe.waitFor(
      () => probe.on(Topics.RightsRequestClosedV1).some((m) => m.value!.includes(id) && m.value!.includes('withdrawn')),
      30_000,
    );
  });

  it('sends a part for an unknown request, or one it cannot decrypt, to the dead-letter topic', async () => {
    const unknown = `req-${uniqueSuffix()}${uniqueSuffix()}`;
    await publishEvent(
      RightsRequestPartV1Event,
      { requestId: unknown, service: 'messages', kind: 'access', producedAt: new Date().toISOString() },
      { source: 'messages' },
    );
    await probe.waitFor(() => probe.on(Topics.DeadLetterV1).some((m) => m.value!.includes(unknown)), 30_000);
  });
});

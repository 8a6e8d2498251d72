// Security hardening of the messages service, end to end with real Kafka and MongoDB: access tokens are
// taken from the Authorization header only (never from the query string or the body); the subject-line
// filter sees through invisible characters, look-alike letters and personnummer with other separators;
// deeply nested bodies get a 400 before they are parsed (tests/security/json-body-limits has the rest).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

const SECRET = 'e2e-hardening-subject-secret-32-chars-long';
const ANNA = '199908072391';
const tokens = await TestTokens.create();
// A unit of this file's own: other files' messages apps share the broker, and each answers for its units only.
const UNIT = `soc-hardening-${uniqueSuffix()}`;
useTestEnvironment({
  MESSAGES_UNITS: JSON.stringify({ [UNIT]: { name: 'Individ- och familjeomsorgen' } }),
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
  ARCHIVE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-archive-')),
});
const { AppModule, SERVICE } = await import('../../apps/messages/src/testing.js');

describe('messages hardening (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let system: string;
  let anna: string;
  let conversationId: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE);
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    anna = await tokens.citizen(new SubjectKeys(SECRET).of(ANNA));
    const opened = await http()
      .post('/v1/conversations')
      .set('Authorization', `Bearer ${system}`)
      .send({ personnummer: ANNA, subject: 'Kallelse till möte', body: 'Välkommen på tisdag.' })
      .expect(201);
    conversationId = (opened.body as { conversationId: string }).conversationId;
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('access tokens only in the Authorization header (RFC 6750 section 2.1)', () => {
    it('the header works', async () => {
      await http().get(`/v1/conversations/${conversationId}`).set('Authorization', `Bearer ${anna}`).expect(200);
    });

    it('a token in the query string gets a 401 problem', async () => {
      const res = await http().get(`/v1/conversations/${conversationId}?access_token=${anna}`).expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      await http().get(`/v1/conversations?access_token=${anna}`).expect(401);
    });

    it('a token in the body gets a 401 problem, on reads and on writes', async () => {
      await http().get(`/v1/conversations/${conversationId}`).send({ access_token: anna }).expect(401);
      await http().post(`/v1/conversations/${conversationId}/messages`).type('form').send({ access_token: anna, body: 'Tack' }).expect(401);
      await http().post(`/v1/conversations/${conversationId}/messages`).send({ access_token: anna, body: 'Tack' }).expect(401);
      const read = await http().get(`/v1/conversations/${conversationId}`).set('Authorization', `Bearer ${anna}`).expect(200);
      expect((read.body as { messages: unknown[] }).messages).toHaveLength(1);
    });
  });

  describe('the subject-line filter cannot be slipped past', () => {
    it.each([
      ['a zero-width space inside a word', 'Angående miss\u200bbruk'],
      ['a Cyrillic look-alike letter', 'Angående m\u0456ssbruk'],
      ['a personnummer with a space instead of a hyphen', 'Angående 19990807 2391'],
    ])('%s: 422 naming the subject, and nothing opened', async (_, subject) => {
      const before = (await http().get('/v1/conversations').set('Authorization', `Bearer ${anna}`).expect(200)).body as unknown[];
      const res = await http()
        .post('/v1/conversations')
        .set('Authorization', `Bearer ${system}`)
        .send({ personnummer: ANNA, subject, body: 'x' })
        .expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('subject');
      const after = (await http().get('/v1/conversations').set('Authorization', `Bearer ${anna}`).expect(200)).body as unknown[];
      expect(after).toHaveLength(before.length);
    });
  });

  it('a body nested 3000 levels deep, to open and to reply: a 400 problem, nothing opened or added', async () => {
    const deep = (key: string) => `{"${key}":${'['.repeat(3000)}1${']'.repeat(3000)}}`;
    for (const [path, token] of [
      ['/v1/conversations', system],
      [`/v1/conversations/${conversationId}/messages`, anna],
    ] as const) {
      const res = await http()
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(deep('body'));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body as { detail: string }).detail).toMatch(/nested deeper than 32 levels/);
    }
    const read = await http().get(`/v1/conversations/${conversationId}`).set('Authorization', `Bearer ${anna}`).expect(200);
    expect((read.body as { messages: unknown[] }).messages).toHaveLength(1);
  });
});

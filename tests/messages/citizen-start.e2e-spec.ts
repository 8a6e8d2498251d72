// A citizen starts a conversation herself (ADR 0010), end to end with real Kafka and MongoDB: only with a
// unit that accepts citizens, only with an identity assertion of her own encrypted to the messages service;
// the unit's officials see it in their queue and answer; closed, its archive package names her personnummer.
// Every bad input is a 4xx and stores nothing; another person cannot open one in her name.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { SubjectKeys } from '@insyn/person';
import { createTestApp, KafkaProbe, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import { CompactEncrypt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import mongoose from 'mongoose';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

const SECRET = 'e2e-citizen-start-subject-secret-32-chars';
const ANNA = '199908072391';
const BRITT = '195006262546';
const AUDIENCE = 'insyn-messages';
const TYP = 'person-assertion+jwt';
const PDF = Buffer.from('%PDF-1.7\n% Insyn test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const tokens = await TestTokens.create();
const archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-archive-'));
// Units of this file's own: other files' messages apps share the broker, and each answers for its units only.
const OPEN_UNIT = `soc-start-${uniqueSuffix()}`;
const CLOSED_UNIT = `hos-start-${uniqueSuffix()}`;
const { db } = useTestEnvironment({
  MESSAGES_UNITS: JSON.stringify({
    [OPEN_UNIT]: { name: 'Individ- och familjeomsorgen', acceptsCitizens: true },
    [CLOSED_UNIT]: { name: 'Hälso- och sjukvård' },
  }),
  ...tokens.env,
  SUBJECT_KEY_SECRET: SECRET,
  MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
  ARCHIVE_DIR: archiveDir,
});
const { AppModule, SERVICE, readZip } = await import('../../apps/messages/src/testing.js');

describe('a citizen starts a conversation (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let messagesKey: JWK;
  const keys = new SubjectKeys(SECRET);
  const http = () => request(app.getHttpServer());
  const as = (token: string) => ({
    get: (url: string) => http().get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body?: object) => http().post(url).set('Authorization', `Bearer ${token}`).send(body),
  });
  let anna: string;
  let britt: string;
  let handler: string;
  let conversationId: string;

  /** What identity issues: its JWT for `personnummer`, encrypted to the messages service's `enc` key. */
  const assertion = async (
    personnummer: string,
    opts: { sub?: string; audience?: string; expiresIn?: string | number; issuedAt?: number; signer?: TestTokens; to?: JWK } = {},
  ) => {
    const jwt = await (opts.signer ?? tokens).signJwt(
      { sub: opts.sub ?? keys.of(personnummer), personnummer },
      { typ: TYP, audience: opts.audience ?? AUDIENCE, expiresIn: opts.expiresIn, issuedAt: opts.issuedAt },
    );
    const to = opts.to ?? messagesKey;
    return new CompactEncrypt(new TextEncoder().encode(jwt))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: to.kid!, cty: 'JWT' })
      .encrypt(await importJWK(to, 'ECDH-ES'));
  };
  const start = (token: string, unit: string, body: object) => as(token).post(`/v1/units/${unit}/conversations`, body);

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.MessagesConversationClosedV1, Topics.MessagesConversationArchivedV1]);
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    anna = await tokens.citizen(keys.of(ANNA));
    britt = await tokens.citizen(keys.of(BRITT));
    handler = await tokens.official(['messages-handler'], OPEN_UNIT);
    const jwks = await http().get('/.well-known/jwks.json').expect(200);
    messagesKey = (jwks.body as { keys: JWK[] }).keys.find((k) => k.use === 'enc')!;
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await app?.close();
  });

  it('publishes an ECDH-ES encryption key, without its private half', () => {
    expect(messagesKey).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ECDH-ES', use: 'enc', kid: 'enc-1' });
    expect(messagesKey).not.toHaveProperty('d');
  });

  it('lists the units and which of them take conversations from citizens', async () => {
    const units = await as(anna).get('/v1/units').expect(200);
    expect(units.body).toEqual([
      { unit: OPEN_UNIT, name: 'Individ- och familjeomsorgen', acceptsCitizens: true },
      { unit: CLOSED_UNIT, name: 'Hälso- och sjukvård', acceptsCitizens: false },
    ]);
  });

  it('Anna starts one with an attachment; her personnummer is stored sealed; the unit’s official sees it in the queue and answers', async () => {
    const res = await start(anna, OPEN_UNIT, {
      subject: 'Fråga om mötet',
      body: 'Hej! Kan vi flytta mötet till torsdag?',
      attachments: [{ fileName: 'kallelse.pdf', mimeType: 'application/pdf', content: PDF.toString('base64') }],
      identityAssertion: await assertion(ANNA),
    }).expect(201);
    conversationId = res.body.conversationId;
    expect(res.body).toMatchObject({
      unit: OPEN_UNIT,
      status: 'open',
      messageCount: 1,
      messages: [{ authorKind: 'citizen', body: 'Hej! Kan vi flytta mötet till torsdag?', attachments: [{ fileName: 'kallelse.pdf' }] }],
    });
    expect((await as(anna).get('/v1/conversations').expect(200)).body).toEqual([expect.objectContaining({ conversationId })]);
    expect((await as(britt).get('/v1/conversations').expect(200)).body).toEqual([]);

    const queue = await as(handler).get('/v1/conversations?status=open').expect(200);
    expect(queue.body).toEqual([expect.objectContaining({ conversationId, subject: 'Fråga om mötet' })]);
    await as(handler).post(`/v1/conversations/${conversationId}/messages`, { body: 'Torsdag går bra.' }).expect(201);
    const read = await as(anna).get(`/v1/conversations/${conversationId}`).expect(200);
    expect(read.body.messages.map((m: { authorKind: string }) => m.authorKind)).toEqual(['citizen', 'official']);

    const stored = await raw.collection('conversations').findOne({ _id: conversationId as never });
    expect(stored).toMatchObject({ subjectKey: keys.of(ANNA), openedBy: { kind: 'citizen', id: keys.of(ANNA) } });
    const dump = JSON.stringify(await raw.collection('conversations').find().toArray());
    expect(dump).not.toContain(ANNA);
    expect(dump).not.toContain(ANNA.slice(2));
  });

  describe('refuses bad input with a 4xx and stores nothing', () => {
    const count = async () =>
      (await raw.collection('conversations').countDocuments()) + (await raw.collection('messages').countDocuments());
    const good = async () => ({ subject: 'Fråga', body: 'Hej!', identityAssertion: await assertion(ANNA) });

    it.each([
      ['an unknown unit', async () => ({ unit: 'finns-inte', body: await good() }), 404, 'not-found', undefined],
      ['a unit id that cannot be one', async () => ({ unit: 'X_Y', body: await good() }), 404, 'not-found', undefined],
      [
        'a unit that does not accept citizens',
        async () => ({ unit: CLOSED_UNIT, body: await good() }),
        422,
        'unit-not-accepting',
        undefined,
      ],
      ['no assertion', () => Promise.resolve({ body: { subject: 'Fråga', body: 'Hej!' } }), 400, 'validation', 'identityAssertion'],
      [
        'an expired assertion',
        async () => ({
          body: { ...(await good()), identityAssertion: await assertion(ANNA, { expiresIn: Math.floor(Date.now() / 1000) - 60 }) },
        }),
        422,
        'unprocessable',
        'identityAssertion',
      ],
      [
        'an assertion issued long ago',
        async () => ({
          body: {
            ...(await good()),
            identityAssertion: await assertion(ANNA, { issuedAt: Math.floor(Date.now() / 1000) - 3600, expiresIn: '1h' }),
          },
        }),
        422,
        'unprocessable',
        'identityAssertion',
      ],
      [
        'an assertion for another service',
        async () => ({ body: { ...(await good()), identityAssertion: await assertion(ANNA, { audience: 'insyn-rights' }) } }),
        422,
        'unprocessable',
        'identityAssertion',
      ],
      [
        'an assertion signed by someone else than identity',
        async () => ({ body: { ...(await good()), identityAssertion: await assertion(ANNA, { signer: await TestTokens.create() }) } }),
        422,
        'unprocessable',
        'identityAssertion',
      ],
      [
        'an assertion encrypted to another key',
        async () => {
          const { publicKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
          const other = { ...(await exportJWK(publicKey)), kid: 'enc-1', alg: 'ECDH-ES', use: 'enc' };
          return { body: { ...(await good()), identityAssertion: await assertion(ANNA, { to: other }) } };
        },
        422,
        'unprocessable',
        'identityAssertion',
      ],
      [
        'an assertion that is not one',
        async () => ({ body: { ...(await good()), identityAssertion: 'eyJhbGciOiJub25lIn0.x.y.z.w' } }),
        422,
        'unprocessable',
        'identityAssertion',
      ],
      ['a text over 20 000 characters', async () => ({ body: { ...(await good()), body: 'x'.repeat(20_001) } }), 400, 'validation', 'body'],
      [
        'a subject over 120 characters',
        async () => ({ body: { ...(await good()), subject: 'Fråga '.repeat(30) } }),
        400,
        'validation',
        'subject',
      ],
      [
        'a sensitive subject',
        async () => ({ body: { ...(await good()), subject: 'Ansökan om ekonomiskt bistånd' } }),
        422,
        'unprocessable',
        'subject',
      ],
      [
        'an attachment that is not what it says',
        async () => ({
          body: {
            ...(await good()),
            attachments: [{ fileName: 'a.pdf', mimeType: 'application/pdf', content: Buffer.from('not a pdf').toString('base64') }],
          },
        }),
        422,
        'unprocessable',
        'attachments[0]',
      ],
    ])('%s', async (_name, make, status, type, field) => {
      const before = await count();
      const { unit, body } = (await make()) as { unit?: string; body: object };
      const res = await start(anna, unit ?? OPEN_UNIT, body).expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toContain(type);
      if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(JSON.stringify(res.body)).not.toContain(ANNA);
      expect(await count()).toBe(before);
    });

    it('another person cannot open one in Anna’s name, whatever she holds', async () => {
      const before = await count();
      // Britt's own token with Anna's assertion (taken from Anna's browser): not hers.
      const taken = await start(britt, OPEN_UNIT, { subject: 'Fråga', body: 'Hej!', identityAssertion: await assertion(ANNA) }).expect(422);
      expect(taken.body.errors).toEqual([{ field: 'identityAssertion', messages: [expect.stringContaining('another person')] }]);
      // An assertion naming Britt as its subject but carrying Anna's number (a forged pairing).
      await start(britt, OPEN_UNIT, {
        subject: 'Fråga',
        body: 'Hej!',
        identityAssertion: await assertion(ANNA, { sub: keys.of(BRITT) }),
      }).expect(422);
      expect(await count()).toBe(before);
      expect((await as(britt).get('/v1/conversations').expect(200)).body).toEqual([]);
    });

    it('only a citizen at LoA 3 starts one: not LoA 2, not an official, not a municipal system', async () => {
      const body = await good();
      await start(await tokens.citizen(keys.of(ANNA), 2), OPEN_UNIT, body).expect(403);
      await start(handler, OPEN_UNIT, body).expect(403);
      await start(await tokens.client(['messages:send'], 'case-system'), OPEN_UNIT, body).expect(403);
      await http().post(`/v1/units/${OPEN_UNIT}/conversations`).send(body).expect(401);
    });
  });

  it('closed by the unit, it is archived as any conversation is: closed.v1, and a package naming Anna’s personnummer', async () => {
    await as(handler).post(`/v1/conversations/${conversationId}/close`).expect(200);
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.MessagesConversationClosedV1 && m.key === conversationId));
    const closed = probe.on(Topics.MessagesConversationClosedV1).find((m) => m.key === conversationId)!;
    expect(closed.json()).toMatchObject({ subjectKey: keys.of(ANNA), data: { conversationId, unit: OPEN_UNIT, messageCount: 2 } });
    expect(closed.value).not.toContain(ANNA);

    await probe.waitFor((all) => all.some((m) => m.topic === Topics.MessagesConversationArchivedV1 && m.key === conversationId));
    const archived = probe
      .on(Topics.MessagesConversationArchivedV1)
      .find((m) => m.key === conversationId)!
      .json<{ data: { packageId: string } }>()!;
    const files = readZip(fs.readFileSync(path.join(archiveDir, `${archived.data.packageId}.zip`)));
    const parties = JSON.parse(files.find((f) => f.name.endsWith('parties.json'))!.data.toString()) as {
      parties: { role: string; personnummer?: string; subjectKey?: string }[];
    };
    expect(parties.parties.filter((p) => p.role === 'citizen')).toEqual([
      { role: 'citizen', subjectKey: keys.of(ANNA), personnummer: ANNA },
    ]);
    const text = files.map((f) => f.data.toString('utf8')).join('\n');
    expect(text).toContain('Hej! Kan vi flytta mötet till torsdag?');
    expect(files.some((f) => f.data.equals(PDF))).toBe(true);
  });
});

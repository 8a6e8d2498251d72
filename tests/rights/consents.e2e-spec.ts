// Consents end to end in the rights service, with real Kafka and MongoDB: the consent-based seed notice
// arrives as notice.published.v1; a citizen signed in with e-ID gives and withdraws consent (one request
// each, the same body), each change kept as history and announced as consent.changed.v1; a signed
// receipt verifies at the endpoint and with jose against the JWKS alone, and fails once changed; a
// municipal system checks the consent before and after; bad input is refused with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { NoticePublishedV1Event, NoticeWithdrawnV1Event, Topics } from '@insyn/contracts';
import { createTestApp, eventually, KafkaProbe, publishEvent, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import mongoose from 'mongoose';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { publishedNotice, publishNotice } from './rights-harness.js';

const tokens = await TestTokens.create();
// The periodic sync from MongoDB is an hour here: what reaches a second instance's check index comes by consent.changed.v1.
const { db } = useTestEnvironment({
  ...tokens.env,
  RIGHTS_NOTICE_BASE_URL: 'https://insyn.exempelkommun.example',
  RIGHTS_CONSENT_SYNC_MS: '3600000',
});
const { AppModule, SERVICE } = await import('../../apps/rights/src/testing.js');

const PURPOSE = 'sms-avisering';
const ROOT = path.join(import.meta.dirname, '../..');

/** `npm run rights -- verify …`, as a person would run it: exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', './scripts/ts-loader.mjs', 'apps/rights/src/cli.ts', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, RIGHTS_JWKS_URL: 'http://127.0.0.1:9/unused' },
      },
    );
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}
const subjectKey = () => `sk1_${randomBytes(32).toString('base64url')}`;

interface ConsentEvent {
  id: string;
  type: string;
  source: string;
  subjectKey?: string;
  data: {
    consentId: string;
    subjectKey: string;
    notice: { slug: string; version: number };
    purpose: { id: string; basis: string };
    state: string;
    sequence: number;
    textDigest: string;
    language: string;
    method?: { provider: string; loa: number };
    changedAt: string;
  };
}

/** Replaces one character in the middle of the JWS payload with another base64url character. */
function tamper(jws: string): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const i = Math.floor(p.length / 2);
  const swapped = p[i] === 'A' ? 'B' : 'A';
  return `${h}.${p.slice(0, i)}${swapped}${p.slice(i + 1)}.${s}`;
}

describe('consents in the rights service (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let http: ReturnType<typeof request>;
  let sms: string;
  let umea: string;
  const anna = subjectKey();
  const britt = subjectKey();
  let annaToken: string;
  let annaLoa2: string;
  let brittToken: string;
  let system: string;
  let consentId: string;

  const eventsOf = (id: string) => probe.on(Topics.ConsentChangedV1).filter((m) => m.json<ConsentEvent>()?.data.consentId === id);
  const check = (key: string, notice = sms, purpose = PURPOSE) =>
    http.get('/v1/consent-checks').query({ subjectKey: key, notice, purpose }).set('Authorization', `Bearer ${system}`);
  const give = (token: string, body: object) => http.post('/v1/consents/give').set('Authorization', `Bearer ${token}`).send(body);
  const withdraw = (token: string, body: object) => http.post('/v1/consents/withdraw').set('Authorization', `Bearer ${token}`).send(body);
  const consentCount = () => raw.collection('consents').countDocuments({});

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.ConsentChangedV1, Topics.DeadLetterV1]);
    app = await createTestApp(AppModule, SERVICE);
    http = request(app.getHttpServer());
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    annaToken = await tokens.mint({ sub: anna, kind: 'citizen', loa: 3, idp: 'bankid', sid: 'session-anna-0001' });
    annaLoa2 = await tokens.mint({ sub: anna, kind: 'citizen', loa: 2, idp: 'freja', sid: 'session-anna-0002' });
    brittToken = await tokens.citizen(britt);
    system = await tokens.client(['consent:read'], 'sms-gateway');
    sms = await publishNotice('consent-example');
    umea = await publishNotice('umea-behandling-sakra-meddelanden');
    await eventually(
      async () => {
        const res = await http.get('/v1/consents').set('Authorization', `Bearer ${annaToken}`);
        return res.status === 200 && (res.body as { purposes: { notice: { slug: string } }[] }).purposes.some((p) => p.notice.slug === sms)
          ? true
          : undefined;
      },
      30_000,
      'the consent-based notice to be offered',
    );
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await app?.close();
  });

  it('lists the purposes of the current notices that rest on consent, with the text, and none given yet', async () => {
    const res = await http.get('/v1/consents').set('Authorization', `Bearer ${annaLoa2}`).expect(200);
    const offered = (res.body as { purposes: Record<string, unknown>[] }).purposes.filter(
      (p) => (p.notice as { slug: string }).slug === sms,
    );
    // The example notice's second purpose (sms-amnesrad) is given by signing with BankID: tests/system/consent-signature.
    expect(offered.map((p) => [(p.purpose as { id: string }).id, (p.purpose as { signature: string }).signature])).toEqual([
      [PURPOSE, 'none'],
      ['sms-amnesrad', 'required'],
    ]);
    expect(offered[0]).toMatchObject({
      notice: { slug: sms, version: 1, title: { sv: 'Behandling, sms-avisering om säkra meddelanden' } },
      purpose: { id: PURPOSE, basis: '6.1.a', title: { sv: 'Sms-avisering', en: 'SMS alerts' } },
      status: 'not-given',
      consent: null,
    });
    expect((offered[0]!.purpose as { text: { sv: string } }).text.sv).toMatch(/^Ditt samtycke\./);
    // The Umeå notice rests on other bases only: it offers nothing to consent to.
    expect((res.body as { purposes: { notice: { slug: string } }[] }).purposes.some((p) => p.notice.slug === umea)).toBe(false);
  });

  it('/health reports the consent-check index: listening and synced', async () => {
    const health = await http.get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', details: { consentIndex: { status: 'up', listening: true } } });
    const metrics = await http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^insyn_rights_consent_index_consents \d+$/m);
  });

  it('a municipal system sees no consent before it is given', async () => {
    const res = await check(anna).expect(200);
    expect(res.body).toMatchObject({
      subjectKey: anna,
      notice: sms,
      purpose: PURPOSE,
      consents: false,
      reason: 'not-given',
      currentNoticeVersion: 1,
    });
  });

  it('gives consent in one request signed in at LoA 3, and announces it on consent.changed.v1 keyed by consent id', async () => {
    const res = await give(annaToken, { notice: sms, purpose: PURPOSE, language: 'en' }).expect(200);
    expect(res.body).toMatchObject({
      notice: sms,
      purpose: PURPOSE,
      basis: '6.1.a',
      state: 'given',
      noticeVersion: 1,
      changes: 1,
      changed: true,
    });
    consentId = (res.body as { id: string }).id;
    await probe.waitFor(() => eventsOf(consentId).length === 1);
    const [message] = eventsOf(consentId);
    expect(message!.key).toBe(consentId);
    const event = message!.json<ConsentEvent>()!;
    expect(event).toMatchObject({ type: 'consent.changed.v1', source: 'rights', subjectKey: anna });
    expect(event.data).toMatchObject({
      consentId,
      subjectKey: anna,
      notice: { slug: sms, version: 1 },
      purpose: { id: PURPOSE, basis: '6.1.a' },
      state: 'given',
      sequence: 1,
      language: 'en',
      method: { provider: 'bankid', loa: 3 },
    });
    // No text and no session on Kafka: the digest names the wording.
    expect(message!.value).not.toContain('Ditt samtycke');
    expect(message!.value).not.toContain('session-anna');
  });

  it('the check answers yes at once, and only for that person and purpose', async () => {
    expect((await check(anna).expect(200)).body).toMatchObject({
      consents: true,
      reason: 'given',
      consentId,
      state: 'given',
      givenUnderVersion: 1,
    });
    expect((await check(britt).expect(200)).body).toMatchObject({ consents: false, reason: 'not-given' });
    expect((await check(anna, sms, 'another-purpose').expect(200)).body).toMatchObject({ consents: false, reason: 'purpose-not-current' });
    expect((await check(anna, `nope-${uniqueSuffix()}`).expect(200)).body).toMatchObject({ consents: false, reason: 'notice-not-current' });
  });

  it('giving again what is given changes nothing and emits nothing (idempotent)', async () => {
    const res = await give(annaToken, { notice: sms, purpose: PURPOSE }).expect(200);
    expect(res.body).toMatchObject({ id: consentId, state: 'given', changes: 1, changed: false });
    const list = await http.get('/v1/consents').set('Authorization', `Bearer ${annaToken}`).expect(200);
    const mine = (
      list.body as { purposes: { notice: { slug: string }; status: string; consent: { consentId: string } | null }[] }
    ).purposes.find((p) => p.notice.slug === sms);
    expect(mine).toMatchObject({ status: 'given', consent: { consentId, state: 'given', givenUnderVersion: 1, language: 'en' } });
  });

  it('a signed receipt verifies at the endpoint and with jose against the JWKS alone; one changed byte fails both', async () => {
    const res = await http.get(`/v1/consents/${consentId}/receipt`).set('Authorization', `Bearer ${annaToken}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/jose/);
    expect(res.headers['content-disposition']).toContain(`consent-receipt-${consentId}.1.jws`);
    const jws = res.text;
    const jwks = (await http.get('/.well-known/jwks.json').expect(200)).body as JSONWebKeySet;
    const header = decodeProtectedHeader(jws);
    expect(header).toMatchObject({ alg: 'ES256' });
    expect(jwks.keys.some((k) => k.kid === header.kid && k.use === 'sig')).toBe(true);

    // Offline: jose with the JWKS alone.
    const { payload } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
    const receipt = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    expect(receipt).toMatchObject({
      schemaVersion: 'https://insyn.se/schemas/consent-receipt/1',
      receiptId: `${consentId}.1`,
      recordId: consentId,
      // A pseudonym of this consent, never her subject key (a receipt is shown to third parties).
      piiPrincipalId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      piiControllers: [{ name: 'Kommunstyrelsen, Exempelkommun', organisationNumber: '222222-3337' }],
      notice: { slug: sms, version: 1, url: `https://insyn.exempelkommun.example/v1/notices/${sms}/versions/1` },
      language: 'en',
      purposes: [
        {
          purposeId: PURPOSE,
          purpose: { sv: 'Sms-avisering', en: 'SMS alerts' },
          legalBasis: 'GDPR art. 6.1 a (consent)',
          sensitive: false,
        },
      ],
      consentType: 'expressed',
      consentStatus: 'given',
      collectionMethod: { provider: 'bankid', loa: 3 },
      events: [{ sequence: 1, eventType: 'given', noticeVersion: 1, eventBy: 'pii-principal' }],
    });
    expect((receipt.purposes as { textShown: string }[])[0]!.textShown).toMatch(/^Your consent\./);
    expect(JSON.stringify(receipt)).not.toMatch(/\d{8}-?\d{4}/);
    expect(JSON.stringify(receipt)).not.toContain(anna);
    expect(receipt['sub']).toBe(receipt['piiPrincipalId']);

    const verified = await http.post('/v1/receipts/verify').send({ receipt: jws }).expect(200);
    expect(verified.body).toMatchObject({ valid: true, kid: header.kid, receipt: { receiptId: `${consentId}.1`, consentStatus: 'given' } });

    const tampered = tamper(jws);
    expect(tampered).not.toBe(jws);
    const refused = await http.post('/v1/receipts/verify').send({ receipt: tampered }).expect(200);
    expect(refused.body).toMatchObject({ valid: false, reason: 'bad-signature' });
    await expect(compactVerify(tampered, createLocalJWKSet(jwks), { algorithms: ['ES256'] })).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    const garbage = await http.post('/v1/receipts/verify').send({ receipt: 'not a receipt' }).expect(200);
    expect(garbage.body).toMatchObject({ valid: false, reason: 'malformed' });
    // A token signed by someone else's key (here: the test identity's) is not a receipt of ours.
    const foreign = await http.post('/v1/receipts/verify').send({ receipt: annaToken }).expect(200);
    expect(foreign.body).toMatchObject({ valid: false, reason: 'unknown-key' });
  });

  it('npm run rights -- verify checks a receipt offline against the JWKS from a file or a URL, and refuses a changed one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-receipt-'));
    const jws = (await http.get(`/v1/consents/${consentId}/receipt`).set('Authorization', `Bearer ${annaToken}`).expect(200)).text;
    const jwks = (await http.get('/.well-known/jwks.json').expect(200)).text;
    fs.writeFileSync(path.join(dir, 'receipt.jws'), jws);
    fs.writeFileSync(path.join(dir, 'tampered.jws'), tamper(jws));
    fs.writeFileSync(path.join(dir, 'receipt.json'), JSON.stringify({ receipt: jws }));
    fs.writeFileSync(path.join(dir, 'jwks.json'), jwks);
    const valid = await cli('verify', path.join(dir, 'receipt.jws'), '--jwks', path.join(dir, 'jwks.json'));
    expect(valid).toMatchObject({ code: 0 });
    expect(valid.out).toContain(`valid: receipt ${consentId}.1`);
    expect(valid.out).toContain(`consent given`);
    expect((await cli('verify', path.join(dir, 'receipt.json'), '--jwks', path.join(dir, 'jwks.json'))).code).toBe(0);
    const tampered = await cli('verify', path.join(dir, 'tampered.jws'), '--jwks', path.join(dir, 'jwks.json'));
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('invalid: bad-signature');
    // From the service's URL.
    const server = app.getHttpServer() as import('node:http').Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      const byUrl = await cli('verify', path.join(dir, 'receipt.jws'), '--jwks', `http://127.0.0.1:${port}/.well-known/jwks.json`);
      expect(byUrl).toMatchObject({ code: 0 });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect((await cli('verify')).code).toBe(2);
  });

  it('another person finds none of my consents, by any id: 404 for the consent, its history and its receipt', async () => {
    for (const path of [`/v1/consents/${consentId}`, `/v1/consents/${consentId}/history`, `/v1/consents/${consentId}/receipt`]) {
      const res = await http.get(path).set('Authorization', `Bearer ${brittToken}`).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    await http.get(`/v1/consents/0193a3b2-7c1e-7d2a-9f00-1a2b3c4d5e6f/history`).set('Authorization', `Bearer ${annaToken}`).expect(404);
    const list = await http.get('/v1/consents').set('Authorization', `Bearer ${brittToken}`).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(consentId);
  });

  it('withdraws in one request with the same body as giving, announced and seen by the check', async () => {
    const res = await withdraw(annaToken, { notice: sms, purpose: PURPOSE }).expect(200);
    expect(res.body).toMatchObject({ id: consentId, state: 'withdrawn', changes: 2, changed: true });
    await probe.waitFor(() => eventsOf(consentId).length === 2);
    expect(eventsOf(consentId).map((m) => m.json<ConsentEvent>()!.data)).toMatchObject([
      { state: 'given', sequence: 1 },
      { state: 'withdrawn', sequence: 2, notice: { slug: sms, version: 1 } },
    ]);
    expect((await check(anna).expect(200)).body).toMatchObject({ consents: false, reason: 'withdrawn', consentId, state: 'withdrawn' });
  });

  it('withdrawing what is not given is 409, and nothing changes', async () => {
    const before = await consentCount();
    const again = await withdraw(annaToken, { notice: sms, purpose: PURPOSE }).expect(409);
    expect(again.body).toMatchObject({ status: 409, type: expect.stringContaining('consent-not-given') as unknown });
    await withdraw(brittToken, { notice: sms, purpose: PURPOSE }).expect(409);
    expect(await consentCount()).toBe(before);
  });

  it('keeps every change as history: notice and version, the text shown, when, and how the person signed in', async () => {
    const res = await http.get(`/v1/consents/${consentId}/history`).set('Authorization', `Bearer ${annaLoa2}`).expect(200);
    const body = res.body as { consent: { id: string; state: string }; changes: Record<string, unknown>[] };
    expect(body.consent).toMatchObject({ id: consentId, state: 'withdrawn' });
    expect(body.changes).toHaveLength(2);
    expect(body.changes[0]).toMatchObject({
      sequence: 1,
      state: 'given',
      notice: { slug: sms, version: 1 },
      purpose: { id: PURPOSE, basis: '6.1.a' },
      language: 'en',
      signedIn: { provider: 'bankid', loa: 3, sessionId: 'session-anna-0001' },
    });
    expect((body.changes[0]!.text as { sv: string; en: string }).sv).toMatch(/^Ditt samtycke\./);
    expect(body.changes[0]!.textShown).toMatch(/^Your consent\./);
    expect(body.changes[1]).toMatchObject({ sequence: 2, state: 'withdrawn', language: 'sv', signedIn: { loa: 3 } });
    // The receipt now reports the withdrawal, with both events.
    const jws = (await http.get(`/v1/consents/${consentId}/receipt`).set('Authorization', `Bearer ${annaToken}`).expect(200)).text;
    const verified = await http.post('/v1/receipts/verify').send({ receipt: jws }).expect(200);
    expect(verified.body).toMatchObject({ valid: true, receipt: { receiptId: `${consentId}.2`, consentStatus: 'withdrawn' } });
    expect((verified.body as { receipt: { events: unknown[] } }).receipt.events).toHaveLength(2);
  });

  it('gives again after withdrawing: the same consent, a third change', async () => {
    const res = await give(annaToken, { notice: sms, purpose: PURPOSE }).expect(200);
    expect(res.body).toMatchObject({ id: consentId, state: 'given', changes: 3, changed: true, language: 'sv' });
    expect((await check(anna).expect(200)).body).toMatchObject({ consents: true });
  });

  it('a second instance answers the check with a change made on the first, by consent.changed.v1', async () => {
    const other = await createTestApp(AppModule, SERVICE);
    try {
      const checkOther = () =>
        request(other.getHttpServer())
          .get('/v1/consent-checks')
          .query({ subjectKey: britt, notice: sms, purpose: PURPOSE })
          .set('Authorization', `Bearer ${system}`);
      expect((await checkOther().expect(200)).body).toMatchObject({ consents: false, reason: 'not-given' });
      await give(brittToken, { notice: sms, purpose: PURPOSE }).expect(200);
      await eventually(
        async () => ((await checkOther()).body as { consents: boolean }).consents || undefined,
        10_000,
        'the give on the other instance',
      );
      await withdraw(brittToken, { notice: sms, purpose: PURPOSE }).expect(200);
      await eventually(
        async () => ((await checkOther()).body as { reason: string }).reason === 'withdrawn' || undefined,
        10_000,
        'the withdrawal on the other instance',
      );
    } finally {
      await other.close();
    }
  });

  it('refuses bad input with a problem and changes nothing', async () => {
    const before = await consentCount();
    const expectProblem = (res: request.Response, status: number, type: string) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status, type: expect.stringContaining(type) as unknown });
    };
    // A purpose the notice does not have, and a notice whose bases are not consent (Umeå).
    expectProblem(await give(brittToken, { notice: sms, purpose: 'marknadsforing' }), 422, 'not-a-consent-purpose');
    expectProblem(await give(brittToken, { notice: umea, purpose: 'sakra-meddelanden' }), 422, 'not-a-consent-purpose');
    // An unknown notice.
    expectProblem(await give(brittToken, { notice: `okand-${uniqueSuffix()}`, purpose: PURPOSE }), 404, 'notice-not-found');
    // Malformed and unknown fields, wrong types, a bad language.
    expectProblem(await give(brittToken, { notice: 'Not A Slug!', purpose: PURPOSE }), 400, 'validation');
    expectProblem(await give(brittToken, { notice: sms, purpose: PURPOSE, state: 'given' }), 400, 'validation');
    expectProblem(await give(brittToken, { notice: sms, purpose: ['x'] }), 400, 'validation');
    expectProblem(await give(brittToken, { notice: sms, purpose: PURPOSE, language: 'de' }), 400, 'validation');
    expectProblem(
      await http
        .post('/v1/consents/give')
        .set('Authorization', `Bearer ${brittToken}`)
        .set('Content-Type', 'application/json')
        .send('{"notice":'),
      400,
      '',
    );
    // Oversized: over the service's 64 kB body limit.
    const big = await give(brittToken, { notice: sms, purpose: PURPOSE, padding: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    // A citizen signed in below LoA 3 cannot change consents; a system cannot either, nor can it read them.
    await give(annaLoa2, { notice: sms, purpose: PURPOSE }).expect(403);
    await give(system, { notice: sms, purpose: PURPOSE }).expect(403);
    await http.get('/v1/consents').set('Authorization', `Bearer ${system}`).expect(403);
    await http.post('/v1/consents/give').send({ notice: sms, purpose: PURPOSE }).expect(401);
    // A malformed id.
    expectProblem(await http.get('/v1/consents/..%2F..%2Fetc').set('Authorization', `Bearer ${annaToken}`), 400, 'validation');
    // The verify endpoint wants a string.
    expectProblem(await http.post('/v1/receipts/verify').send({ receipt: 42 }), 400, 'validation');
    expect(await consentCount()).toBe(before);
  });

  it('the consent check takes only subject keys and only from systems with consent:read', async () => {
    for (const pnr of ['199908072391', '19990807-2391', '990807-2391']) {
      const res = await check(pnr).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.body)).not.toContain('0807');
    }
    await http.get('/v1/consent-checks').query({ notice: sms, purpose: PURPOSE }).set('Authorization', `Bearer ${system}`).expect(400);
    const other = await tokens.client(['messages:read']);
    await http
      .get('/v1/consent-checks')
      .query({ subjectKey: anna, notice: sms, purpose: PURPOSE })
      .set('Authorization', `Bearer ${other}`)
      .expect(403);
    await http
      .get('/v1/consent-checks')
      .query({ subjectKey: anna, notice: sms, purpose: PURPOSE })
      .set('Authorization', `Bearer ${annaToken}`)
      .expect(403);
  });

  it('a new notice version with another wording asks for consent again; the same wording keeps it', async () => {
    // Version 2, same text: the consent holds.
    await publishEvent(NoticePublishedV1Event, publishedNotice('consent-example', { slug: sms, version: 2 }), { source: 'notice' });
    await eventually(
      async () => ((await check(anna)).body as { currentNoticeVersion: number }).currentNoticeVersion === 2 || undefined,
      20_000,
    );
    expect((await check(anna).expect(200)).body).toMatchObject({ consents: true, givenUnderVersion: 1, currentNoticeVersion: 2 });
    expect((await give(annaToken, { notice: sms, purpose: PURPOSE }).expect(200)).body).toMatchObject({ changed: false });

    // Version 3 changes the text: a renewal is needed, and giving again records it under version 3.
    const v3 = publishedNotice('consent-example', { slug: sms, version: 3 });
    const groups = v3.content.legalBasisGroups as { bases: { description: { sv: string } }[] }[];
    groups[0]!.bases[0]!.description.sv = 'Ditt samtycke, nu även för påminnelser.';
    await publishEvent(NoticePublishedV1Event, v3, { source: 'notice' });
    await eventually(
      async () => ((await check(anna)).body as { currentNoticeVersion: number }).currentNoticeVersion === 3 || undefined,
      20_000,
    );
    expect((await check(anna).expect(200)).body).toMatchObject({ consents: false, reason: 'renewal-needed', givenUnderVersion: 1 });
    await eventually(async () => {
      const list = await http.get('/v1/consents').set('Authorization', `Bearer ${annaToken}`);
      const mine = (list.body as { purposes: { notice: { slug: string; version: number }; status: string }[] }).purposes.find(
        (p) => p.notice.slug === sms,
      );
      return mine?.notice.version === 3 ? mine : undefined;
    }, 20_000).then((mine) => expect(mine.status).toBe('renewal-needed'));
    expect((await give(annaToken, { notice: sms, purpose: PURPOSE }).expect(200)).body).toMatchObject({ changed: true, noticeVersion: 3 });
    expect((await check(anna).expect(200)).body).toMatchObject({ consents: true, givenUnderVersion: 3 });
  });

  it('after the notice is withdrawn: no new consent, the check says no, and a given consent can still be withdrawn', async () => {
    await publishEvent(
      NoticeWithdrawnV1Event,
      { noticeId: sms, slug: sms, lastVersion: 3, withdrawnAt: new Date().toISOString() },
      { source: 'notice' },
    );
    await eventually(async () => ((await check(anna)).body as { reason: string }).reason === 'notice-not-current' || undefined, 20_000);
    await eventually(async () => ((await give(brittToken, { notice: sms, purpose: PURPOSE })).status === 404 ? true : undefined), 20_000);
    const list = await http.get('/v1/consents').set('Authorization', `Bearer ${annaToken}`).expect(200);
    expect((list.body as { formerConsents: unknown[] }).formerConsents).toEqual([
      expect.objectContaining({ consentId, notice: sms, purpose: PURPOSE, state: 'given', reason: 'notice-not-current' }),
    ]);
    expect((await withdraw(annaToken, { notice: sms, purpose: PURPOSE }).expect(200)).body).toMatchObject({ state: 'withdrawn' });
  });

  it('a malformed consent.changed.v1 is dead-lettered by the check index, which keeps serving', async () => {
    const id = await publishEvent(
      { type: Topics.ConsentChangedV1, key: () => 'x', envelope: Object, data: Object } as never,
      { consentId: 'bad', subjectKey: '199908072391', state: 'maybe' } as never,
      { source: 'rights' },
    );
    await probe.waitFor((ms) =>
      ms.some((m) => m.topic === Topics.DeadLetterV1 && m.json<{ eventId?: string; consumer: string }>()?.eventId === id),
    );
    const dead = probe.on(Topics.DeadLetterV1).find((m) => m.json<{ eventId?: string }>()?.eventId === id)!;
    expect(dead.json()).toMatchObject({ consumer: 'ConsentIndex.listen', reason: 'contract-violation' });
    await check(anna).expect(200);
  });
});

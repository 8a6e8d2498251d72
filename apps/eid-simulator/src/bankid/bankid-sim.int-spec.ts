// The BankID RP API v6.0 simulator over real HTTPS with the development RP client certificate: the
// listener, the mTLS check, BankID's error bodies and the QR pick-up through the control API.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { RunningSimulator } from '../simulator.js';
import { XMLDSIG_NS } from './orders/bankid-signature.js';
import { qrContent } from './orders/qr.js';

/** Untyped JSON, like supertest's `body`. */
type Json = ReturnType<typeof JSON.parse>;

interface StartBody {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
}

interface Reply {
  status: number;
  contentType: string | undefined;
  body: Json;
}

let sim: RunningSimulator;
let pkiDir: string;
let ca: Buffer;
let cert: Buffer;
let key: Buffer;

/** Calls the mTLS listener; `withCert: false` leaves the client certificate out. */
function rp(
  method: string,
  endpoint: string,
  body?: unknown,
  { contentType = 'application/json', withCert = true }: { contentType?: string; withCert?: boolean } = {},
): Promise<Reply> {
  const url = new URL(`/rp/v6.0/${endpoint}`, sim.tlsUrl);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca,
        ...(withCert ? { cert, key } : {}),
        headers: payload === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function control(method: string, route: string, body?: unknown): Promise<Reply> {
  const res = await fetch(new URL(route, sim.httpUrl), {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? undefined, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-bankid-sim-'));
  Object.assign(process.env, { PKI_DIR: pkiDir, PORT: '0', TLS_PORT: '0', NODE_ENV: 'test', HOST: '127.0.0.1', DOCS_ENABLED: 'false' });
  const { startSimulator } = await import('../simulator.js');
  sim = await startSimulator();
  ca = fs.readFileSync(sim.pki.serverCa);
  cert = fs.readFileSync(sim.pki.rpClientCert);
  key = fs.readFileSync(sim.pki.rpClientKey);
});

afterAll(async () => {
  await sim?.close();
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

describe('BankID RP API v6.0 simulator over mTLS', () => {
  it('runs auth → QR scanned through the control API → collect complete', async () => {
    const started = Date.now();
    const auth = await rp('POST', 'auth', { endUserIp: '192.0.2.7', userVisibleData: Buffer.from('Logga in på Insyn').toString('base64') });
    expect(auth.status).toBe(200);
    expect(Object.keys(auth.body).sort()).toEqual(['autoStartToken', 'orderRef', 'qrStartSecret', 'qrStartToken']);
    const { orderRef, qrStartToken, qrStartSecret } = auth.body as StartBody;

    const pending = await rp('POST', 'collect', { orderRef });
    expect(pending.body).toEqual({ orderRef, status: 'pending', hintCode: 'outstandingTransaction' });

    const listed = await control('GET', '/control/bankid/orders');
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ orderRef, userVisibleText: 'Logga in på Insyn' })]));
    expect(JSON.stringify(listed.body)).not.toContain(qrStartSecret);

    const qrTime = Math.floor((Date.now() - started) / 1000);
    const scanned = await control('POST', '/control/bankid/scan', {
      qr: qrContent(qrStartToken, qrStartSecret, qrTime),
      personalNumber: '195006262546',
    });
    expect(scanned.status).toBe(200);
    expect((await rp('POST', 'collect', { orderRef })).body).toEqual({ orderRef, status: 'pending', hintCode: 'userSign' });

    expect((await control('POST', `/control/bankid/orders/${orderRef}/approve`, {})).status).toBe(200);
    const complete = await rp('POST', 'collect', { orderRef });
    expect(complete.status).toBe(200);
    expect(complete.contentType).toMatch(/^application\/json/);
    expect(complete.body.status).toBe('complete');
    expect(complete.body.completionData.user).toEqual({
      personalNumber: '195006262546',
      name: 'Britt Berglund',
      givenName: 'Britt',
      surname: 'Berglund',
    });
    expect(complete.body.completionData.device.ipAddress).toBe('192.0.2.7');
    const xml = Buffer.from(complete.body.completionData.signature as string, 'base64').toString('utf8');
    expect(xml).toContain('<funcId>Identification</funcId>');
    // An XML-DSig library verifies it with the simulator's BankID user certificate, over both references.
    const signed = new SignedXml({ publicCert: fs.readFileSync(sim.pki.bankidUserCert, 'utf8') });
    signed.loadSignature(new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(XMLDSIG_NS, 'Signature')[0]!);
    expect(signed.checkSignature(xml)).toBe(true);
    expect(signed.getReferences().map((r) => r.uri)).toEqual(['#bidSignedData', '#bidKeyInfo']);
  });

  it('refuses a stale QR code with a 422 problem and leaves the order waiting', async () => {
    const auth = await rp('POST', 'auth', { endUserIp: '2001:db8::1' });
    const { orderRef, qrStartToken, qrStartSecret } = auth.body as StartBody;
    const refused = await control('POST', '/control/bankid/scan', { qr: qrContent(qrStartToken, qrStartSecret, 60) });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(refused.body.reason).toBe('qrStale');
    expect((await rp('POST', 'collect', { orderRef })).body.hintCode).toBe('outstandingTransaction');
  });

  it('answers 401 unauthorized without a client certificate', async () => {
    const reply = await rp('POST', 'auth', { endUserIp: '192.0.2.7' }, { withCert: false });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ errorCode: 'unauthorized', details: expect.any(String) });
  });

  it('answers 401 unauthorized on the plain HTTP listener', async () => {
    const reply = await fetch(new URL('/rp/v6.0/auth', sim.httpUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endUserIp: '192.0.2.7' }),
    });
    expect(reply.status).toBe(401);
    expect(((await reply.json()) as { errorCode: string }).errorCode).toBe('unauthorized');
  });

  it('answers 415 unsupportedMediaType for a content type with a charset parameter', async () => {
    const reply = await rp('POST', 'auth', { endUserIp: '192.0.2.7' }, { contentType: 'application/json; charset=utf-8' });
    expect(reply.status).toBe(415);
    expect(reply.body.errorCode).toBe('unsupportedMediaType');
  });

  it('answers 405 methodNotAllowed for GET and 404 notFound for an unknown path', async () => {
    const get = await rp('GET', 'auth');
    expect(get.status).toBe(405);
    expect(get.body.errorCode).toBe('methodNotAllowed');
    const unknown = await rp('POST', 'payment', { endUserIp: '192.0.2.7' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorCode).toBe('notFound');
  });

  it('answers 400 invalidParameters for unknown fields, bad values and malformed JSON, never problem+json', async () => {
    for (const body of [{ endUserIp: '192.0.2.7', extra: true }, { endUserIp: 'localhost' }, '{"endUserIp":']) {
      const reply = await rp('POST', 'auth', body);
      expect(reply.status).toBe(400);
      expect(reply.contentType).toMatch(/^application\/json/);
      expect(reply.body.errorCode).toBe('invalidParameters');
    }
    const sign = await rp('POST', 'sign', { endUserIp: '192.0.2.7' });
    expect(sign.body.errorCode).toBe('invalidParameters');
  });

  it('answers {} to the first cancel and 400 invalidParameters to the second', async () => {
    const { orderRef } = (await rp('POST', 'auth', { endUserIp: '192.0.2.7' })).body as StartBody;
    const first = await rp('POST', 'cancel', { orderRef });
    expect([first.status, first.body]).toEqual([200, {}]);
    const second = await rp('POST', 'cancel', { orderRef });
    expect([second.status, second.body.errorCode]).toEqual([400, 'invalidParameters']);
  });

  it('plays a scripted scenario and injected errors set through the control API', async () => {
    expect(
      (
        await control('POST', '/control/bankid/scenarios', {
          states: [
            { status: 'pending', hintCode: 'userSign' },
            { status: 'failed', hintCode: 'userCancel' },
          ],
        })
      ).status,
    ).toBe(204);
    const { orderRef } = (await rp('POST', 'auth', { endUserIp: '192.0.2.7' })).body as StartBody;
    expect((await rp('POST', 'collect', { orderRef })).body.hintCode).toBe('userSign');
    expect((await rp('POST', 'collect', { orderRef })).body).toEqual({ orderRef, status: 'failed', hintCode: 'userCancel' });

    expect((await control('POST', '/control/bankid/errors', { rate: 1, errors: ['maintenance'] })).status).toBe(204);
    const injected = await rp('POST', 'auth', { endUserIp: '192.0.2.7' });
    expect([injected.status, injected.body.errorCode]).toEqual([503, 'maintenance']);
    expect((await control('POST', '/control/bankid/reset')).status).toBe(204);
    expect((await rp('POST', 'auth', { endUserIp: '192.0.2.7' })).status).toBe(200);
  });

  it('lists BankID orders on the phone page and approves one through its form', async () => {
    const { orderRef } = (await rp('POST', 'auth', { endUserIp: '192.0.2.7' })).body as StartBody;
    const page = await fetch(new URL('/', sim.httpUrl));
    const html = await page.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain(orderRef);
    const form = new URLSearchParams({
      provider: 'bankid',
      ref: orderRef,
      user: '199908072391',
      personalNumber: '199908072391',
      auto: '0',
    });
    const posted = await fetch(new URL('/phone/approve', sim.httpUrl), { method: 'POST', body: form, redirect: 'manual' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toContain('ok=1');
    const done = await rp('POST', 'collect', { orderRef });
    expect(done.body.completionData.user.personalNumber).toBe('199908072391');
  });

  it('RP API 6.1: an order with a returnUrl approved on the phone page returns there, as the app does on the same device', async () => {
    const returnUrl = 'http://portal.test/mina-behandlingar?eidReturn=abc';
    const { orderRef } = (await rp('POST', 'auth', { endUserIp: '192.0.2.7', returnUrl, returnRisk: true })).body as StartBody;
    const form = new URLSearchParams({ provider: 'bankid', ref: orderRef, user: '199908072391', auto: '0' });
    const posted = await fetch(new URL('/phone/approve', sim.httpUrl), { method: 'POST', body: form, redirect: 'manual' });
    expect([posted.status, posted.headers.get('location')]).toEqual([303, returnUrl]);
    expect((await rp('POST', 'collect', { orderRef })).body.completionData.risk).toBe('low');
  });
});

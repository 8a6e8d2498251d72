import https from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { EidProviderError, type StartedOrder } from '../eid-provider.js';
import { BankIdProvider, type BankIdOptions } from './bankid-client.js';
import { makeTestPkis, startFakeServer, type FakeServer, type TestPki } from '../test/fake-https-server.js';

const startedAt = new Date('2026-03-01T10:00:00.000Z');
const clock = { now: () => startedAt };

const startReply = {
  orderRef: '131daac9-16c6-4618-beb0-365768f37288',
  autoStartToken: '7c40b5c9-fa74-49cf-b98c-bfe651f9a7c6',
  qrStartToken: '67df3917-fa0d-44e5-b327-edcc928297f8',
  qrStartSecret: 'd28db9a7-4cde-429e-a983-359be676944c',
};

const order: StartedOrder = {
  provider: 'bankid',
  ref: startReply.orderRef,
  startedAt,
  qr: { startToken: startReply.qrStartToken, startSecret: startReply.qrStartSecret },
  autoStartToken: startReply.autoStartToken,
};

const completionData = {
  user: { personalNumber: '199908072391', name: 'KARL KARLSSON', givenName: 'KARL', surname: 'KARLSSON' },
  device: { ipAddress: '192.0.2.10', uhi: 'OZvYM9VvyiAmG7NA5jU5zRGcOwKlB6Gjk5ZJnMCQ3Qp8' },
  bankIdIssueDate: '2024-05-01',
  signature: 'PHNpZ25hdHVyZT4uLi48L3NpZ25hdHVyZT4=',
  ocspResponse: 'TUlJSGZ3b0JBS0NDQjNndw==',
};

let pkis: Awaited<ReturnType<typeof makeTestPkis>>;
let trusted: TestPki;
let server: FakeServer;
const providers: BankIdProvider[] = [];

function provider(overrides: Partial<BankIdOptions> = {}): BankIdProvider {
  const p = new BankIdProvider({
    baseUrl: `${server.url}/rp/v6.0/`,
    clientCert: trusted.rpClientCert,
    clientKey: trusted.rpClientKey,
    ca: trusted.serverCa,
    timeoutMs: 2_000,
    clock,
    ...overrides,
  });
  providers.push(p);
  return p;
}

async function failure(promise: Promise<unknown>): Promise<EidProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EidProviderError) return error;
    throw error;
  }
  throw new Error('expected an EidProviderError');
}

beforeAll(async () => {
  pkis = await makeTestPkis();
  trusted = pkis.trusted;
  server = await startFakeServer(trusted);
});

afterAll(async () => {
  providers.forEach((p) => p.close());
  await server.close();
  pkis.cleanup();
});

beforeEach(() => {
  server.requests.length = 0;
});

describe('BankIdProvider: starting orders', () => {
  it('posts auth as plain application/json and keeps the QR secret server-side', async () => {
    server.respond(() => ({ status: 200, body: startReply }));
    const started = await provider().start({
      endUserIp: '192.0.2.10',
      method: 'same-device',
      returnUrl: 'https://insyn.example/eid/return?nonce=abc',
      userVisibleText: '# Logga in\n\nTill *Insyn*: åäö',
      userNonVisibleData: 'session-42',
      personalNumber: '19990807-2391',
    });

    expect(started).toEqual({ ...order, returnUrlSent: true });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/rp/v6.0/auth', contentType: 'application/json' });
    expect(request!.clientCn).toBe('Insyn identity (dev RP)');
    expect(JSON.parse(request!.body)).toEqual({
      endUserIp: '192.0.2.10',
      returnUrl: 'https://insyn.example/eid/return?nonce=abc',
      userVisibleData: Buffer.from('# Logga in\n\nTill *Insyn*: åäö', 'utf8').toString('base64'),
      userVisibleDataFormat: 'simpleMarkdownV1',
      userNonVisibleData: Buffer.from('session-42', 'utf8').toString('base64'),
      requirement: { personalNumber: '199908072391' },
    });
  });

  it('sends the RP API 6.1 additions: returnRisk, the web device data (within BankID’s limits), pinCode and mrtd', async () => {
    server.respond(() => ({ status: 200, body: startReply }));
    const started = await provider({ returnRisk: true, pinCode: true, mrtd: true }).start({
      endUserIp: '192.0.2.10',
      method: 'qr',
      personalNumber: '199908072391',
      device: { referringDomain: 'minasidor.umea.se', userAgent: 'Mozilla/5.0 '.repeat(40), deviceIdentifier: 'd'.repeat(80) },
    });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      endUserIp: '192.0.2.10',
      returnRisk: true,
      web: { referringDomain: 'minasidor.umea.se', userAgent: 'Mozilla/5.0 '.repeat(40).slice(0, 256), deviceIdentifier: 'd'.repeat(64) },
      requirement: { pinCode: true, mrtd: true, personalNumber: '199908072391' },
    });
    expect(started).toEqual({ ...order, requirement: { pinCode: true, mrtd: true } });
  });

  it('sends only what a QR order needs', async () => {
    server.respond(() => ({ status: 200, body: startReply }));
    await provider().start({ endUserIp: '2001:db8::1', method: 'qr', returnUrl: 'https://insyn.example/r' });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ endUserIp: '2001:db8::1' });
  });

  it('signs at /sign with the visible text', async () => {
    server.respond(() => ({ status: 200, body: startReply }));
    await provider().sign({ endUserIp: '192.0.2.10', method: 'qr', userVisibleText: 'Jag godkänner' });
    expect(server.requests[0]!.path).toBe('/rp/v6.0/sign');
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({ userVisibleData: Buffer.from('Jag godkänner').toString('base64') });
  });

  it('refuses to sign without text and to start with a bad personnummer, without calling BankID', async () => {
    expect(await failure(provider().sign({ endUserIp: '192.0.2.10', method: 'qr', userVisibleText: '' }))).toMatchObject({
      code: 'invalidParameters',
    });
    expect(await failure(provider().start({ endUserIp: '192.0.2.10', method: 'qr', personalNumber: '199908072392' }))).toMatchObject({
      code: 'invalidParameters',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a start reply without the four fields', async () => {
    server.respond(() => ({ status: 200, body: { orderRef: 'x' } }));
    expect(await failure(provider().start({ endUserIp: '192.0.2.10', method: 'qr' }))).toMatchObject({ code: 'invalidResponse' });
  });
});

describe('BankIdProvider: collect and cancel', () => {
  it.each([
    ['pending', 'outstandingTransaction'],
    ['pending', 'userSign'],
    ['failed', 'userCancel'],
    ['failed', 'aBrandNewHintCode'],
  ] as const)('passes %s/%s through', async (status, hintCode) => {
    server.respond(() => ({ status: 200, body: { orderRef: order.ref, status, hintCode } }));
    expect(await provider().collect(order)).toEqual({ status, hintCode });
    expect(server.requests[0]).toMatchObject({ path: '/rp/v6.0/collect', contentType: 'application/json' });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ orderRef: order.ref });
  });

  it('maps completionData to a VerifiedIdentity with the signature as evidence', async () => {
    server.respond(() => ({ status: 200, body: { orderRef: order.ref, status: 'complete', completionData } }));
    expect(await provider().collect(order)).toEqual({
      status: 'complete',
      identity: {
        provider: 'bankid',
        personalNumber: '199908072391',
        givenName: 'KARL',
        surname: 'KARLSSON',
        name: 'KARL KARLSSON',
        loa: 3,
        evidence: {
          kind: 'bankid-signature',
          data: {
            orderRef: order.ref,
            signature: completionData.signature,
            ocspResponse: completionData.ocspResponse,
            bankIdIssueDate: '2024-05-01',
            deviceIpAddress: '192.0.2.10',
            deviceUhi: completionData.device.uhi,
          },
        },
      },
    });
  });

  it('keeps the risk, the ID-document scan and the PIN requirement as the sign-in’s assurance', async () => {
    const required: StartedOrder = { ...order, requirement: { pinCode: true, mrtd: true } };
    server.respond(() => ({
      status: 200,
      body: { orderRef: order.ref, status: 'complete', completionData: { ...completionData, risk: 'moderate', stepUp: { mrtd: true } } },
    }));
    const result = await provider().collect(required);
    if (result.status !== 'complete') throw new Error('expected complete');
    expect(result.identity.assurance).toEqual({ risk: 'moderate', mrtd: true, pinCode: true });
    expect(result.identity.evidence.data).toMatchObject({ risk: 'moderate', stepUpMrtd: 'true' });
  });

  it('refuses a result that did not scan the required ID document, or with a risk BankID does not define', async () => {
    const required: StartedOrder = { ...order, requirement: { mrtd: true } };
    server.respond(() => ({ status: 200, body: { orderRef: order.ref, status: 'complete', completionData } }));
    expect(await failure(provider().collect(required))).toMatchObject({ code: 'invalidResponse' });
    server.respond(() => ({
      status: 200,
      body: { orderRef: order.ref, status: 'complete', completionData: { ...completionData, risk: 'LOW' } },
    }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
  });

  it.each([
    ['a bad check digit', { ...completionData, user: { ...completionData.user, personalNumber: '199908072392' } }],
    ['a 10-digit number', { ...completionData, user: { ...completionData.user, personalNumber: '9908072391' } }],
    ['no signature', { ...completionData, signature: undefined }],
    ['no user', { ...completionData, user: undefined }],
  ])('refuses completionData with %s', async (_case, data) => {
    server.respond(() => ({ status: 200, body: { orderRef: order.ref, status: 'complete', completionData: data } }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
  });

  it('refuses a collect reply for another order or with an unknown status', async () => {
    server.respond(() => ({ status: 200, body: { orderRef: 'other', status: 'pending', hintCode: 'userSign' } }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
    server.respond(() => ({ status: 200, body: { orderRef: order.ref, status: 'done' } }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
  });

  it('cancels with the orderRef', async () => {
    server.respond(() => ({ status: 200, body: {} }));
    await provider().cancel(order);
    expect(server.requests[0]).toMatchObject({ path: '/rp/v6.0/cancel', contentType: 'application/json' });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ orderRef: order.ref });
  });
});

describe('BankIdProvider: errors', () => {
  it.each([
    [400, { errorCode: 'alreadyInProgress', details: 'Order already in progress for pno' }, 'alreadyInProgress'],
    [400, { errorCode: 'invalidParameters', details: 'No such order' }, 'invalidParameters'],
    [400, { errorCode: 'somethingNew', details: '' }, 'somethingNew'],
    [401, { errorCode: 'unauthorized', details: '' }, 'unauthorized'],
    [408, { errorCode: 'requestTimeout', details: '' }, 'requestTimeout'],
    [503, { errorCode: 'maintenance', details: '' }, 'maintenance'],
    [429, '', 'tooManyRequests'],
    [502, '<html>Bad gateway</html>', 'unavailable'],
    [418, 'teapot', 'invalidResponse'],
    [200, 'not json', 'invalidResponse'],
    [200, '[1,2]', 'invalidResponse'],
  ])('HTTP %d %p → %s', async (status, body, code) => {
    server.respond(() => ({ status, body, contentType: typeof body === 'string' ? 'text/html' : 'application/json' }));
    const error = await failure(provider().collect(order));
    expect(error).toMatchObject({ provider: 'bankid', code, httpStatus: status });
    expect(error.message).not.toContain('199908072391');
  });

  it('reports its own timeout as unavailable', async () => {
    server.respond(() => 'hang');
    const began = Date.now();
    const error = await failure(provider({ timeoutMs: 300 }).collect(order));
    expect(error).toMatchObject({ code: 'unavailable', httpStatus: undefined });
    expect(error.message).toContain('300 ms');
    expect(Date.now() - began).toBeLessThan(2_000);
  });

  it('reports a closed port as unavailable', async () => {
    const error = await failure(provider({ baseUrl: 'https://127.0.0.1:1/rp/v6.0' }).collect(order));
    expect(error).toMatchObject({ code: 'unavailable' });
  });
});

describe('BankIdProvider: mutual TLS and CA pinning', () => {
  it('needs a client certificate and key', () => {
    expect(() => provider({ clientCert: '', clientKey: '' })).toThrow(TypeError);
    expect(() => provider({ ca: '' })).toThrow(TypeError);
  });

  it('the test server refuses a client without a certificate (so the tests below mean something)', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = https.request(`${server.url}/rp/v6.0/collect`, { method: 'POST', ca: trusted.serverCa }, (res) => {
        res.resume();
        resolve(`HTTP ${res.statusCode}`);
      });
      req.on('error', (e) => resolve(`error ${e.message}`));
      req.end('{}');
    });
    expect(outcome).toMatch(/^error/);
    expect(server.requests).toHaveLength(0);
  });

  it('is refused with a client certificate from a CA the server does not trust', async () => {
    server.respond(() => ({ status: 200, body: {} }));
    const error = await failure(provider({ clientCert: pkis.other.rpClientCert, clientKey: pkis.other.rpClientKey }).cancel(order));
    expect(error).toMatchObject({ code: 'unavailable' });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a server whose certificate comes from another CA', async () => {
    const impostor = await startFakeServer({ serverCert: pkis.other.serverCert, serverKey: pkis.other.serverKey, rpCa: trusted.rpCa });
    try {
      impostor.respond(() => ({ status: 200, body: startReply }));
      const error = await failure(provider({ baseUrl: `${impostor.url}/rp/v6.0` }).start({ endUserIp: '192.0.2.10', method: 'qr' }));
      expect(error).toMatchObject({ code: 'unavailable' });
      expect(error.message).toMatch(/certificate/i);
      expect(impostor.requests).toHaveLength(0);
    } finally {
      await impostor.close();
    }
  });

  it('does not fall back to the system store when the pinned CA is another one', async () => {
    const error = await failure(provider({ ca: pkis.other.serverCa }).collect(order));
    expect(error).toMatchObject({ code: 'unavailable' });
  });
});

describe('BankIdProvider: QR and launch link', () => {
  it('animates the QR from the order start', () => {
    const p = provider();
    expect(p.qrContent(order, new Date(startedAt.getTime() + 1_500))).toBe(
      `bankid.${startReply.qrStartToken}.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2`,
    );
    expect(p.qrContent({ ...order, qr: undefined }, startedAt)).toBeUndefined();
  });

  it('launches the app with the autostart token and no redirect', () => {
    const p = provider();
    expect(p.launchUrl(order, 'https://insyn.example/r')).toBe(`bankid:///?autostarttoken=${startReply.autoStartToken}&redirect=null`);
    expect(p.launchUrl({ ...order, autoStartToken: undefined })).toBeUndefined();
  });
});

import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CompactSign, importPKCS8 } from 'jose';
import { EidProviderError, type StartedOrder } from '../eid-provider.js';
import { makeTestPkis, startFakeServer, type FakeServer, type TestPki } from '../test/fake-https-server.js';
import { FrejaProvider, frejaX5t, type FrejaOptions } from './freja-client.js';

const now = new Date();
const clock = { now: () => now };
const authRef = 'aUTjZ7Z+pSLnhGMI/Qmv8gHF0A5aW3nZ0Wh9LcsMGOyNbAe4vUzQIdFpnC0hEqsV';
const order: StartedOrder = { provider: 'freja', ref: authRef, startedAt: now };

const signedAttributes = {
  basicUserInfo: { name: 'Anna', surname: 'Andersson' },
  ssn: { ssn: '195006262546', country: 'SE' },
  registrationLevel: 'PLUS',
  loaLevel: 'LOA3',
};

let pkis: Awaited<ReturnType<typeof makeTestPkis>>;
let trusted: TestPki;
let server: FakeServer;
let x5t: string;
const providers: FrejaProvider[] = [];

function provider(overrides: Partial<FrejaOptions> = {}): FrejaProvider {
  const p = new FrejaProvider({
    baseUrl: server.url,
    clientCert: trusted.rpClientCert,
    clientKey: trusted.rpClientKey,
    ca: trusted.serverCa,
    jwsCertificates: [trusted.frejaJwsCert],
    timeoutMs: 2_000,
    clock,
    ...overrides,
  });
  providers.push(p);
  return p;
}

/** A result JWS as Freja makes it, signed with the test PKI's Freja key unless told otherwise. */
async function jws(payload: object, header: { alg?: string; x5t?: string; keyPem?: string } = {}): Promise<string> {
  const alg = header.alg ?? 'RS256';
  const key = await importPKCS8(header.keyPem ?? trusted.frejaJwsKey, alg);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg, x5t: header.x5t ?? x5t }).sign(key);
}

function approvedPayload(overrides: object = {}): object {
  return {
    authRef,
    status: 'APPROVED',
    userInfoType: 'INFERRED',
    userInfo: 'N/A',
    minRegistrationLevel: 'PLUS',
    timestamp: now.getTime(),
    requestedAttributes: signedAttributes,
    ...overrides,
  };
}

/** Decodes a `name=base64(JSON)` body. */
function decode(body: string): { param: string; json: Record<string, unknown> } {
  const at = body.indexOf('=');
  return { param: body.slice(0, at), json: JSON.parse(Buffer.from(body.slice(at + 1), 'base64').toString('utf8')) };
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
  x5t = frejaX5t(new X509Certificate(trusted.frejaJwsCert));
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

describe('FrejaProvider: requests', () => {
  it('starts an INFERRED authentication with base64 JSON as application/json', async () => {
    server.respond(() => ({ status: 200, body: { authRef } }));
    expect(await provider().start({ endUserIp: '192.0.2.10', method: 'qr' })).toEqual(order);

    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/authentication/1.0/initAuthentication', contentType: 'application/json' });
    expect(decode(request!.body)).toEqual({
      param: 'initAuthRequest',
      json: {
        userInfoType: 'INFERRED',
        userInfo: 'N/A',
        minRegistrationLevel: 'PLUS',
        attributesToReturn: [
          { attribute: 'BASIC_USER_INFO' },
          { attribute: 'SSN' },
          { attribute: 'REGISTRATION_LEVEL' },
          { attribute: 'LOA_LEVEL' },
        ],
      },
    });
  });

  it('starts by SSN when the person is known, with userInfo as base64 JSON', async () => {
    server.respond(() => ({ status: 200, body: { authRef } }));
    await provider({ minRegistrationLevel: 'EXTENDED' }).start({ endUserIp: '192.0.2.10', method: 'qr', personalNumber: '500626-2546' });
    const { json } = decode(server.requests[0]!.body);
    expect(json).toMatchObject({ userInfoType: 'SSN', minRegistrationLevel: 'EXTENDED' });
    expect(JSON.parse(Buffer.from(json.userInfo as string, 'base64').toString('utf8'))).toEqual({ country: 'SE', ssn: '195006262546' });
  });

  it('polls getOneResult and cancels with the authRef', async () => {
    server.respond((r) => (r.path.endsWith('/cancel') ? { status: 204 } : { status: 200, body: { authRef, status: 'STARTED' } }));
    await provider().collect(order);
    await provider().cancel(order);
    expect(server.requests.map((r) => [r.path, decode(r.body)])).toEqual([
      ['/authentication/1.0/getOneResult', { param: 'getOneAuthResultRequest', json: { authRef } }],
      ['/authentication/1.0/cancel', { param: 'cancelAuthRequest', json: { authRef } }],
    ]);
  });

  it('links the app to the transaction', () => {
    const link = `frejaeid://bindUserToTransaction?transactionReference=${encodeURIComponent(authRef)}`;
    expect(provider().qrContent(order, now)).toBe(link);
    expect(provider().launchUrl(order)).toBe(link);
    expect(link).not.toContain('+');
  });
});

describe('FrejaProvider: statuses', () => {
  it.each([
    ['STARTED', 'pending', 'outstandingTransaction'],
    ['DELIVERED_TO_MOBILE', 'pending', 'userSign'],
    ['CANCELED', 'failed', 'userCancel'],
    ['RP_CANCELED', 'failed', 'cancelled'],
    ['EXPIRED', 'failed', 'expiredTransaction'],
    ['REJECTED', 'failed', 'certificateErr'],
    ['SOMETHING_NEW', 'pending', 'SOMETHING_NEW'],
  ])('%s → %s/%s', async (frejaStatus, status, hintCode) => {
    server.respond(() => ({ status: 200, body: { authRef, status: frejaStatus } }));
    expect(await provider().collect(order)).toEqual({ status, hintCode });
  });

  it('refuses a result for another authRef', async () => {
    server.respond(() => ({ status: 200, body: { authRef: 'other', status: 'STARTED' } }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
  });
});

describe('FrejaProvider: the APPROVED result', () => {
  it('verifies the JWS and reads the identity from the signed payload, not the unsigned copy', async () => {
    const details = await jws(approvedPayload());
    server.respond(() => ({
      status: 200,
      body: {
        authRef,
        status: 'APPROVED',
        details,
        requestedAttributes: {
          ...signedAttributes,
          basicUserInfo: { name: 'Mallory', surname: 'Unsigned' },
          ssn: { ssn: '199908072391', country: 'SE' },
        },
      },
    }));
    expect(await provider().collect(order)).toEqual({
      status: 'complete',
      identity: {
        provider: 'freja',
        personalNumber: '195006262546',
        givenName: 'Anna',
        surname: 'Andersson',
        name: 'Anna Andersson',
        loa: 3,
        assurance: { minRegistrationLevel: 'PLUS', registrationLevel: 'PLUS' },
        evidence: { kind: 'freja-jws', data: { authRef, x5t, jws: details } },
      },
    });
  });

  it('gives LoA 2 for EXTENDED when EXTENDED is allowed, and refuses it when PLUS is required', async () => {
    const details = await jws(
      approvedPayload({ requestedAttributes: { ...signedAttributes, registrationLevel: 'EXTENDED', loaLevel: 'LOA2' } }),
    );
    server.respond(() => ({ status: 200, body: { authRef, status: 'APPROVED', details } }));
    expect(await provider({ minRegistrationLevel: 'EXTENDED' }).collect(order)).toMatchObject({ status: 'complete', identity: { loa: 2 } });
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await jws(approvedPayload())).split('.');
    const forged = Buffer.from(
      JSON.stringify(approvedPayload({ requestedAttributes: { ...signedAttributes, ssn: { ssn: '199908072391', country: 'SE' } } })),
    ).toString('base64url');
    server.respond(() => ({ status: 200, body: { authRef, status: 'APPROVED', details: `${header}.${forged}.${signature}` } }));
    expect(await failure(provider().collect(order))).toMatchObject({
      code: 'invalidResponse',
      message: expect.stringContaining('does not verify'),
    });
  });

  it('refuses a JWS whose x5t is not on the allow-list', async () => {
    const outsider = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const details = await jws(approvedPayload(), { keyPem: outsider, x5t: frejaX5t(new X509Certificate(pkis.other.frejaJwsCert)) });
    server.respond(() => ({ status: 200, body: { authRef, status: 'APPROVED', details } }));
    expect(await failure(provider().collect(order))).toMatchObject({
      code: 'invalidResponse',
      message: expect.stringContaining('allow-list'),
    });
  });

  it('refuses a JWS signed by another key under an allow-listed x5t', async () => {
    const details = await jws(approvedPayload(), { keyPem: pkis.other.frejaJwsKey });
    server.respond(() => ({ status: 200, body: { authRef, status: 'APPROVED', details } }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
  });

  it('accepts only RS256', async () => {
    const details = await jws(approvedPayload(), { alg: 'PS256' });
    server.respond(() => ({ status: 200, body: { authRef, status: 'APPROVED', details } }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
  });

  it.each([
    ['a signed status other than APPROVED', { status: 'CANCELED' }],
    ['another order’s authRef', { authRef: 'someone-else' }],
    ['a bad ssn', { requestedAttributes: { ...signedAttributes, ssn: { ssn: '195006262547', country: 'SE' } } }],
    ['a foreign ssn', { requestedAttributes: { ...signedAttributes, ssn: { ssn: '195006262546', country: 'NO' } } }],
    ['no names', { requestedAttributes: { ...signedAttributes, basicUserInfo: undefined } }],
    ['BASIC registration', { requestedAttributes: { ...signedAttributes, registrationLevel: 'BASIC' } }],
  ])('refuses %s', async (_case, overrides) => {
    const details = await jws(approvedPayload(overrides));
    server.respond(() => ({ status: 200, body: { authRef, status: 'APPROVED', details } }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
  });

  it('refuses APPROVED without a JWS, or with something that is not one', async () => {
    server.respond(() => ({ status: 200, body: { authRef, status: 'APPROVED', requestedAttributes: signedAttributes } }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
    server.respond(() => ({ status: 200, body: { authRef, status: 'APPROVED', details: 'not.a.jws' } }));
    expect(await failure(provider().collect(order))).toMatchObject({ code: 'invalidResponse' });
  });
});

describe('FrejaProvider: errors', () => {
  it.each([
    [422, { code: 2000, message: 'Authentication init refused' }, 'alreadyInProgress'],
    [400, { code: 1100, message: 'Invalid reference' }, 'invalidParameters'],
    [400, { code: 1004, message: 'Not allowed' }, 'unauthorized'],
    [400, { code: 0, message: 'Internal error' }, 'internalError'],
    [422, { code: 1012, message: 'User not found' }, 'freja-1012'],
    [503, '<html>down</html>', 'maintenance'],
    [200, 'not json', 'invalidResponse'],
  ])('HTTP %d %p → %s, numeric code kept in the detail', async (status, body, code) => {
    server.respond(() => ({ status, body }));
    const error = await failure(provider().collect(order));
    expect(error).toMatchObject({ provider: 'freja', code, httpStatus: status });
    if (typeof body === 'object') expect(error.message).toContain(`Freja code ${body.code}`);
  });

  it('is refused by the server with an untrusted client certificate, and refuses an untrusted server', async () => {
    server.respond(() => ({ status: 200, body: { authRef, status: 'STARTED' } }));
    expect(
      await failure(provider({ clientCert: pkis.other.rpClientCert, clientKey: pkis.other.rpClientKey }).collect(order)),
    ).toMatchObject({
      code: 'unavailable',
    });
    expect(await failure(provider({ ca: pkis.other.serverCa }).collect(order))).toMatchObject({ code: 'unavailable' });
    expect(server.requests).toHaveLength(0);
  });

  it('needs at least one JWS certificate', () => {
    expect(() => provider({ jwsCertificates: [] })).toThrow(TypeError);
  });
});

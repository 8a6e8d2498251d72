import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Clock } from '@insyn/platform';
import { compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import { ensureDevPki } from '@insyn/dev-pki';
import { TestUsers } from '../control/test-users.js';
import { FrejaApiError } from './freja-errors.js';
import { FrejaJwsSigner, type FrejaJwsKeys } from './freja-jws.js';
import { CONFIRM_WINDOW_MS, frejaQrCode, FrejaOrders } from './freja-orders.js';
import { type InitAuthRequest, parseInitAuthRequest } from './freja-request.js';

class FakeClock extends Clock {
  t = Date.parse('2026-03-01T10:00:00Z');
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const RP = 'fingerprint|';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const bySsn = (ssn: string, attributes: string[] = ['BASIC_USER_INFO', 'SSN']): InitAuthRequest =>
  parseInitAuthRequest({
    userInfoType: 'SSN',
    userInfo: b64({ country: 'SE', ssn }),
    minRegistrationLevel: 'PLUS',
    attributesToReturn: attributes.map((attribute) => ({ attribute })),
  });
const inferred = (): InitAuthRequest => parseInitAuthRequest({ userInfoType: 'INFERRED', userInfo: 'N/A', minRegistrationLevel: 'BASIC' });

let signer: FrejaJwsSigner;
let certPem: string;

beforeAll(async () => {
  const pki = await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'freja-unit-')));
  certPem = fs.readFileSync(pki.frejaJwsCert, 'utf8');
  signer = new FrejaJwsSigner(certPem, fs.readFileSync(pki.frejaJwsKey, 'utf8'));
});

describe('FrejaOrders', () => {
  let clock: FakeClock;
  let users: TestUsers;
  let orders: FrejaOrders;

  beforeEach(() => {
    clock = new FakeClock();
    users = new TestUsers();
    orders = new FrejaOrders(clock, users, { get: () => Promise.resolve(signer) } as unknown as FrejaJwsKeys);
  });

  it('stays STARTED until approved, then returns a JWS that verifies against the certificate, with x5t = SHA-1 of its DER', async () => {
    const { authRef } = orders.init(RP, bySsn('196802020575', ['BASIC_USER_INFO', 'SSN', 'REGISTRATION_LEVEL', 'LOA_LEVEL']));
    expect((await orders.result(RP, authRef)).status).toBe('STARTED');
    clock.advance(30_000);
    expect(orders.approve(authRef, users.get('196802020575')!)).toBe(true);

    const result = await orders.result(RP, authRef);
    expect(result.status).toBe('APPROVED');
    const header = decodeProtectedHeader(result.details!);
    const der = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(header).toEqual({ alg: 'RS256', x5t: createHash('sha1').update(der).digest('base64url') });

    const { payload } = await compactVerify(result.details!, await importX509(certPem, 'RS256'));
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    expect(claims).toEqual({
      authRef,
      status: 'APPROVED',
      userInfoType: 'SSN',
      userInfo: b64({ country: 'SE', ssn: '196802020575' }),
      minRegistrationLevel: 'PLUS',
      timestamp: clock.t,
      requestedAttributes: {
        basicUserInfo: { name: 'Carl', surname: 'Celsing' },
        ssn: { ssn: '196802020575', country: 'SE' },
        registrationLevel: 'PLUS',
        loaLevel: 'LOA3',
      },
    });
    expect(result.requestedAttributes).toEqual(claims.requestedAttributes);
  });

  it('expires an unconfirmed order after exactly 2 minutes', async () => {
    const { authRef } = orders.init(RP, inferred());
    clock.advance(CONFIRM_WINDOW_MS - 1);
    expect((await orders.result(RP, authRef)).status).toBe('STARTED');
    clock.advance(1);
    expect((await orders.result(RP, authRef)).status).toBe('EXPIRED');
    expect(orders.approve(authRef, users.default())).toBe(false);
    expect(() => orders.cancel(RP, authRef)).toThrow(FrejaApiError);
  });

  it('allows one active authentication per user: a second one fails with 2000 and cancels the first', async () => {
    const first = orders.init(RP, bySsn('199908072391'));
    let error: unknown;
    try {
      orders.init('another-rp|', bySsn('199908072391'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FrejaApiError);
    expect((error as FrejaApiError).code).toBe(2000);
    expect((await orders.result(RP, first.authRef)).status).toBe('CANCELED');
    // Once nothing is active, the person can start again; other people are unaffected.
    expect(orders.init(RP, bySsn('199908072391')).authRef).toBeTruthy();
    expect(orders.init(RP, bySsn('195006262546')).authRef).toBeTruthy();
  });

  it('only lets the named person approve an SSN order, and approves through the QR link', async () => {
    const { authRef } = orders.init(RP, bySsn('196802020575'));
    expect(orders.approve(authRef, users.get('199908072391')!)).toBe(false);
    expect(orders.resolveRef(frejaQrCode(authRef))).toBe(authRef);
    expect(orders.resolveRef('frejaeid://bindUserToTransaction?transactionReference=unknown')).toBeUndefined();
    expect(orders.approve(frejaQrCode(authRef), users.get('196802020575')!)).toBe(true);
    expect((await orders.result(RP, authRef)).status).toBe('APPROVED');
  });

  it('plays a scripted sequence, one status per getOneResult', async () => {
    orders.setScenario({ statuses: ['DELIVERED_TO_MOBILE', 'APPROVED'], personalNumber: '195006262546', orders: 1 });
    const { authRef } = orders.init(RP, inferred());
    expect((await orders.result(RP, authRef)).status).toBe('DELIVERED_TO_MOBILE');
    const approved = await orders.result(RP, authRef);
    expect(approved.status).toBe('APPROVED');
    expect(approved.details).toBeDefined();
    expect(orders.currentScenario()).toBeUndefined();
    const next = orders.init(RP, inferred());
    expect((await orders.result(RP, next.authRef)).status).toBe('STARTED');
  });

  it('injects errors at the scripted rate', () => {
    orders.setScenario({ errorRate: 1, errorCodes: [1008] });
    expect(() => orders.init(RP, inferred())).toThrow(expect.objectContaining({ code: 1008, httpStatus: 400 }));
    orders.setScenario({ errorRate: 0.5, errorCodes: [0] });
    orders.random = () => 0.9;
    expect(orders.init(RP, inferred()).authRef).toBeTruthy();
  });

  it('hides other relying parties’ orders and refuses unknown or final references with 1100', async () => {
    const { authRef } = orders.init(RP, inferred());
    await expect(orders.result('other|', authRef)).rejects.toMatchObject({ code: 1100 });
    await expect(orders.result(RP, 'nope')).rejects.toMatchObject({ code: 1100 });
    orders.cancel(RP, authRef);
    expect((await orders.result(RP, authRef)).status).toBe('RP_CANCELED');
    expect(() => orders.cancel(RP, authRef)).toThrow(expect.objectContaining({ code: 1100 }));
  });

  it('lists pending orders for the phone page, with the named person', () => {
    orders.init(RP, bySsn('196802020575'));
    orders.init(RP, inferred());
    const pending = orders.pending();
    expect(pending).toHaveLength(2);
    expect(pending.map((p) => p.personalNumber)).toEqual(['196802020575', undefined]);
    clock.advance(CONFIRM_WINDOW_MS);
    expect(orders.pending()).toHaveLength(0);
  });
});

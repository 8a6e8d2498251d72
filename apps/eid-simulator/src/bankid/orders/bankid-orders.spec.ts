import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { Clock } from '@insyn/platform';
import { TestUsers } from '../../control/test-users.js';
import { ensureDevPki } from '@insyn/dev-pki';
import { BankIdApiError } from '../bankid-error.js';
import { bankIdSigningIdentity } from '../bankid-signing-keys.js';
import {
  BankIdOrders,
  COMPLETE_COLLECTABLE_MS,
  type CollectResponse,
  FAILED_COLLECTABLE_MS,
  OrderActionError,
  START_TIMEOUT_MS,
  type StartRequest,
  type StartResponse,
  USER_TIMEOUT_MS,
} from './bankid-orders.js';
import { BankIdScenarios, Dice } from './bankid-scenarios.js';
import { BankIdSigner } from './bankid-signature.js';
import { BANKID_SIGNED_DATA_NS } from './completion-data.js';
import { qrContent } from './qr.js';

class FakeClock extends Clock {
  private ms = Date.parse('2026-03-01T09:00:00Z');
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

class FixedDice extends Dice {
  constructor(private readonly value: number) {
    super();
  }
  override roll(): number {
    return this.value;
  }
}

const signing = bankIdSigningIdentity(await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-bankid-orders-'))));
const signer: BankIdSigner = { identity: () => signing };

const ANNA = '199908072391';
const BRITT = '195006262546';

function setup(dice: Dice = new FixedDice(0.5)) {
  const clock = new FakeClock();
  const users = new TestUsers();
  const scenarios = new BankIdScenarios(dice);
  const orders = new BankIdOrders(clock, users, scenarios, signer);
  const start = (extra: Partial<StartRequest> = {}): StartResponse =>
    orders.start({ kind: 'auth', endUserIp: '192.0.2.10', rpName: 'Test RP', ...extra });
  /** QR content as the RP's page would show it now. */
  const qrNow = (o: StartResponse, skewSeconds = 0) => {
    const elapsed = Math.floor((clock.now().getTime() - startTimes.get(o.orderRef)!) / 1000);
    return qrContent(o.qrStartToken, o.qrStartSecret, elapsed + skewSeconds);
  };
  const startTimes = new Map<string, number>();
  const startTracked = (extra: Partial<StartRequest> = {}) => {
    const o = start(extra);
    startTimes.set(o.orderRef, clock.now().getTime());
    return o;
  };
  return { clock, users, scenarios, orders, start: startTracked, qrNow, user: (pn: string) => users.get(pn)! };
}

function hint(response: CollectResponse): string {
  return response.status === 'complete' ? 'complete' : `${response.status}/${response.hintCode}`;
}

function bankIdError(action: () => unknown): BankIdApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof BankIdApiError) return error;
    throw error;
  }
  throw new Error('expected a BankID error');
}

function actionError(action: () => unknown): OrderActionError {
  try {
    action();
  } catch (error) {
    if (error instanceof OrderActionError) return error;
    throw error;
  }
  throw new Error('expected the app to refuse');
}

describe('BankID order state machine', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('answers auth with an orderRef (uuid) and the three tokens', () => {
    const o = t.start();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const value of [o.orderRef, o.autoStartToken, o.qrStartToken, o.qrStartSecret]) expect(value).toMatch(uuid);
    expect(new Set([o.orderRef, o.autoStartToken, o.qrStartToken, o.qrStartSecret]).size).toBe(4);
  });

  it('stays pending/outstandingTransaction until picked up, and fails startFailed 30 s after start (not at 29 s)', () => {
    const o = t.start();
    expect(hint(t.orders.collect(o.orderRef))).toBe('pending/outstandingTransaction');
    t.clock.advance(29_999);
    expect(hint(t.orders.collect(o.orderRef))).toBe('pending/outstandingTransaction');
    t.clock.advance(1);
    expect(START_TIMEOUT_MS).toBe(30_000);
    expect(hint(t.orders.collect(o.orderRef))).toBe('failed/startFailed');
  });

  it('goes outstandingTransaction → userSign (QR scanned) → complete with completionData', () => {
    const o = t.start({
      kind: 'sign',
      userVisibleData: Buffer.from('Jag godkänner').toString('base64'),
      userVisibleDataFormat: 'simpleMarkdownV1',
    });
    expect(hint(t.orders.collect(o.orderRef))).toBe('pending/outstandingTransaction');
    t.clock.advance(3_400);
    t.orders.scan(t.qrNow(o), t.user(BRITT));
    expect(hint(t.orders.collect(o.orderRef))).toBe('pending/userSign');
    t.orders.approve(o.orderRef, undefined);
    const done = t.orders.collect(o.orderRef);
    if (done.status !== 'complete') throw new Error('expected complete');
    const { completionData: data } = done;
    expect(data.user).toEqual({ personalNumber: BRITT, name: 'Britt Berglund', givenName: 'Britt', surname: 'Berglund' });
    expect(data.device.ipAddress).toBe('192.0.2.10');
    expect(data.bankIdIssueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(data.stepUp).toBeUndefined();
    expect(Buffer.from(data.ocspResponse, 'base64').length).toBeGreaterThan(0);
    const xml = Buffer.from(data.signature, 'base64').toString('utf8');
    expect(xml).toContain(`<bankIdSignedData xmlns="${BANKID_SIGNED_DATA_NS}"`);
    expect(xml).toContain('<funcId>Signing</funcId>');
    expect(xml).toContain(
      `<usrVisibleData charset="UTF-8" format="simpleMarkdownV1" visible="wysiwys">${Buffer.from('Jag godkänner').toString('base64')}</usrVisibleData>`,
    );
    expect(xml).toMatch(/<srvInfo><name>[^<]+<\/name><nonce>[^<]+<\/nonce><displayName>[^<]+<\/displayName><\/srvInfo>/);
  });

  it('marks an identification as funcId Identification and adds stepUp and risk only when asked for', () => {
    const o = t.start({ requirement: { mrtd: true }, returnRisk: true });
    t.orders.approve(o.orderRef, t.user(ANNA));
    const done = t.orders.collect(o.orderRef);
    if (done.status !== 'complete') throw new Error('expected complete');
    expect(done.completionData.stepUp).toEqual({ mrtd: true });
    expect(done.completionData.risk).toBe('low');
    expect(Buffer.from(done.completionData.signature, 'base64').toString()).toContain('<funcId>Identification</funcId>');
  });

  it('RP API 6.1: mrtd makes the app ask for the ID document first; the risk is the one the user’s app reports', () => {
    const o = t.start({ requirement: { mrtd: true, pinCode: true }, returnRisk: true, web: { referringDomain: 'minasidor.umea.se' } });
    t.orders.scan(t.qrNow(o), t.user(ANNA));
    expect(hint(t.orders.collect(o.orderRef))).toBe('pending/userMrtd');
    expect(t.orders.get(o.orderRef)).toMatchObject({
      requirement: { mrtd: true, pinCode: true },
      web: { referringDomain: 'minasidor.umea.se' },
      returnRisk: true,
    });
    const view = t.orders.approve(o.orderRef, undefined, { risk: 'high' });
    expect(view.returnUrl).toBeUndefined();
    const done = t.orders.collect(o.orderRef);
    if (done.status !== 'complete') throw new Error('expected complete');
    expect(done.completionData).toMatchObject({ risk: 'high', stepUp: { mrtd: true } });
  });

  it('RP API 6.1: the app opens returnUrl after an order started on this device, not after a QR scan', () => {
    const returnUrl = 'https://portal.test/mina-sidor?eidReturn=abc';
    const same = t.start({ returnUrl });
    expect(t.orders.autostart(same.autoStartToken, t.user(ANNA)).returnUrl).toBeUndefined();
    expect(t.orders.approve(same.orderRef, undefined).returnUrl).toBe(returnUrl);
    const other = t.start({ returnUrl });
    t.orders.scan(t.qrNow(other), t.user(BRITT));
    expect(t.orders.approve(other.orderRef, undefined).returnUrl).toBeUndefined();
  });

  it('waits in started after an autostart without a known user, then userSign once the app knows the person', () => {
    const o = t.start();
    t.orders.autostart(o.autoStartToken, undefined);
    expect(hint(t.orders.collect(o.orderRef))).toBe('pending/started');
    t.orders.approve(o.orderRef, t.user(ANNA));
    expect(hint(t.orders.collect(o.orderRef))).toBe('complete');
    const other = t.start();
    t.orders.autostart(other.autoStartToken, t.user(ANNA));
    expect(hint(t.orders.collect(other.orderRef))).toBe('pending/userSign');
  });

  it('fails userCancel when the user cancels in the app', () => {
    const o = t.start();
    t.orders.scan(t.qrNow(o), t.user(ANNA));
    t.orders.decline(o.orderRef);
    expect(hint(t.orders.collect(o.orderRef))).toBe('failed/userCancel');
  });

  it('fails expiredTransaction when the user never finishes after pick-up (and no startFailed after pick-up)', () => {
    const o = t.start();
    t.clock.advance(10_000);
    t.orders.scan(t.qrNow(o), t.user(ANNA));
    t.clock.advance(USER_TIMEOUT_MS - 1);
    expect(hint(t.orders.collect(o.orderRef))).toBe('pending/userSign');
    t.clock.advance(1);
    expect(hint(t.orders.collect(o.orderRef))).toBe('failed/expiredTransaction');
  });

  it('fails the older order with cancelled when the same user picks up a newer one', () => {
    const older = t.start();
    t.orders.scan(t.qrNow(older), t.user(ANNA));
    const untouched = t.start();
    const newer = t.start();
    t.clock.advance(1_000);
    t.orders.scan(t.qrNow(newer), t.user(ANNA));
    expect(hint(t.orders.collect(older.orderRef))).toBe('failed/cancelled');
    expect(hint(t.orders.collect(newer.orderRef))).toBe('pending/userSign');
    expect(hint(t.orders.collect(untouched.orderRef))).toBe('pending/outstandingTransaction');
  });

  it('does not cancel another person’s order on pick-up', () => {
    const annas = t.start();
    t.orders.scan(t.qrNow(annas), t.user(ANNA));
    const britts = t.start();
    t.orders.scan(t.qrNow(britts), t.user(BRITT));
    expect(hint(t.orders.collect(annas.orderRef))).toBe('pending/userSign');
  });

  it('rejects a second order for a required personnummer with alreadyInProgress and fails the running one', () => {
    const first = t.start({ requirement: { personalNumber: ANNA } });
    const error = bankIdError(() => t.start({ requirement: { personalNumber: ANNA } }));
    expect(error.errorCode).toBe('alreadyInProgress');
    expect(error.status).toBe(400);
    expect(hint(t.orders.collect(first.orderRef))).toBe('failed/cancelled');
    // Another person is not affected, and once nothing runs for Anna she can start again.
    expect(() => t.start({ requirement: { personalNumber: BRITT } })).not.toThrow();
    expect(() => t.start({ requirement: { personalNumber: ANNA } })).not.toThrow();
  });

  it('treats an order picked up by the person as in progress for alreadyInProgress', () => {
    const o = t.start();
    t.orders.scan(t.qrNow(o), t.user(ANNA));
    expect(bankIdError(() => t.start({ requirement: { personalNumber: ANNA } })).errorCode).toBe('alreadyInProgress');
  });

  it('only lets the required person complete an order', () => {
    const o = t.start({ requirement: { personalNumber: ANNA } });
    expect(actionError(() => t.orders.scan(t.qrNow(o), t.user(BRITT))).reason).toBe('wrongPerson');
    t.orders.approve(o.orderRef, undefined);
    const done = t.orders.collect(o.orderRef);
    expect(done.status === 'complete' && done.completionData.user.personalNumber).toBe(ANNA);
  });

  it('lets the RP cancel a pending order once: {} then invalidParameters for cancel and collect', () => {
    const o = t.start();
    expect(t.orders.cancel(o.orderRef)).toEqual({});
    expect(bankIdError(() => t.orders.cancel(o.orderRef)).errorCode).toBe('invalidParameters');
    expect(bankIdError(() => t.orders.collect(o.orderRef)).errorCode).toBe('invalidParameters');
  });

  it('refuses to cancel a final order', () => {
    const o = t.start();
    t.orders.approve(o.orderRef, t.user(ANNA));
    const error = bankIdError(() => t.orders.cancel(o.orderRef));
    expect([error.errorCode, error.status]).toEqual(['invalidParameters', 400]);
  });

  it('answers invalidParameters for an unknown orderRef', () => {
    expect(bankIdError(() => t.orders.collect('3c7b2a6e-4d0a-4a53-9b43-000000000000')).errorCode).toBe('invalidParameters');
  });

  it('keeps a complete order collectable for 3 minutes, then invalidParameters', () => {
    const o = t.start();
    t.orders.approve(o.orderRef, t.user(ANNA));
    t.clock.advance(COMPLETE_COLLECTABLE_MS - 1);
    expect(hint(t.orders.collect(o.orderRef))).toBe('complete');
    t.clock.advance(1);
    expect(bankIdError(() => t.orders.collect(o.orderRef)).errorCode).toBe('invalidParameters');
  });

  it('keeps a failed order collectable for 5 minutes from the moment it failed, then invalidParameters', () => {
    const o = t.start();
    t.clock.advance(START_TIMEOUT_MS + FAILED_COLLECTABLE_MS - 1);
    expect(hint(t.orders.collect(o.orderRef))).toBe('failed/startFailed');
    t.clock.advance(1);
    expect(bankIdError(() => t.orders.collect(o.orderRef)).errorCode).toBe('invalidParameters');
  });

  it('refuses a stale QR code (RFA17B) but accepts one within ±2 s', () => {
    const o = t.start();
    t.clock.advance(10_000);
    const stale = qrContent(o.qrStartToken, o.qrStartSecret, 7);
    expect(actionError(() => t.orders.scan(stale, t.user(ANNA))).reason).toBe('qrStale');
    expect(hint(t.orders.collect(o.orderRef))).toBe('pending/outstandingTransaction');
    t.orders.scan(t.qrNow(o, -2), t.user(ANNA));
    expect(hint(t.orders.collect(o.orderRef))).toBe('pending/userSign');
  });

  it('refuses a forged QR code, an unknown token and a second pick-up', () => {
    const o = t.start();
    const forged = qrContent(o.qrStartToken, 'not-the-secret', 0);
    expect(actionError(() => t.orders.scan(forged, t.user(ANNA))).reason).toBe('qrForged');
    const unknown = qrContent('00000000-0000-4000-8000-000000000000', o.qrStartSecret, 0);
    expect(actionError(() => t.orders.scan(unknown, t.user(ANNA))).reason).toBe('notFound');
    t.orders.scan(t.qrNow(o), t.user(ANNA));
    expect(actionError(() => t.orders.scan(t.qrNow(o), t.user(BRITT))).reason).toBe('alreadyPickedUp');
  });

  it('refuses to scan an order that already failed startFailed', () => {
    const o = t.start();
    t.clock.advance(START_TIMEOUT_MS);
    expect(actionError(() => t.orders.scan(t.qrNow(o), t.user(ANNA))).reason).toBe('final');
  });

  it('plays a scripted scenario one state per collect, completing as the scripted user, ignoring the clock', () => {
    t.scenarios.queueForNext(
      {
        states: [
          { status: 'pending', hintCode: 'outstandingTransaction' },
          { status: 'pending', hintCode: 'userSign' },
          { status: 'complete' },
        ],
        personalNumber: BRITT,
      },
      1,
    );
    const scripted = t.start();
    const free = t.start();
    t.clock.advance(60_000);
    expect(hint(t.orders.collect(scripted.orderRef))).toBe('pending/outstandingTransaction');
    expect(hint(t.orders.collect(scripted.orderRef))).toBe('pending/userSign');
    const done = t.orders.collect(scripted.orderRef);
    expect(done.status === 'complete' && done.completionData.user.personalNumber).toBe(BRITT);
    expect(hint(t.orders.collect(scripted.orderRef))).toBe('complete');
    expect(hint(t.orders.collect(free.orderRef))).toBe('failed/startFailed');
  });

  it('applies a scenario for all orders after the queued ones, and scripts failures with any hintCode', () => {
    t.scenarios.queueForNext({ states: [{ status: 'failed', hintCode: 'certificateErr' }] }, 2);
    t.scenarios.setForAll({ states: [{ status: 'pending', hintCode: 'someNewCode' }] });
    const [a, b, c, d] = [t.start(), t.start(), t.start(), t.start()];
    expect(hint(t.orders.collect(a.orderRef))).toBe('failed/certificateErr');
    expect(hint(t.orders.collect(b.orderRef))).toBe('failed/certificateErr');
    expect(hint(t.orders.collect(c.orderRef))).toBe('pending/someNewCode');
    expect(hint(t.orders.collect(d.orderRef))).toBe('pending/someNewCode');
    t.scenarios.reset();
    expect(hint(t.orders.collect(t.start().orderRef))).toBe('pending/outstandingTransaction');
  });

  it('injects errors at the configured rate on the configured endpoints', () => {
    const always = setup(new FixedDice(0));
    always.scenarios.setErrors({ rate: 0.2, errors: ['maintenance'], endpoints: ['auth', 'collect'] });
    const error = bankIdError(() => always.start());
    expect([error.errorCode, error.status]).toEqual(['maintenance', 503]);
    expect(() => always.start({ kind: 'sign', userVisibleData: 'eA==' })).not.toThrow();

    const never = setup(new FixedDice(0.2));
    never.scenarios.setErrors({ rate: 0.2, errors: ['internalError'], endpoints: ['auth'] });
    expect(() => never.start()).not.toThrow();
  });

  it('lists pending orders without tokens or secrets', () => {
    const o = t.start({ kind: 'sign', userVisibleData: Buffer.from('Hej').toString('base64'), requirement: { personalNumber: ANNA } });
    const [view] = t.orders.pending();
    expect(view).toEqual({
      orderRef: o.orderRef,
      kind: 'sign',
      status: 'pending',
      hintCode: 'outstandingTransaction',
      startedAt: '2026-03-01T09:00:00.000Z',
      requiredPersonalNumber: ANNA,
      userVisibleText: 'Hej',
      scripted: false,
    });
    expect(JSON.stringify(t.orders.pending())).not.toContain(o.qrStartSecret);
    t.clock.advance(START_TIMEOUT_MS);
    expect(t.orders.pending()).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import { type TestUser, TestUsers } from '../../control/test-users.js';
import { BankIdApiError } from '../bankid-error.js';
import { type CollectState, type FailedHintCode, isFinal } from './collect-state.js';
import { type CompletionData, completionData } from './completion-data.js';
import { BankIdScenarios, type RpEndpoint, type Scenario } from './bankid-scenarios.js';
import { BankIdSigner } from './bankid-signature.js';
import { parseQr, verifyQr } from './qr.js';

/** No app picked the order up within 30 s: `startFailed` [V]. */
export const START_TIMEOUT_MS = 30_000;
/** The user never finished in the app: `expiredTransaction` this long after pick-up ([I] "about 3 minutes"). */
export const USER_TIMEOUT_MS = 180_000;
/** A complete order can be collected for 3 minutes, a failed one for 5 [V]; then `invalidParameters`. */
export const COMPLETE_COLLECTABLE_MS = 180_000;
export const FAILED_COLLECTABLE_MS = 300_000;

export interface StartRequest {
  kind: 'auth' | 'sign';
  endUserIp: string;
  userVisibleData?: string;
  userVisibleDataFormat?: string;
  userNonVisibleData?: string;
  returnUrl?: string;
  returnRisk?: boolean;
  requirement?: { personalNumber?: string; mrtd?: boolean; pinCode?: boolean };
  /** RP API 6.1 device data for BankID's risk assessment (`web` or `app`, never both). */
  web?: { referringDomain?: string; userAgent?: string; deviceIdentifier?: string };
  app?: { appIdentifier?: string; deviceOS?: string; deviceModelName?: string; deviceIdentifier?: string };
  /** The RP certificate's subject (the app shows the RP's name). */
  rpName: string;
}

export type Risk = 'low' | 'moderate' | 'high';

/** How the user finished in the app: the risk BankID assesses (with returnRisk; default low). */
export interface Approval {
  risk?: Risk;
}

export interface StartResponse {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
}

export type CollectResponse =
  | { orderRef: string; status: 'pending' | 'failed'; hintCode: string }
  | { orderRef: string; status: 'complete'; completionData: CompletionData };

/** An order as the control API lists it: no tokens, no secret. */
export interface OrderView {
  orderRef: string;
  kind: 'auth' | 'sign';
  status: CollectState['status'];
  hintCode?: string;
  startedAt: string;
  requiredPersonalNumber?: string;
  pickedUpBy?: string;
  userVisibleText?: string;
  scripted: boolean;
  /** What the RP required: PIN instead of biometrics, an ID-document scan. */
  requirement?: { pinCode?: boolean; mrtd?: boolean };
  /** The device data the RP sent (RP API 6.1 `web` or `app`). */
  web?: StartRequest['web'];
  app?: StartRequest['app'];
  returnRisk?: boolean;
  /** Set once an order started on this device (autostart) is complete: the app now opens the RP's `returnUrl`. */
  returnUrl?: string;
}

/** Why the phone or the control API could not act on an order. */
export type OrderActionFailure = 'notFound' | 'final' | 'alreadyPickedUp' | 'wrongPerson' | 'qrUnreadable' | 'qrForged' | 'qrStale';

export class OrderActionError extends Error {
  constructor(
    readonly reason: OrderActionFailure,
    message: string,
  ) {
    super(message);
  }
}

interface Order {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
  startedAt: Date;
  request: StartRequest;
  state: CollectState;
  pickedUpAt?: Date;
  finishedAt?: Date;
  user?: TestUser;
  completion?: CompletionData;
  script?: { scenario: Scenario; next: number };
  /** How the app got the order: a QR code (another device) or the autostart token (this device). */
  via?: 'qr' | 'autostart';
}

/**
 * The BankID order state machine, driven by the injectable Clock so tests move time: pending
 * `outstandingTransaction` until an app picks the order up (QR or autostart), then `started`/`userSign`,
 * then complete or failed. Timeouts are evaluated whenever an order is read, so no timers run.
 * A scripted order instead answers its scenario's next state on every collect.
 */
@Injectable()
export class BankIdOrders {
  private readonly orders = new Map<string, Order>();

  constructor(
    private readonly clock: Clock,
    private readonly users: TestUsers,
    private readonly scenarios: BankIdScenarios,
    private readonly signer: BankIdSigner,
  ) {}

  start(request: StartRequest): StartResponse {
    this.maybeInjectError(request.kind);
    this.purge();
    const required = request.requirement?.personalNumber;
    if (required) {
      const running = this.inProgressFor(required);
      if (running.length > 0) {
        // Like ActiveLogin's simulator and BankID's table: both the running order and the new request are aborted.
        for (const order of running) this.fail(order, 'cancelled');
        throw new BankIdApiError('alreadyInProgress', 'Order already in progress for pno');
      }
    }
    const scenario = this.scenarios.takeForNewOrder();
    const order: Order = {
      orderRef: randomUUID(),
      autoStartToken: randomUUID(),
      qrStartToken: randomUUID(),
      qrStartSecret: randomUUID(),
      startedAt: this.clock.now(),
      request,
      state: { status: 'pending', hintCode: 'outstandingTransaction' },
      ...(scenario ? { script: { scenario, next: 0 } } : {}),
    };
    this.orders.set(order.orderRef, order);
    return {
      orderRef: order.orderRef,
      autoStartToken: order.autoStartToken,
      qrStartToken: order.qrStartToken,
      qrStartSecret: order.qrStartSecret,
    };
  }

  collect(orderRef: string): CollectResponse {
    this.maybeInjectError('collect');
    const order = this.orders.get(orderRef);
    if (!order) throw new BankIdApiError('invalidParameters', 'No such order');
    this.advance(order);
    if (order.script && !isFinal(order.state)) this.playNextStep(order);
    if (isFinal(order.state) && !this.stillCollectable(order)) {
      this.orders.delete(orderRef);
      throw new BankIdApiError('invalidParameters', 'No such order');
    }
    const { state } = order;
    if (state.status === 'complete') return { orderRef, status: 'complete', completionData: order.completion! };
    return { orderRef, status: state.status, hintCode: state.hintCode };
  }

  /** The RP cancels: the order is gone (a second cancel or a collect gives `invalidParameters`). */
  cancel(orderRef: string): Record<string, never> {
    this.maybeInjectError('cancel');
    const order = this.orders.get(orderRef);
    if (!order) throw new BankIdApiError('invalidParameters', 'No such order');
    this.advance(order);
    if (isFinal(order.state)) throw new BankIdApiError('invalidParameters', 'Order already completed or failed');
    this.orders.delete(orderRef);
    return {};
  }

  /** The app scans QR content as `user`; refused (RFA17B) unless the code is the current one for a waiting order. */
  scan(content: string, user: TestUser): OrderView {
    const qr = parseQr(content);
    if (!qr) throw new OrderActionError('qrUnreadable', 'Not a BankID QR code (bankid.<qrStartToken>.<qrTime>.<qrAuthCode>).');
    const order = [...this.orders.values()].find((o) => o.qrStartToken === qr.qrStartToken);
    if (!order) throw new OrderActionError('notFound', 'No order has this qrStartToken.');
    this.advance(order);
    this.requireWaiting(order);
    const check = verifyQr(qr, order.qrStartSecret, this.clock.now().getTime() - order.startedAt.getTime());
    if (!check.ok) {
      throw check.reason === 'forged'
        ? new OrderActionError('qrForged', 'The QR code does not match the order (wrong qrAuthCode for its qrTime).')
        : new OrderActionError('qrStale', 'The QR code is too old or from the future; scan the current code (RFA17B).');
    }
    this.pickUp(order, user, 'userSign');
    order.via = 'qr';
    return this.view(order);
  }

  /** The app on the same device is launched with the autostart token; without a user it waits in `started`. */
  autostart(autoStartToken: string, user: TestUser | undefined): OrderView {
    const order = [...this.orders.values()].find((o) => o.autoStartToken === autoStartToken);
    if (!order) throw new OrderActionError('notFound', 'No order has this autoStartToken.');
    this.advance(order);
    this.requireWaiting(order);
    this.pickUp(order, user, user ? 'userSign' : 'started');
    order.via = 'autostart';
    return this.view(order);
  }

  /**
   * The user approves in the app (picking the order up first if nobody has), having scanned the ID
   * document when the order required it (mrtd).
   */
  approve(orderRef: string, user: TestUser | undefined, approval: Approval = {}): OrderView {
    const order = this.active(orderRef);
    const fallback = (): TestUser => user ?? this.userFor(order.request.requirement?.personalNumber);
    if (!order.pickedUpAt) {
      this.pickUp(order, fallback(), 'userSign');
      // Picked up without a QR scan or an autostart (the phone page, the control API): an order the RP sent
      // a returnUrl with is a same-device one, so the app returns as if it had been autostarted.
      if (order.request.returnUrl) order.via = 'autostart';
    } else if (!order.user) this.assignUser(order, fallback());
    else if (user && user.personalNumber !== order.user.personalNumber) {
      throw new OrderActionError('wrongPerson', `The order was picked up by ${order.user.personalNumber}.`);
    }
    this.complete(order, order.user!, approval);
    return this.view(order);
  }

  /** The user cancels in the app: `userCancel`. */
  decline(orderRef: string): OrderView {
    const order = this.active(orderRef);
    this.fail(order, 'userCancel');
    return this.view(order);
  }

  /** Orders still pending, for the phone page and the control API. */
  pending(): OrderView[] {
    const result: OrderView[] = [];
    for (const order of this.orders.values()) {
      this.advance(order);
      if (!isFinal(order.state)) result.push(this.view(order));
    }
    return result.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  get(orderRef: string): OrderView | undefined {
    const order = this.orders.get(orderRef);
    if (!order) return undefined;
    this.advance(order);
    return this.view(order);
  }

  reset(): void {
    this.orders.clear();
  }

  /** The test user with this personnummer, a made-up one for an unknown number, or the default user. */
  userFor(personalNumber: string | undefined): TestUser {
    if (!personalNumber) return this.users.default();
    return this.users.get(personalNumber) ?? { personalNumber, givenName: 'Test', surname: `Person ${personalNumber.slice(-4)}` };
  }

  private maybeInjectError(endpoint: RpEndpoint): void {
    const error = this.scenarios.injectedError(endpoint);
    if (error) throw new BankIdApiError(error, `Simulated ${error} (error injection)`);
  }

  /** Applies the clock: startFailed 30 s after start without pick-up, expiredTransaction after the user timeout. */
  private advance(order: Order): void {
    if (order.script || order.state.status !== 'pending') return;
    const now = this.clock.now().getTime();
    if (!order.pickedUpAt) {
      const deadline = order.startedAt.getTime() + START_TIMEOUT_MS;
      if (now >= deadline) this.fail(order, 'startFailed', new Date(deadline));
      return;
    }
    const deadline = order.pickedUpAt.getTime() + USER_TIMEOUT_MS;
    if (now >= deadline) this.fail(order, 'expiredTransaction', new Date(deadline));
  }

  private playNextStep(order: Order): void {
    const script = order.script!;
    const step = script.scenario.states[Math.min(script.next, script.scenario.states.length - 1)];
    script.next += 1;
    if (!step) return;
    if (step.status === 'complete') {
      this.complete(order, order.user ?? this.userFor(script.scenario.personalNumber ?? order.request.requirement?.personalNumber));
    } else if (step.status === 'failed') {
      this.fail(order, step.hintCode);
    } else {
      order.state = step;
      if (step.hintCode !== 'outstandingTransaction' && !order.pickedUpAt) order.pickedUpAt = this.clock.now();
    }
  }

  private stillCollectable(order: Order): boolean {
    const window = order.state.status === 'complete' ? COMPLETE_COLLECTABLE_MS : FAILED_COLLECTABLE_MS;
    return this.clock.now().getTime() - order.finishedAt!.getTime() < window;
  }

  private active(orderRef: string): Order {
    const order = this.orders.get(orderRef);
    if (!order) throw new OrderActionError('notFound', 'No such order.');
    this.advance(order);
    if (isFinal(order.state)) throw new OrderActionError('final', `The order is already ${order.state.status}.`);
    return order;
  }

  private requireWaiting(order: Order): void {
    if (isFinal(order.state)) throw new OrderActionError('final', `The order is already ${order.state.status}.`);
    if (order.pickedUpAt) throw new OrderActionError('alreadyPickedUp', 'Another app has already picked the order up.');
  }

  private checkRequiredPerson(order: Order, user: TestUser): void {
    const required = order.request.requirement?.personalNumber;
    if (required && required !== user.personalNumber) {
      throw new OrderActionError('wrongPerson', 'The order requires another person (requirement.personalNumber).');
    }
  }

  /** An app picks the order up, as `user` when the app knows whose BankID it is. */
  private pickUp(order: Order, user: TestUser | undefined, hintCode: 'started' | 'userSign'): void {
    const required = order.request.requirement?.personalNumber;
    const effective = user ?? (required ? this.userFor(required) : undefined);
    if (effective) this.checkRequiredPerson(order, effective);
    order.pickedUpAt = this.clock.now();
    // With requirement.mrtd the app first asks the user to scan a passport or ID card.
    order.state = { status: 'pending', hintCode: hintCode === 'userSign' && order.request.requirement?.mrtd ? 'userMrtd' : hintCode };
    if (effective) this.assignUser(order, effective);
  }

  /** The order is now `user`'s: every other order of that person still in progress fails with `cancelled`. */
  private assignUser(order: Order, user: TestUser): void {
    this.checkRequiredPerson(order, user);
    order.user = user;
    for (const other of this.inProgressFor(user.personalNumber)) {
      if (other !== order) this.fail(other, 'cancelled');
    }
  }

  private inProgressFor(personalNumber: string): Order[] {
    return [...this.orders.values()].filter((o) => {
      this.advance(o);
      return !isFinal(o.state) && (o.user?.personalNumber === personalNumber || o.request.requirement?.personalNumber === personalNumber);
    });
  }

  private complete(order: Order, user: TestUser, approval: Approval = {}): void {
    const now = this.clock.now();
    order.user = user;
    order.state = { status: 'complete' };
    order.finishedAt = now;
    const r = order.request;
    order.completion = completionData(
      {
        kind: r.kind,
        user,
        endUserIp: r.endUserIp,
        ...(r.userVisibleData ? { userVisibleData: r.userVisibleData } : {}),
        ...(r.userVisibleDataFormat ? { userVisibleDataFormat: r.userVisibleDataFormat } : {}),
        ...(r.userNonVisibleData ? { userNonVisibleData: r.userNonVisibleData } : {}),
        mrtd: r.requirement?.mrtd === true,
        ...(r.returnRisk === true ? { risk: approval.risk ?? 'low' } : {}),
        rpName: r.rpName,
        completedAt: now,
      },
      this.signer.identity(),
    );
  }

  private fail(order: Order, hintCode: FailedHintCode | (string & {}), at = this.clock.now()): void {
    order.state = { status: 'failed', hintCode };
    order.finishedAt = at;
  }

  /** Forgets orders nobody can collect any more. */
  private purge(): void {
    for (const [ref, order] of this.orders) {
      this.advance(order);
      if (isFinal(order.state) && !this.stillCollectable(order)) this.orders.delete(ref);
    }
  }

  private view(order: Order): OrderView {
    const { state, request } = order;
    return {
      orderRef: order.orderRef,
      kind: request.kind,
      status: state.status,
      ...(state.status !== 'complete' ? { hintCode: state.hintCode } : {}),
      startedAt: order.startedAt.toISOString(),
      ...(request.requirement?.personalNumber ? { requiredPersonalNumber: request.requirement.personalNumber } : {}),
      ...(order.user ? { pickedUpBy: order.user.personalNumber } : {}),
      ...(request.userVisibleData ? { userVisibleText: Buffer.from(request.userVisibleData, 'base64').toString('utf8') } : {}),
      scripted: order.script !== undefined,
      ...(request.requirement?.pinCode || request.requirement?.mrtd
        ? {
            requirement: {
              ...(request.requirement.pinCode ? { pinCode: true } : {}),
              ...(request.requirement.mrtd ? { mrtd: true } : {}),
            },
          }
        : {}),
      ...(request.web ? { web: request.web } : {}),
      ...(request.app ? { app: request.app } : {}),
      ...(request.returnRisk ? { returnRisk: true } : {}),
      // RP API 6.x: only an order started with the autostart token returns; the QR flow ends on the other device.
      ...(state.status === 'complete' && order.via === 'autostart' && request.returnUrl ? { returnUrl: request.returnUrl } : {}),
    };
  }
}

import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import type { PendingOrderView, SimulatedProvider } from '../control/simulated-providers.js';
import { type TestUser, TestUsers } from '../control/test-users.js';
import { requestedAttributes } from './freja-attributes.js';
import { FrejaApiError, type FrejaErrorCode } from './freja-errors.js';
import { FrejaJwsKeys } from './freja-jws.js';
import type { InitAuthRequest } from './freja-request.js';

/** Freja's transaction statuses (frejaeidclient: enums/TransactionStatus.java). */
export const FREJA_STATUSES = ['STARTED', 'DELIVERED_TO_MOBILE', 'APPROVED', 'CANCELED', 'RP_CANCELED', 'EXPIRED', 'REJECTED'] as const;
export type FrejaStatus = (typeof FREJA_STATUSES)[number];

const PENDING: ReadonlySet<FrejaStatus> = new Set(['STARTED', 'DELIVERED_TO_MOBILE']);

/** "A user has at most 2 minutes to confirm" (research note 2.2). */
export const CONFIRM_WINDOW_MS = 2 * 60_000;
/** How long a finished order can still be read; Freja does not document it [I]. */
export const KEEP_FINISHED_MS = 10 * 60_000;

/** What the control API scripts for the next orders (like ActiveLogin's simulated collect states). */
export interface FrejaScenario {
  /** Statuses the next getOneResult calls of each order return, one per call; the last one stays. */
  statuses?: FrejaStatus[];
  /** Who approves when the script reaches APPROVED (default: the person an SSN order names, else the default test user). */
  personalNumber?: string;
  /** How many new orders the scenario applies to; unset: until it is cleared. */
  orders?: number;
  /** Share of initAuthentication calls (0..1) that fail with one of `errorCodes` (default [0], internal error). */
  errorRate?: number;
  errorCodes?: FrejaErrorCode[];
}

export interface FrejaResult {
  authRef: string;
  status: FrejaStatus;
  details?: string;
  requestedAttributes?: Record<string, unknown>;
}

/** An order as the control API lists it. */
export interface FrejaOrderView {
  authRef: string;
  status: FrejaStatus;
  userInfoType: string;
  personalNumber?: string;
  minRegistrationLevel: string;
  attributesToReturn: string[];
  startedAt: string;
  expiresAt: string;
  approvedAs?: string;
  qrCode: string;
  scriptedStatuses: FrejaStatus[];
}

interface FrejaOrder {
  authRef: string;
  relyingParty: string;
  request: InitAuthRequest;
  startedAt: Date;
  status: FrejaStatus;
  finishedAt?: Date;
  qrCodeSecret?: string;
  script: FrejaStatus[];
  scriptUser?: string;
  approvedAs?: TestUser;
  approvedAt?: Date;
  result?: Promise<FrejaResult>;
}

/** The `frejaeid://` link a static QR code or an app switch carries (research note 2.4). */
export function frejaQrCode(authRef: string): string {
  return `frejaeid://bindUserToTransaction?transactionReference=${encodeURIComponent(authRef)}`;
}

/**
 * Freja eID's authentication orders, in memory: the status machine, one active authentication per user,
 * the 2-minute confirmation window (by the injected Clock), scripted outcomes and the signed result.
 * It is also the 'freja' SimulatedProvider the phone page drives.
 */
@Injectable()
export class FrejaOrders implements SimulatedProvider {
  readonly name = 'freja' as const;
  private readonly orders = new Map<string, FrejaOrder>();
  private scenario?: FrejaScenario;
  /** Random numbers for error injection; tests may replace it. */
  random: () => number = () => randomInt(0, 1_000_000) / 1_000_000;

  constructor(
    private readonly clock: Clock,
    private readonly users: TestUsers,
    private readonly keys: FrejaJwsKeys,
  ) {}

  setScenario(scenario: FrejaScenario): void {
    this.scenario = { ...scenario };
  }

  currentScenario(): FrejaScenario | undefined {
    return this.scenario;
  }

  clearScenario(): void {
    this.scenario = undefined;
  }

  init(relyingParty: string, request: InitAuthRequest): { authRef: string; qrCodeSecret?: string } {
    this.purge();
    const scenario = this.takeScenario();
    if (scenario?.errorRate && this.random() < scenario.errorRate) {
      const codes = scenario.errorCodes?.length ? scenario.errorCodes : [0 as const];
      throw new FrejaApiError(codes[Math.floor(this.random() * codes.length) % codes.length] ?? 0);
    }
    const key = userKey(request);
    if (key) {
      // "Only one active authentication per user; starting a second one cancels both" (research note 2.2).
      const active = [...this.orders.values()].filter((o) => this.refresh(o) && userKey(o.request) === key);
      if (active.length > 0) {
        for (const order of active) this.finish(order, 'CANCELED');
        throw new FrejaApiError(2000);
      }
    }
    const authRef = randomBytes(24).toString('base64url');
    const order: FrejaOrder = {
      authRef,
      relyingParty,
      request,
      startedAt: this.clock.now(),
      status: 'STARTED',
      script: [...(scenario?.statuses ?? [])],
      ...(scenario?.personalNumber ? { scriptUser: scenario.personalNumber } : {}),
      ...(request.useDynamicQrCode ? { qrCodeSecret: randomBytes(32).toString('base64url') } : {}),
    };
    this.orders.set(authRef, order);
    return { authRef, ...(order.qrCodeSecret ? { qrCodeSecret: order.qrCodeSecret } : {}) };
  }

  /** getOneResult: each call also plays the next scripted status. */
  async result(relyingParty: string, authRef: string): Promise<FrejaResult> {
    const order = this.orders.get(authRef);
    if (!order || order.relyingParty !== relyingParty) throw new FrejaApiError(1100);
    if (this.refresh(order)) {
      const next = order.script.shift();
      if (next === 'APPROVED') this.approveOrder(order, this.scriptedUser(order));
      else if (next && PENDING.has(next)) order.status = next;
      else if (next) this.finish(order, next);
    }
    return this.view(order);
  }

  async results(relyingParty: string): Promise<FrejaResult[]> {
    const mine = [...this.orders.values()].filter((o) => o.relyingParty === relyingParty);
    return Promise.all(mine.map((o) => (this.refresh(o), this.view(o))));
  }

  cancel(relyingParty: string, authRef: string): void {
    const order = this.orders.get(authRef);
    if (!order || order.relyingParty !== relyingParty || !this.refresh(order)) throw new FrejaApiError(1100);
    this.finish(order, 'RP_CANCELED');
  }

  /** The app binds the order (QR or app switch) and the user approves as `user`. Only the named person can approve an SSN order. */
  approve(ref: string, user: TestUser): boolean {
    const order = this.live(ref);
    if (!order) return false;
    if (order.request.ssn && order.request.ssn.ssn !== user.personalNumber) return false;
    this.approveOrder(order, user);
    return true;
  }

  /** The user declines in the app. */
  decline(ref: string): boolean {
    const order = this.live(ref);
    if (!order) return false;
    this.finish(order, 'CANCELED');
    return true;
  }

  /** Security rejection (REJECTED), which only Freja can decide. */
  reject(ref: string): boolean {
    const order = this.live(ref);
    if (!order) return false;
    this.finish(order, 'REJECTED');
    return true;
  }

  /** The app has received the order but the user has not yet confirmed. */
  deliver(ref: string): boolean {
    const order = this.live(ref);
    if (!order) return false;
    order.status = 'DELIVERED_TO_MOBILE';
    return true;
  }

  pending(): PendingOrderView[] {
    return [...this.orders.values()]
      .filter((o) => this.refresh(o))
      .map((o) => ({
        provider: 'freja' as const,
        ref: o.authRef,
        kind: 'Legitimering med Freja eID',
        startedAt: o.startedAt.toISOString(),
        status: o.status,
        ...(o.request.ssn ? { personalNumber: o.request.ssn.ssn } : {}),
      }));
  }

  list(): FrejaOrderView[] {
    return [...this.orders.values()].map((o) => {
      this.refresh(o);
      return {
        authRef: o.authRef,
        status: o.status,
        userInfoType: o.request.userInfoType,
        ...(o.request.ssn ? { personalNumber: o.request.ssn.ssn } : {}),
        minRegistrationLevel: o.request.minRegistrationLevel,
        attributesToReturn: o.request.attributesToReturn,
        startedAt: o.startedAt.toISOString(),
        expiresAt: new Date(o.startedAt.getTime() + CONFIRM_WINDOW_MS).toISOString(),
        ...(o.approvedAs ? { approvedAs: o.approvedAs.personalNumber } : {}),
        qrCode: frejaQrCode(o.authRef),
        scriptedStatuses: [...o.script],
      };
    });
  }

  /**
   * The authRef a reference names: the authRef itself, a static `frejaeid://bindUserToTransaction?...` link,
   * or a dynamic-QR link whose `transactionReference` is `<authRef>.<seconds>.<base64url HMAC-SHA256(qrCodeSecret, seconds)>`
   * (Freja's BETA dynamic QR; key and message taken as UTF-8 text [I]). Undefined unless it names a known order.
   */
  resolveRef(ref: string): string | undefined {
    let reference = ref;
    if (/^(frejaeid:|https?:)/.test(ref)) {
      let url: URL;
      try {
        url = new URL(ref);
      } catch {
        return undefined;
      }
      const action = url.protocol === 'frejaeid:' ? url.host || url.pathname.replace(/^\/+/, '') : url.searchParams.get('action');
      const tx = url.searchParams.get('transactionReference');
      if (action !== 'bindUserToTransaction' || !tx) return undefined;
      reference = tx;
    }
    const [authRef, seconds, mac] = reference.split('.');
    const order = authRef ? this.orders.get(authRef) : undefined;
    if (!order) return undefined;
    if (seconds === undefined && mac === undefined) return order.authRef;
    if (!order.qrCodeSecret || !seconds || !mac || !/^\d+$/.test(seconds)) return undefined;
    const expected = Buffer.from(createHmac('sha256', order.qrCodeSecret).update(seconds).digest('base64url'));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? order.authRef : undefined;
  }

  private live(ref: string): FrejaOrder | undefined {
    const authRef = this.resolveRef(ref);
    const order = authRef ? this.orders.get(authRef) : undefined;
    return order && this.refresh(order) ? order : undefined;
  }

  /** Applies the 2-minute window; true while the order is still pending. */
  private refresh(order: FrejaOrder): boolean {
    if (!PENDING.has(order.status)) return false;
    if (this.clock.now().getTime() - order.startedAt.getTime() >= CONFIRM_WINDOW_MS) {
      order.status = 'EXPIRED';
      order.finishedAt = new Date(order.startedAt.getTime() + CONFIRM_WINDOW_MS);
      return false;
    }
    return true;
  }

  private finish(order: FrejaOrder, status: FrejaStatus): void {
    order.status = status;
    order.finishedAt = this.clock.now();
    order.script = [];
  }

  private approveOrder(order: FrejaOrder, user: TestUser): void {
    this.finish(order, 'APPROVED');
    order.approvedAs = user;
    order.approvedAt = order.finishedAt;
  }

  private scriptedUser(order: FrejaOrder): TestUser {
    const pnr = order.request.ssn?.ssn ?? order.scriptUser;
    if (!pnr) return this.users.default();
    return this.users.get(pnr) ?? { personalNumber: pnr, givenName: 'Test', surname: 'Testsson' };
  }

  private view(order: FrejaOrder): Promise<FrejaResult> {
    if (order.status !== 'APPROVED' || !order.approvedAs) return Promise.resolve({ authRef: order.authRef, status: order.status });
    order.result ??= this.signedResult(order, order.approvedAs, order.approvedAt ?? this.clock.now());
    return order.result;
  }

  private async signedResult(order: FrejaOrder, user: TestUser, approvedAt: Date): Promise<FrejaResult> {
    const attributes = requestedAttributes(order.request, user, approvedAt, order.relyingParty);
    const signer = await this.keys.get();
    const details = await signer.sign({
      authRef: order.authRef,
      status: 'APPROVED',
      userInfoType: order.request.userInfoType,
      userInfo: order.request.userInfo,
      minRegistrationLevel: order.request.minRegistrationLevel,
      timestamp: approvedAt.getTime(),
      requestedAttributes: attributes,
    });
    return { authRef: order.authRef, status: 'APPROVED', details, requestedAttributes: attributes };
  }

  private takeScenario(): FrejaScenario | undefined {
    const scenario = this.scenario;
    if (!scenario) return undefined;
    if (scenario.orders !== undefined) {
      scenario.orders -= 1;
      if (scenario.orders <= 0) this.scenario = undefined;
    }
    return scenario;
  }

  private purge(): void {
    const cutoff = this.clock.now().getTime() - KEEP_FINISHED_MS;
    for (const [authRef, order] of this.orders) {
      this.refresh(order);
      if (order.finishedAt && order.finishedAt.getTime() < cutoff) this.orders.delete(authRef);
    }
  }
}

/** The person an order names, for the one-active-authentication rule; INFERRED orders name nobody until bound. */
function userKey(request: InitAuthRequest): string | undefined {
  switch (request.userInfoType) {
    case 'SSN':
      return request.ssn ? `SSN:${request.ssn.country}:${request.ssn.ssn}` : undefined;
    case 'EMAIL':
      return `EMAIL:${request.userInfo.toLowerCase()}`;
    case 'PHONE':
      return `PHONE:${request.userInfo.replace(/^\+/, '')}`;
    case 'INFERRED':
      return undefined;
  }
}

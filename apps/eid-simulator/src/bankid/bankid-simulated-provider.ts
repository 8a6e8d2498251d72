import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { QrScanner, ScanOutcome } from '../control/qr-scanner.js';
import { type PendingOrderView, type SimulatedProvider, SimulatedProviders } from '../control/simulated-providers.js';
import type { TestUser } from '../control/test-users.js';
import { BankIdOrders, OrderActionError, type OrderActionFailure } from './orders/bankid-orders.js';

/** Why the app refused a scan, in the phone page's language. */
const SWEDISH_REASONS: Record<OrderActionFailure, string> = {
  notFound: 'ingen order har den QR-koden.',
  final: 'ordern är redan avslutad.',
  alreadyPickedUp: 'ordern har redan öppnats i en annan app.',
  wrongPerson: 'ordern gäller en annan person.',
  qrUnreadable: 'det är inte en BankID-QR-kod.',
  qrForged: 'koden hör inte till ordern.',
  qrStale: 'koden är för gammal. Skanna den aktuella koden (RFA17B).',
};

/** BankID as the phone page sees it: list, approve, cancel and QR scanning. */
@Injectable()
export class BankIdSimulatedProvider implements SimulatedProvider, QrScanner, OnModuleInit {
  readonly name = 'bankid' as const;

  constructor(
    private readonly orders: BankIdOrders,
    private readonly providers: SimulatedProviders,
  ) {}

  onModuleInit(): void {
    this.providers.register(this);
  }

  pending(): PendingOrderView[] {
    return this.orders.pending().map((o) => ({
      provider: 'bankid',
      ref: o.orderRef,
      kind: o.kind === 'sign' ? 'Underskrift' : 'Legitimering',
      startedAt: o.startedAt,
      status: o.hintCode ?? o.status,
      ...(o.requiredPersonalNumber ? { personalNumber: o.requiredPersonalNumber } : o.pickedUpBy ? { personalNumber: o.pickedUpBy } : {}),
      ...(o.userVisibleText ? { userVisibleText: o.userVisibleText } : {}),
    }));
  }

  approve(ref: string, user: TestUser): boolean {
    return this.attempt(() => this.orders.approve(ref, user));
  }

  decline(ref: string): boolean {
    return this.attempt(() => this.orders.decline(ref));
  }

  returnUrlOf(ref: string): string | undefined {
    return this.orders.get(ref)?.returnUrl;
  }

  scan(content: string, user: TestUser): ScanOutcome {
    if (!content.trim().startsWith('bankid.')) return undefined;
    try {
      return { ok: true, ref: this.orders.scan(content, user).orderRef };
    } catch (error) {
      if (error instanceof OrderActionError) return { ok: false, message: SWEDISH_REASONS[error.reason] };
      throw error;
    }
  }

  private attempt(action: () => unknown): boolean {
    try {
      action();
      return true;
    } catch (error) {
      if (error instanceof OrderActionError) return false;
      throw error;
    }
  }
}

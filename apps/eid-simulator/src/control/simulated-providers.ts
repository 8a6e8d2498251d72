import { Injectable } from '@nestjs/common';
import type { TestUser } from './test-users.js';

/** A pending order as the phone page shows it (no secrets). */
export interface PendingOrderView {
  provider: 'bankid' | 'freja';
  ref: string;
  /** What the app would show: the start time, the kind of order, the RP's visible text if any. */
  kind: string;
  startedAt: string;
  status: string;
  /** When the order names its person (BankID `requirement.personalNumber`, Freja SSN), only they can approve. */
  personalNumber?: string;
  userVisibleText?: string;
}

/** What the phone page and the control API can do with a provider's orders: play the app. */
export interface SimulatedProvider {
  readonly name: 'bankid' | 'freja';
  pending(): PendingOrderView[];
  /** The app picks the order up (QR scanned / autostart) and the user approves as `user`. Returns false for an unknown or final order. */
  approve(ref: string, user: TestUser): boolean;
  /** The user cancels in the app. */
  decline(ref: string): boolean;
  /** Where the app sends the user after a completed same-device order (BankID `returnUrl`), if anywhere. */
  returnUrlOf?(ref: string): string | undefined;
}

/** Registry the provider modules add themselves to (in onModuleInit). */
@Injectable()
export class SimulatedProviders {
  private readonly providers = new Map<string, SimulatedProvider>();

  register(provider: SimulatedProvider): void {
    this.providers.set(provider.name, provider);
  }

  get(name: string): SimulatedProvider | undefined {
    return this.providers.get(name);
  }

  all(): SimulatedProvider[] {
    return [...this.providers.values()];
  }
}

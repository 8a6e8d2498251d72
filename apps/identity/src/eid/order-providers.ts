import { Injectable } from '@nestjs/common';
import type { OrderEidProvider } from './eid-provider.js';

export const ORDER_PROVIDER_LIST = Symbol('ORDER_PROVIDER_LIST');

/** The order-based e-IDs this installation has configured (BankID, Freja); SITHS is the OIDC flow. */
@Injectable()
export class OrderProviders {
  private readonly byName: Map<string, OrderEidProvider>;

  constructor(providers: OrderEidProvider[]) {
    this.byName = new Map(providers.map((p) => [p.name, p]));
  }

  get(name: string): OrderEidProvider | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

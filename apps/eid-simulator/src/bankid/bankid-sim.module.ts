import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { BankIdControlController } from './bankid-control.controller.js';
import { bankIdBodyErrorHandler } from './bankid-error.filter.js';
import { BankIdRpController } from './bankid-rp.controller.js';
import { BankIdSigningKeys } from './bankid-signing-keys.js';
import { BankIdSimulatedProvider } from './bankid-simulated-provider.js';
import { BankIdOrders } from './orders/bankid-orders.js';
import { BankIdScenarios, Dice } from './orders/bankid-scenarios.js';
import { BankIdSigner } from './orders/bankid-signature.js';

/** The BankID RP API v6.0 test server (mTLS listener), its control API and its entry on the phone page. */
@Module({
  controllers: [BankIdRpController, BankIdControlController],
  providers: [BankIdOrders, BankIdScenarios, Dice, BankIdSimulatedProvider, { provide: BankIdSigner, useClass: BankIdSigningKeys }],
  exports: [BankIdOrders],
})
export class BankIdSimModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * Body-parser errors (malformed JSON) happen before routing, so the controller's filter never sees
   * them. Nest registers its own error handler after the init hooks, so this one runs first and answers
   * BankID-style under /rp/v6.0, passing everything else on.
   */
  onModuleInit(): void {
    this.adapterHost.httpAdapter?.use(bankIdBodyErrorHandler);
  }
}

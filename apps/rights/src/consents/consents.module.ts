import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { NoticesModule } from '../notices/notices.module.js';
import { ConsentChecksController } from './check/consent-checks.controller.js';
import { ConsentIndex } from './check/consent-index.js';
import { ConsentIndexHealth } from './check/consent-index.health.js';
import { ConsentsController } from './consents.controller.js';
import { CONSENT_MODEL, ConsentSchema } from './persistence/consent.schema.js';
import { ConsentsRepository } from './persistence/consents.repository.js';
import { MongoConsentsRepository } from './persistence/mongo-consents.repository.js';
import { ConsentSignatures } from './signature/consent-signatures.js';
import { MongoUsedAssertionsRepository } from './signature/persistence/mongo-used-assertions.repository.js';
import { USED_ASSERTION_MODEL, UsedAssertionSchema } from './signature/persistence/used-assertion.schema.js';
import { UsedAssertionsRepository } from './signature/persistence/used-assertions.repository.js';
import { ConsentWriter } from './usecases/consent-writer.js';
import { GiveConsentUseCase } from './usecases/give-consent/give-consent.usecase.js';
import { ListConsentsUseCase } from './usecases/list-consents/list-consents.usecase.js';
import { ResealEvidenceUseCase } from './usecases/reseal-evidence/reseal-evidence.usecase.js';
import { WithdrawConsentUseCase } from './usecases/withdraw-consent/withdraw-consent.usecase.js';

/**
 * Consents (GDPR art. 6.1 a, 7, 9.2 a): citizens give and withdraw them per purpose of a notice, with the
 * history as evidence; municipal systems check them. Exports `ConsentsRepository` (for receipts).
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: CONSENT_MODEL, schema: ConsentSchema },
      { name: USED_ASSERTION_MODEL, schema: UsedAssertionSchema },
    ]),
    NoticesModule,
  ],
  controllers: [ConsentsController, ConsentChecksController],
  providers: [
    { provide: ConsentsRepository, useClass: MongoConsentsRepository },
    { provide: UsedAssertionsRepository, useClass: MongoUsedAssertionsRepository },
    ConsentIndex,
    ConsentIndexHealth,
    ConsentWriter,
    ConsentSignatures,
    GiveConsentUseCase,
    WithdrawConsentUseCase,
    ListConsentsUseCase,
    ResealEvidenceUseCase,
  ],
  exports: [ConsentsRepository],
})
export class ConsentsModule {}

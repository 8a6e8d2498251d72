import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { ReceiptsController } from './receipts.controller.js';
import { IssueReceiptUseCase } from './usecases/issue-receipt/issue-receipt.usecase.js';
import { VerifyReceiptUseCase } from './usecases/verify-receipt/verify-receipt.usecase.js';

/** Consent receipts (ISO/IEC TS 27560), signed with the service's receipt key, and their verification. */
@Module({
  imports: [ConsentsModule, KeysModule, NoticesModule],
  controllers: [ReceiptsController],
  providers: [IssueReceiptUseCase, VerifyReceiptUseCase],
})
export class ReceiptsModule {}

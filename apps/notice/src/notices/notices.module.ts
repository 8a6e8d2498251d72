import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { GoverningRulesModule } from '../governing-rules/governing-rules.module.js';
import { NoticeAdminController } from './notice-admin.controller.js';
import { NoticeDraftsController } from './notice-drafts.controller.js';
import { NoticeSchemaController } from './notice-schema.controller.js';
import { NoticesController } from './notices.controller.js';
import { MongoNoticeRepository } from './persistence/mongo-notice.repository.js';
import { NoticeRepository } from './persistence/notice.repository.js';
import { NOTICE_MODEL, NoticeSchema } from './persistence/notice.schema.js';
import { PublishedNotices } from './read-model/published-notices.js';
import { RetentionLinksController } from './retention-links.controller.js';
import { RopaController } from './ropa.controller.js';
import { CheckRetentionLinksUseCase } from './usecases/check-retention-links/check-retention-links.usecase.js';
import { ExportRopaUseCase } from './usecases/export-ropa/export-ropa.usecase.js';
import { ApproveNoticeUseCase } from './usecases/approve-notice/approve-notice.usecase.js';
import { PreviewDraftUseCase } from './usecases/preview-draft/preview-draft.usecase.js';
import { ImportNoticeUseCase } from './usecases/import-notice/import-notice.usecase.js';
import { PublishNoticeUseCase } from './usecases/publish-notice/publish-notice.usecase.js';
import { RejectNoticeUseCase } from './usecases/reject-notice/reject-notice.usecase.js';
import { SubmitNoticeUseCase } from './usecases/submit-notice/submit-notice.usecase.js';
import { UpdateDraftUseCase } from './usecases/update-draft/update-draft.usecase.js';
import { WithdrawNoticeUseCase } from './usecases/withdraw-notice/withdraw-notice.usecase.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: NOTICE_MODEL, schema: NoticeSchema }]), GoverningRulesModule],
  // The public reads first: Express tries each route in the order it was registered, and a notice read
  // is the hottest request (bench/notice-read.bench.ts); no two of these routes match the same path.
  controllers: [
    NoticesController,
    NoticeAdminController,
    NoticeDraftsController,
    RopaController,
    RetentionLinksController,
    NoticeSchemaController,
  ],
  providers: [
    { provide: NoticeRepository, useClass: MongoNoticeRepository },
    PublishedNotices,
    ImportNoticeUseCase,
    UpdateDraftUseCase,
    PublishNoticeUseCase,
    SubmitNoticeUseCase,
    ApproveNoticeUseCase,
    RejectNoticeUseCase,
    WithdrawNoticeUseCase,
    ExportRopaUseCase,
    PreviewDraftUseCase,
    CheckRetentionLinksUseCase,
  ],
  exports: [ImportNoticeUseCase, PublishNoticeUseCase, NoticeRepository, PublishedNotices],
})
export class NoticesModule {}

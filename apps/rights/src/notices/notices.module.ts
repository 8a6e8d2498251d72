import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { NoticesConsumer } from './notices.consumer.js';
import { MongoNoticeTermsRepository } from './persistence/mongo-notice-terms.repository.js';
import { NoticeTermsRepository } from './persistence/notice-terms.repository.js';
import { NOTICE_TERMS_MODEL, NoticeTermsSchema } from './persistence/notice-terms.schema.js';
import { RecordNoticeUseCase } from './usecases/record-notice/record-notice.usecase.js';

/** The published notices' terms, from the notice service's events. Exports `NoticeTermsRepository` (read it only). */
@Module({
  imports: [MongooseModule.forFeature([{ name: NOTICE_TERMS_MODEL, schema: NoticeTermsSchema }])],
  controllers: [NoticesConsumer],
  providers: [{ provide: NoticeTermsRepository, useClass: MongoNoticeTermsRepository }, RecordNoticeUseCase],
  exports: [NoticeTermsRepository],
})
export class NoticesModule {}

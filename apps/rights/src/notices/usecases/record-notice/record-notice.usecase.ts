import { Injectable, Logger } from '@nestjs/common';
import type { NoticePublishedV1, NoticeWithdrawnV1 } from '@insyn/contracts';
import { PermanentEventError } from '@insyn/messaging';
import { NoticeContentError, noticeTermsOf } from '../../domain/notice-terms.js';
import { NoticeTermsRepository } from '../../persistence/notice-terms.repository.js';

/** Keeps the terms of every published notice version; idempotent by slug and version. */
@Injectable()
export class RecordNoticeUseCase {
  private readonly logger = new Logger(RecordNoticeUseCase.name);

  constructor(private readonly notices: NoticeTermsRepository) {}

  async published(event: NoticePublishedV1): Promise<void> {
    let terms;
    try {
      terms = noticeTermsOf(event);
    } catch (err) {
      if (err instanceof NoticeContentError) throw new PermanentEventError(err.message);
      throw err;
    }
    await this.notices.record(terms);
    this.logger.log(`notice ${event.slug} v${event.version}: ${terms.consentPurposes.length} consent purpose(s)`);
  }

  async withdrawn(event: NoticeWithdrawnV1): Promise<void> {
    await this.notices.markWithdrawn(event.slug, event.lastVersion, new Date(event.withdrawnAt));
  }
}

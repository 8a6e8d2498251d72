import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '@insyn/auth';
import type { Response } from 'express';
import { DraftPreviewQuery, NoticeOverviewDto } from './dto/notice-drafts.dto.js';
import type { MessageLanguage } from './domain/notice.messages.js';
import { ApiMessageLanguage, NOTICE_DRAFT_READERS } from './notice-admin.controller.js';
import { NoticeRepository } from './persistence/notice.repository.js';
import { AnswerLanguage } from './representations/negotiate.js';
import { PreviewDraftUseCase } from './usecases/preview-draft/preview-draft.usecase.js';

/**
 * What the editors and approvers work on beside the published list: every notice with its draft and
 * approval state (a draft never published is in no public list), and a draft shown as residents will see it.
 */
@ApiTags('notices (editors)')
@ApiBearerAuth()
@Controller('v1')
export class NoticeDraftsController {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly preview: PreviewDraftUseCase,
  ) {}

  @Get('notice-overview')
  @Allow(NOTICE_DRAFT_READERS)
  @ApiOperation({
    summary: 'Every notice, published or not, with its draft revision and whether the draft awaits a second person’s approval',
    description: 'For the editors’ and approvers’ list: the municipality’s notices, a few hundred at most, by slug.',
  })
  @ApiOkResponse({ type: [NoticeOverviewDto] })
  async overview(@Res({ passthrough: true }) res: Response): Promise<NoticeOverviewDto[]> {
    const all = await this.notices.listAll();
    res.setHeader('Cache-Control', 'no-store');
    return all
      .map((n) => {
        const current = n.versions.find((v) => v.version === n.currentVersion)?.content;
        const title = (n.draft?.title ?? current?.title ?? { sv: n._id }) as { sv?: string; en?: string };
        const pending = n.pendingApproval ?? null;
        return {
          slug: n._id,
          title,
          status: n.status,
          currentVersion: n.currentVersion,
          draftRevision: n.draftRevision,
          approval: pending ? ('awaiting-approval' as const) : ('none' as const),
          pending: pending
            ? { draftRevision: pending.draftRevision, requestedBy: pending.requestedBy, requestedAt: pending.requestedAt.toISOString() }
            : null,
          updatedAt: n.updatedAt.toISOString(),
        };
      })
      .sort((a, b) => a.slug.localeCompare(b.slug));
  }

  @Get('notices/:slug/draft/preview')
  @Allow(NOTICE_DRAFT_READERS)
  @ApiOperation({
    summary: 'The draft as residents will see it once published: the accessible HTML page of a version',
    description:
      'Rendered as the next version would be (in `lang`). A draft not complete enough to publish is a 422 naming what it lacks, ' +
      'its messages in the language of Accept-Language (sv or en; English by default).',
  })
  @ApiProduces('text/html')
  @ApiMessageLanguage()
  async draftPreview(
    @Param('slug') slug: string,
    @Query() query: DraftPreviewQuery,
    @AnswerLanguage() lang: MessageLanguage,
    @Res() res: Response,
  ): Promise<void> {
    const html = await this.preview.html(slug, query.lang ?? 'sv', lang);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').status(200).send(html);
  }
}

import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@insyn/auth';
import type { Response } from 'express';
import { NoticeSlugParams, RetentionLinksQuery } from './dto/notice-queries.dto.js';
import { NOTICE_READERS } from './notice-admin.controller.js';
import { CheckRetentionLinksUseCase, type RetentionLinksReport } from './usecases/check-retention-links/check-retention-links.usecase.js';

/** The DPO's check that every retention statement is governed by a known rule and decision that is still in force. */
@ApiTags('notices (editors)')
@ApiBearerAuth()
@Controller('v1/notices')
export class RetentionLinksController {
  constructor(private readonly check: CheckRetentionLinksUseCase) {}

  @Get(':slug/retention-links')
  @Allow(NOTICE_READERS)
  @ApiOperation({
    summary: 'Each retention statement of a published version, the rule it cites, what that rule resolves to, and what is wrong',
    description:
      'Problems: `no-ref` (the statement cites no retention rule), `unknown-rule` (it cites a rule the retention service has ' +
      'not announced as active with retention.rule.activated.v1) and `retired-rule` (it cites a rule the retention service has ' +
      'retired, retention.rule.retired.v1: it no longer governs deletion; `retiredAt` says when). `ok` is true when there are none.',
  })
  @ApiOkResponse({ description: 'The statements with their rules and problems' })
  @ApiNotFoundResponse({ description: 'No such notice, no published version, or no such version' })
  async retentionLinks(
    @Param() params: NoticeSlugParams,
    @Query() query: RetentionLinksQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RetentionLinksReport> {
    res.setHeader('Cache-Control', 'no-store');
    return this.check.execute(params.slug, query.version);
  }
}

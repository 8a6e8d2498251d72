import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { Clock } from '@insyn/platform';
import { ApiPagedResponse, filtersMatch, instantPosition, linkNext, oneOf, pageOf, pageStart } from '@insyn/service-kit';
import type { Response } from 'express';
import { DecidePartsDto, ExtendRequestDto, QUEUE_STATUSES, QueueQuery } from './dto/request.dto.js';
import { QueuedRequestView, queuedRequestView } from './dto/request.view.js';
import { LEGAL_GROUNDS } from './domain/request.model.js';
import { HANDLER_ROLES } from './domain/request.rules.js';
import { RequestsQuery } from './requests.query.js';
import { CloseRequestUseCase } from './usecases/close-request/close-request.usecase.js';
import { DecidePartsUseCase } from './usecases/decide-parts/decide-parts.usecase.js';
import { ExtendRequestUseCase } from './usecases/extend-request/extend-request.usecase.js';

const HANDLERS = { officialRoles: HANDLER_ROLES };
/** The cursor's name for the queue (by `dueAt`, then id). */
const QUEUE_LIST = 'queue';

/** The officials’ queue of data-subject requests (roles rights-handler and dpo, SITHS eID). */
@ApiTags('queue')
@ApiBearerAuth()
@Controller('v1')
export class QueueController {
  constructor(
    private readonly query: RequestsQuery,
    private readonly extend: ExtendRequestUseCase,
    private readonly decide: DecidePartsUseCase,
    private readonly close: CloseRequestUseCase,
    private readonly clock: Clock,
  ) {}

  @Get('queue')
  @Allow(HANDLERS)
  @ApiOperation({
    summary:
      'Open requests (or with `status` the answered or withdrawn ones), the earliest due first, with what is overdue and which parts are missing; paged',
    description:
      'At most `limit` (1-200, default 200) a page, the earliest due first (then by id, so none is skipped); when more ' +
      'follow, `Link: </v1/queue?cursor=…>; rel="next"`: follow it until there is none. The cursor keeps the filter.',
  })
  @ApiPagedResponse({ path: '/v1/queue', type: [QueuedRequestView] })
  async queue(@Query() query: QueueQuery, @Res({ passthrough: true }) res: Response): Promise<QueuedRequestView[]> {
    const start = pageStart(
      QUEUE_LIST,
      query,
      { status: query.status },
      {
        valid: (after) => instantPosition(after) !== undefined,
        validFilters: filtersMatch({ status: oneOf(QUEUE_STATUSES) }),
        defaults: { status: 'open' },
      },
    );
    const position = instantPosition(start.after);
    const read = await this.query.queue({
      status: start.filters.status,
      ...(position ? { after: { dueAt: position.at, id: position.id } } : {}),
      limit: start.limit + 1,
    });
    const page = pageOf(read, start, QUEUE_LIST, (r) => [r.dueAt.toISOString(), r.id]);
    linkNext(res, '/v1/queue', page.next, query.limit);
    const now = this.clock.now();
    return page.items.map((r) => queuedRequestView(r, now));
  }

  @Get('queue/:requestId')
  @Allow(HANDLERS)
  @ApiOperation({ summary: 'One request, open or closed' })
  @ApiOkResponse({ type: QueuedRequestView })
  async get(@Param('requestId') id: string): Promise<QueuedRequestView> {
    return queuedRequestView(await this.query.byId(id), this.clock.now());
  }

  @Get('legal-grounds')
  @Allow(HANDLERS)
  @ApiOperation({ summary: 'The legal grounds a part is decided on' })
  grounds() {
    return Object.entries(LEGAL_GROUNDS).map(([code, g]) => ({ code, ...g }));
  }

  @Post('queue/:requestId/extension')
  @HttpCode(200)
  @Allow(HANDLERS)
  @ApiOperation({
    summary: 'Extend by one or two months (art. 12.3)',
    description:
      'Once, and only within the first month; the person sees the new due date and the reason. 409 when closed or already extended, 422 after the first month.',
  })
  @ApiOkResponse({ type: QueuedRequestView })
  @ApiConflictResponse({ description: 'The request is closed or already extended' })
  @ApiUnprocessableEntityResponse({ description: 'The first month is over' })
  async extendRequest(
    @CurrentPrincipal() p: Principal,
    @Param('requestId') id: string,
    @Body() dto: ExtendRequestDto,
  ): Promise<QueuedRequestView> {
    await this.query.byId(id);
    return queuedRequestView(await this.extend.execute(id, dto.months, dto.reason, p), this.clock.now());
  }

  @Post('queue/:requestId/decisions')
  @HttpCode(200)
  @Allow(HANDLERS)
  @ApiOperation({ summary: 'Decide parts that are in, each with an outcome and a legal ground' })
  @ApiOkResponse({ type: QueuedRequestView })
  @ApiConflictResponse({ description: 'The request is closed, or changed meanwhile' })
  @ApiUnprocessableEntityResponse({ description: 'A part that has not come in, or a ground that does not fit the outcome' })
  async decideParts(
    @CurrentPrincipal() p: Principal,
    @Param('requestId') id: string,
    @Body() dto: DecidePartsDto,
  ): Promise<QueuedRequestView> {
    await this.query.byId(id);
    return queuedRequestView(await this.decide.execute(id, dto.decisions, p), this.clock.now());
  }

  @Post('queue/:requestId/answer')
  @HttpCode(200)
  @Allow(HANDLERS)
  @ApiOperation({
    summary: 'Close the request as answered',
    description:
      'Every expected part in and decided (else 409). Emits rights.request.closed.v1, which releases retention’s hold on the person.',
  })
  @ApiOkResponse({ type: QueuedRequestView })
  @ApiConflictResponse({ description: 'The request is closed, or parts are missing or undecided' })
  async answer(@CurrentPrincipal() p: Principal, @Param('requestId') id: string): Promise<QueuedRequestView> {
    await this.query.byId(id);
    return queuedRequestView(await this.close.answer(id, p), this.clock.now());
  }
}

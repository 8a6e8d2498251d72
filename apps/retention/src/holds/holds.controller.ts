import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import {
  ApiPagedResponse,
  filtersOfOrder,
  instantPosition,
  linkNext,
  oneOf,
  pageOf,
  pageStart,
  sinceFilter,
  sortOf,
} from '@insyn/service-kit';
import type { Response } from 'express';
import { HOLD_SCOPES, HOLD_STATUSES, type HoldActor } from './domain/hold.js';
import { HoldIdParams, holdView, HoldViewDto, ListHoldsQuery, ReleaseHoldDto, ReviewHoldDto, SetHoldDto } from './dto/hold.dto.js';
import { HoldsRepository } from './persistence/holds.repository.js';
import { ReleaseHold } from './usecases/release-hold/release-hold.usecase.js';
import { ReviewHold } from './usecases/review-hold/review-hold.usecase.js';
import { SetHold } from './usecases/set-hold/set-hold.usecase.js';

/** Who may set, review and release holds. */
const WRITERS = { officialRoles: ['retention-admin', 'registrator'], clientScopes: ['retention:hold'] };
/** Who may release them: the writers (holds set by hand) and the data-protection officer (automatic ones). */
const RELEASERS = { officialRoles: [...WRITERS.officialRoles, 'dpo'], clientScopes: WRITERS.clientScopes };
/** Who may read them: the writers, the data-protection officer and the archivist. */
const READERS = { officialRoles: ['retention-admin', 'registrator', 'dpo', 'archivist'], clientScopes: ['retention:hold'] };

/** The cursor's names for the hold list: by `setAt`, then id; with `since`, by `changedAt`, then id. */
const HOLD_LIST = { usual: 'holds', changes: 'holds.changes' };

const actorOf = (who: Principal): HoldActor =>
  who.kind === 'official' ? { kind: 'official', id: who.hsaId ?? who.subject } : { kind: 'client', id: who.subject };

@ApiTags('holds')
@ApiBearerAuth()
@Controller('v1/holds')
export class HoldsController {
  constructor(
    private readonly setHold: SetHold,
    private readonly releaseHold: ReleaseHold,
    private readonly reviewHold: ReviewHold,
    private readonly repo: HoldsRepository,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Allow(WRITERS)
  @ApiOperation({ summary: 'Set a legal hold (gallringsstopp) on a person, a conversation, a unit or a rule' })
  @ApiCreatedResponse({ type: HoldViewDto })
  @ApiUnprocessableEntityResponse({ description: 'An unknown unit or rule, or a review date out of range (`errors` names the fields)' })
  @ApiConflictResponse({ description: 'An active hold covers the same scope and target (`existingHoldId` names it)' })
  async set(@Body() body: SetHoldDto, @CurrentPrincipal() who: Principal): Promise<HoldViewDto> {
    return holdView(await this.setHold.execute(body, actorOf(who)), this.clock.now());
  }

  @Get()
  @Allow(READERS)
  @ApiOperation({
    summary: 'Holds, oldest first: the active ones, or with `status=released` the released ones; with `since` what changed after it; paged',
    description:
      'Without `since`, in the order they were set (by `setAt`, then by id, so none is skipped), the active ones unless ' +
      '`status` says otherwise. With `since`, the holds changed after it (set, reviewed, released), active and released ' +
      'alike unless `status` says which, oldest change first (by `changedAt`, then by id): to sync, pass the greatest ' +
      '`changedAt` you saw last time as the next `since`; a hold that changes again while you page comes again, later. At ' +
      'most `limit` (1-200, default 200) a page; when more follow, `Link: </v1/holds?cursor=…>; rel="next"`: follow it ' +
      'until there is none. The cursor keeps the filters, `since` among them, and its order: a cursor of one order is ' +
      'refused in the other. Bad parameters get a 400 problem naming each.',
  })
  @ApiPagedResponse({ path: '/v1/holds', type: [HoldViewDto] })
  async list(@Query() query: ListHoldsQuery, @Res({ passthrough: true }) res: Response): Promise<HoldViewDto[]> {
    const sort = sortOf(HOLD_LIST, query);
    const changes = sort === HOLD_LIST.changes;
    const start = pageStart(
      sort,
      query,
      { status: query.status, scope: query.scope, since: sinceFilter(query.since) },
      {
        valid: (after) => instantPosition(after) !== undefined,
        validFilters: filtersOfOrder(changes, { status: oneOf(HOLD_STATUSES), scope: oneOf(HOLD_SCOPES) }),
        // Changes are of active and released holds alike; the usual list is of the active ones.
        defaults: changes ? {} : { status: 'active' },
      },
    );
    const { status, scope, since } = start.filters;
    const position = instantPosition(start.after);
    const read = await this.repo.list({
      ...(status ? { status } : {}),
      ...(scope ? { scope } : {}),
      ...(changes && since ? { since: new Date(since) } : {}),
      ...(position ? { after: { at: position.at, holdId: position.id } } : {}),
      limit: start.limit + 1,
    });
    const page = pageOf(read, start, sort, (h) => [(changes ? h.changedAt : h.setAt).toISOString(), h.holdId]);
    linkNext(res, '/v1/holds', page.next, query.limit);
    const now = this.clock.now();
    return page.items.map((h) => holdView(h, now));
  }

  @Get(':id')
  @Allow(READERS)
  @ApiOperation({ summary: 'One hold, active or released' })
  @ApiOkResponse({ type: HoldViewDto })
  async get(@Param() params: HoldIdParams): Promise<HoldViewDto> {
    const hold = await this.repo.findById(params.id);
    if (!hold) throw Problems.notFound(`Hold ${params.id}`);
    return holdView(hold, this.clock.now());
  }

  @Post(':id/release')
  @HttpCode(200)
  @Allow(RELEASERS)
  @ApiOperation({ summary: 'Release a hold; gallring may take what it covered from the next run' })
  @ApiOkResponse({ type: HoldViewDto })
  @ApiConflictResponse({
    description:
      'The hold was released already, or is the automatic hold of a data-subject request: it ends when the request is closed, ' +
      'or the data-protection officer releases it with a note',
  })
  @ApiForbiddenResponse({ description: 'A data-protection officer releasing a hold set by hand (the hold writers release those)' })
  @ApiBadRequestResponse({ description: 'The data-protection officer releasing an automatic hold without a note' })
  async release(@Param() params: HoldIdParams, @Body() body: ReleaseHoldDto, @CurrentPrincipal() who: Principal): Promise<HoldViewDto> {
    const may = {
      byHand: who.kind === 'client' || who.roles.some((r) => WRITERS.officialRoles.includes(r)),
      ofRequest: who.kind === 'official' && who.roles.includes('dpo'),
    };
    return holdView(await this.releaseHold.execute(params.id, actorOf(who), body.note, may), this.clock.now());
  }

  @Post(':id/review')
  @HttpCode(200)
  @Allow(WRITERS)
  @ApiOperation({ summary: 'Record a review: the hold still applies, until the new review date' })
  @ApiOkResponse({ type: HoldViewDto })
  async review(@Param() params: HoldIdParams, @Body() body: ReviewHoldDto, @CurrentPrincipal() who: Principal): Promise<HoldViewDto> {
    return holdView(await this.reviewHold.execute(params.id, body.reviewAt, actorOf(who)), this.clock.now());
  }
}

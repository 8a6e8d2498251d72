import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import {
  ApiPagedResponse,
  filtersOfOrder,
  instantPosition,
  isInstant,
  linkNext,
  oneOf,
  pageOf,
  pageStart,
  sinceFilter,
  sortOf,
} from '@insyn/service-kit';
import type { Response } from 'express';
import { actorOf, performerOf } from '../rules/domain/actor.js';
import { RULE_ID } from '../rules/domain/rule.model.js';
import { RULE_READERS, RULE_WRITERS } from '../rules/rules.controller.js';
import { RulesQuery } from '../rules/rules.query.js';
import { ListRunsQuery, ReapplyPurgesBody, ReapplyPurgesView, RunParams, RunRuleParams } from './dto/run.dto.js';
import { RunViewDto } from './dto/run-view.dto.js';
import { RunsRepository } from './persistence/runs.repository.js';
import { runView } from './run.view.js';
import { ReapplyPurges } from './usecases/reapply-purges/reapply-purges.usecase.js';
import { StartRun } from './usecases/start-run/start-run.usecase.js';

/** The cursor's names for the run list: newest `startedAt` first, then id; with `since`, oldest `changedAt` first, then id. */
const RUN_LIST = { usual: 'runs', changes: 'runs.changes' };

/** Gallring runs: start one by hand, follow its progress, list the past ones. */
@ApiTags('retention runs')
@ApiBearerAuth()
@Controller('v1')
export class RunsController {
  constructor(
    private readonly rules: RulesQuery,
    private readonly runs: RunsRepository,
    private readonly startRun: StartRun,
    private readonly reapply: ReapplyPurges,
    private readonly clock: Clock,
  ) {}

  @Post('runs/reapplications')
  @Allow(RULE_WRITERS)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'After an owner’s database was restored from a backup: ask again for what gallring deleted since the backup',
    description:
      'Every chunk of a finished run started at or after `since` that deleted something is asked of its owner again, with ' +
      'its request id, selection and exclusions: the restored owner deletes it again, data keys included. The runs and the ' +
      'gallringsprotokoll do not change. See docs/operations/runbooks.md, "Backup and restore".',
  })
  @ApiAcceptedResponse({ type: ReapplyPurgesView, description: 'The purge requests are on their way' })
  @ApiUnprocessableEntityResponse({ description: '`since` is in the future' })
  async reapplyPurges(@Body() body: ReapplyPurgesBody, @CurrentPrincipal() user: Principal): Promise<ReapplyPurgesView> {
    const since = new Date(body.since);
    if (since.getTime() > this.clock.now().getTime())
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'since-in-future',
        'since is in the future',
        'A backup is taken in the past.',
      );
    return this.reapply.execute(since, actorOf(user));
  }

  @Post('rules/:ruleId/runs')
  @Allow(RULE_WRITERS)
  @ApiOperation({
    summary: "Start a run of the rule's active version now, outside its schedule",
    description:
      'Selects what is due today under the active version and asks the owning service to delete it in chunks. ' +
      'The answer comes at once (202); follow the run at its Location. Held items are never deleted, and items ' +
      'without the archive receipt the rule requires are blocked.',
  })
  @ApiAcceptedResponse({ type: RunViewDto, description: 'The run, started; Location is where to follow it' })
  @ApiNotFoundResponse({ description: 'No active version of the rule' })
  @ApiConflictResponse({ description: 'A run of the rule is in progress' })
  @ApiUnprocessableEntityResponse({ description: 'The rule keeps forever, or no service can select by its trigger' })
  async start(@Param() params: RunRuleParams, @CurrentPrincipal() user: Principal, @Res({ passthrough: true }) res: Response) {
    const rule = await this.rules.activeVersion(params.ruleId);
    if (!rule) throw Problems.notFound(`An active version of the rule ${params.ruleId}`);
    const { id: executedBy, name: executedByName } = performerOf(user);
    const result = await this.startRun.execute({ rule, origin: 'manual', executedBy, ...(executedByName ? { executedByName } : {}) });
    if ('refused' in result) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, result.refused, 'The rule cannot run', result.detail);
    }
    if ('inProgress' in result) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'run-in-progress',
        'A run of the rule is in progress',
        `The run ${result.inProgress} of the rule ${params.ruleId} has not finished; a rule runs once at a time.`,
      );
    }
    res.status(HttpStatus.ACCEPTED).setHeader('Location', `/v1/runs/${result.runId}`);
    return runView(result);
  }

  @Get('runs')
  @Allow(RULE_READERS)
  @ApiOperation({
    summary: 'Runs, newest first, or with `since` what changed after it, oldest change first; paged',
    description:
      'Filters: `ruleId`, `status`, `startedBefore`, `since`. Without `since`, newest first (by `startedAt`, then by id, so ' +
      'none is skipped). With `since`, the runs changed after it (started, a chunk asked or answered, the expected count, ' +
      'finished), oldest change first (by `changedAt`, then by id): to sync, pass the greatest `changedAt` you saw last time ' +
      'as the next `since`; a run that changes again while you page comes again, later. At most `limit` (1-200, default ' +
      '200) a page; when more follow, `Link: </v1/runs?cursor=…>; rel="next"`: follow it until there is none. The cursor ' +
      'keeps the filters, `since` among them, and its order: a cursor of one order is refused in the other. Bad parameters ' +
      'get a 400 problem naming each.',
  })
  @ApiPagedResponse({
    path: '/v1/runs',
    type: [RunViewDto],
    description: 'Summaries of the runs, each with its `changedAt` (holds as ids: no held counts)',
  })
  async list(@Query() query: ListRunsQuery, @Res({ passthrough: true }) res: Response) {
    const sort = sortOf(RUN_LIST, query);
    const changes = sort === RUN_LIST.changes;
    const start = pageStart(
      sort,
      query,
      {
        ruleId: query.ruleId,
        status: query.status,
        startedBefore: query.startedBefore && new Date(query.startedBefore).toISOString(),
        since: sinceFilter(query.since),
      },
      {
        valid: (after) => instantPosition(after) !== undefined,
        validFilters: filtersOfOrder(changes, {
          ruleId: (v) => RULE_ID.test(v),
          status: oneOf(['running', 'finished']),
          startedBefore: isInstant,
        }),
      },
    );
    const { ruleId, status, startedBefore, since } = start.filters;
    const position = instantPosition(start.after);
    const read = await this.runs.list({
      ...(ruleId ? { ruleId } : {}),
      ...(status ? { status } : {}),
      ...(startedBefore ? { startedBefore: new Date(startedBefore) } : {}),
      ...(changes && since ? { since: new Date(since) } : {}),
      ...(position ? { after: { at: position.at, runId: position.id } } : {}),
      limit: start.limit + 1,
    });
    const page = pageOf(read, start, sort, (r) => [(changes ? r.changedAt : r.startedAt).toISOString(), r.runId]);
    linkNext(res, '/v1/runs', page.next, query.limit);
    return page.items.map((r) => runView(r, 'summary'));
  }

  @Get('runs/:runId')
  @Allow(RULE_READERS)
  @ApiOperation({ summary: 'One run and its progress: chunks asked and answered, deleted, held, blocked' })
  @ApiOkResponse({ type: RunViewDto, description: 'The run with its progress' })
  @ApiNotFoundResponse({ description: 'No such run' })
  async get(@Param() params: RunParams) {
    const run = await this.runs.find(params.runId);
    if (!run) throw Problems.notFound(`The run ${params.runId}`);
    return runView(run);
  }
}

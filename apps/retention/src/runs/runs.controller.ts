import { Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { ProblemException, Problems } from '@insyn/observability';
import type { Response } from 'express';
import { actorOf } from '../rules/domain/actor.js';
import { RULE_READERS, RULE_WRITERS } from '../rules/rules.controller.js';
import { RulesQuery } from '../rules/rules.query.js';
import { ListRunsQuery, RunParams, RunRuleParams } from './dto/run.dto.js';
import { RunsRepository } from './persistence/runs.repository.js';
import { runView } from './run.view.js';
import { StartRun } from './usecases/start-run/start-run.usecase.js';

/** Gallring runs: start one by hand, follow its progress, list the past ones. */
@ApiTags('retention runs')
@ApiBearerAuth()
@Controller('v1')
export class RunsController {
  constructor(
    private readonly rules: RulesQuery,
    private readonly runs: RunsRepository,
    private readonly startRun: StartRun,
  ) {}

  @Post('rules/:ruleId/runs')
  @Allow(RULE_WRITERS)
  @ApiOperation({
    summary: "Start a run of the rule's active version now, outside its schedule",
    description:
      'Selects what is due today under the active version and asks the owning service to delete it in chunks. ' +
      'The answer comes at once (202); follow the run at its Location. Held items are never deleted, and items ' +
      'without the archive receipt the rule requires are blocked.',
  })
  @ApiAcceptedResponse({ description: 'The run, started; Location is where to follow it' })
  @ApiNotFoundResponse({ description: 'No active version of the rule' })
  @ApiConflictResponse({ description: 'A run of the rule is in progress' })
  @ApiUnprocessableEntityResponse({ description: 'The rule keeps forever, or no service can select by its trigger' })
  async start(@Param() params: RunRuleParams, @CurrentPrincipal() user: Principal, @Res({ passthrough: true }) res: Response) {
    const rule = await this.rules.activeVersion(params.ruleId);
    if (!rule) throw Problems.notFound(`An active version of the rule ${params.ruleId}`);
    const result = await this.startRun.execute({ rule, origin: 'manual', executedBy: actorOf(user) });
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
  @ApiOperation({ summary: 'Runs, newest first; page with startedBefore' })
  async list(@Query() query: ListRunsQuery) {
    const runs = await this.runs.list({
      ...(query.ruleId ? { ruleId: query.ruleId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.startedBefore ? { startedBefore: new Date(query.startedBefore) } : {}),
      limit: query.limit,
    });
    return runs.map((r) => runView(r, 'summary'));
  }

  @Get('runs/:runId')
  @Allow(RULE_READERS)
  @ApiOperation({ summary: 'One run and its progress: chunks asked and answered, deleted, held, blocked' })
  @ApiNotFoundResponse({ description: 'No such run' })
  async get(@Param() params: RunParams) {
    const run = await this.runs.find(params.runId);
    if (!run) throw Problems.notFound(`The run ${params.runId}`);
    return runView(run);
  }
}

import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Response } from 'express';
import { actorOf } from './domain/actor.js';
import type { Rule } from './domain/rule.model.js';
import { draftTag } from './domain/rule.versioning.js';
import { CreateRuleDto, ListRulesQuery, RuleParams, RuleVersionDto, RuleVersionParams } from './dto/rule.dto.js';
import { RulesRepository } from './persistence/rules.repository.js';
import { ruleSummary, ruleView, versionView } from './rule.view.js';
import { ActivateVersionUseCase } from './usecases/activate-version/activate-version.usecase.js';
import { AddVersionUseCase } from './usecases/add-version/add-version.usecase.js';
import { CreateRuleUseCase } from './usecases/create-rule/create-rule.usecase.js';
import { ReplaceDraftUseCase } from './usecases/replace-draft/replace-draft.usecase.js';

/** Officials who maintain the rules. */
export const RULE_WRITERS = { officialRoles: ['retention-admin'] };
/** Who may read them: the writers, the DPO and the archivists, and municipal systems with retention:read. */
export const RULE_READERS = { officialRoles: ['retention-admin', 'dpo', 'archivist'], clientScopes: ['retention:read'] };

/** Retention rules (gallringsregler), versioned and bound to gallringsbeslut. */
@ApiTags('retention rules')
@ApiBearerAuth()
@Controller('v1/rules')
export class RulesController {
  constructor(
    private readonly createRule: CreateRuleUseCase,
    private readonly replaceDraft: ReplaceDraftUseCase,
    private readonly addVersion: AddVersionUseCase,
    private readonly activateVersion: ActivateVersionUseCase,
    private readonly rules: RulesRepository,
  ) {}

  @Post()
  @Allow(RULE_WRITERS)
  @ApiOperation({ summary: 'Create a rule for a unit and information type; version 1 is a draft' })
  @ApiCreatedResponse({ description: 'The rule; ETag is the draft version and revision' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown unit or information type, invalid duration or schedule' })
  @ApiConflictResponse({ description: 'The rule id is taken' })
  async create(@Body() body: CreateRuleDto, @CurrentPrincipal() user: Principal, @Res({ passthrough: true }) res: Response) {
    const rule = await this.createRule.execute(body, actorOf(user));
    res.status(HttpStatus.CREATED).setHeader('Location', `/v1/rules/${rule.ruleId}`);
    setDraftTag(rule, res);
    return ruleView(rule);
  }

  @Get()
  @Allow(RULE_READERS)
  @ApiOperation({ summary: 'All rules, each with a summary of its active version' })
  async list(@Query() query: ListRulesQuery) {
    const rules = await this.rules.listAll();
    return rules
      .filter(
        (r) =>
          (query.unit === undefined || r.unit === query.unit) &&
          (query.informationType === undefined || r.informationType === query.informationType),
      )
      .map(ruleSummary);
  }

  @Get(':ruleId')
  @Allow(RULE_READERS)
  @ApiOperation({ summary: 'A rule with all its versions' })
  @ApiOkResponse({ description: 'The rule; ETag is the draft version and revision when it has a draft' })
  async get(@Param() params: RuleParams, @Res({ passthrough: true }) res: Response) {
    const rule = await this.rules.findById(params.ruleId);
    if (!rule) throw Problems.notFound(`The rule ${params.ruleId}`);
    setDraftTag(rule, res);
    return ruleView(rule);
  }

  @Get(':ruleId/versions/:version')
  @Allow(RULE_READERS)
  @ApiOperation({ summary: 'One version of a rule' })
  async version(@Param() params: RuleVersionParams, @Res({ passthrough: true }) res: Response) {
    const rule = await this.rules.findById(params.ruleId);
    const version = rule?.versions.find((v) => v.version === params.version);
    if (!version) throw Problems.notFound(`Version ${params.version} of the rule ${params.ruleId}`);
    if (version.status === 'draft') res.setHeader('ETag', draftTag(version));
    return versionView(version);
  }

  @Put(':ruleId/draft')
  @Allow(RULE_WRITERS)
  @ApiOperation({ summary: "Replace the draft version's content; send If-Match with its ETag to avoid overwriting others" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The draft ETag as read, e.g. "2.1"' })
  @ApiOkResponse({ description: 'The rule; ETag is the draft’s new version and revision' })
  @ApiConflictResponse({ description: 'The rule has no draft version' })
  @ApiResponse({ status: 412, description: 'If-Match does not name the draft as it is now' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid duration, schedule or preconditions' })
  async putDraft(
    @Param() params: RuleParams,
    @Body() body: RuleVersionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const rule = await this.replaceDraft.execute(params.ruleId, body, ifMatch);
    setDraftTag(rule, res);
    return ruleView(rule);
  }

  @Post(':ruleId/versions')
  @Allow(RULE_WRITERS)
  @ApiOperation({ summary: 'Add the next version as a draft (refused while a draft exists)' })
  @ApiCreatedResponse({ description: 'The rule with its new draft version' })
  @ApiConflictResponse({ description: 'A draft exists already' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid duration, schedule or preconditions' })
  async add(
    @Param() params: RuleParams,
    @Body() body: RuleVersionDto,
    @CurrentPrincipal() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const rule = await this.addVersion.execute(params.ruleId, body, actorOf(user));
    res.status(HttpStatus.CREATED).setHeader('Location', `/v1/rules/${rule.ruleId}/versions/${rule.draftVersion ?? ''}`);
    setDraftTag(rule, res);
    return ruleView(rule);
  }

  @Post(':ruleId/versions/:version/activate')
  @HttpCode(HttpStatus.OK)
  @Allow(RULE_WRITERS)
  @ApiOperation({
    summary: 'Activate a draft under its gallringsbeslut; the active version is superseded',
    description:
      'Refused (422) without a complete decision (body, date, reference, section), and (409) when the version changes ' +
      'action, trigger, after or preconditions under the same decision reference as the active version.',
  })
  @ApiOkResponse({ description: 'The rule with the version active (retention.rule.activated.v1 follows)' })
  @ApiUnprocessableEntityResponse({ description: 'The decision is incomplete' })
  @ApiConflictResponse({ description: 'Not a draft, or a change without a new decision' })
  async activate(@Param() params: RuleVersionParams, @CurrentPrincipal() user: Principal) {
    const rule = await this.activateVersion.execute(params.ruleId, params.version, actorOf(user));
    return ruleView(rule);
  }
}

function setDraftTag(rule: Rule, res: Response): void {
  const draft = rule.versions.find((v) => v.version === rule.draftVersion && v.status === 'draft');
  if (draft) res.setHeader('ETag', draftTag(draft));
}

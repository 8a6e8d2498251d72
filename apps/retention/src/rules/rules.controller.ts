import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
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
import { actorOf, performerOf } from './domain/actor.js';
import type { Rule } from './domain/rule.model.js';
import { draftTag } from './domain/rule.versioning.js';
import {
  ApprovalRequestDto,
  CreateRuleDto,
  ListRulesQuery,
  ReasonDto,
  RuleParams,
  RuleVersionDto,
  RuleVersionParams,
} from './dto/rule.dto.js';
import { RulesRepository } from './persistence/rules.repository.js';
import { approvalView, ruleSummary, ruleView, versionView } from './rule.view.js';
import { ActivateVersionUseCase } from './usecases/activate-version/activate-version.usecase.js';
import { AddVersionUseCase } from './usecases/add-version/add-version.usecase.js';
import { CreateRuleUseCase } from './usecases/create-rule/create-rule.usecase.js';
import { RejectActivationUseCase } from './usecases/reject-activation/reject-activation.usecase.js';
import { ReplaceDraftUseCase } from './usecases/replace-draft/replace-draft.usecase.js';
import { RequestActivationUseCase } from './usecases/request-activation/request-activation.usecase.js';
import { RetireRuleUseCase } from './usecases/retire-rule/retire-rule.usecase.js';

/** Officials who maintain the rules. */
export const RULE_WRITERS = { officialRoles: ['retention-admin'] };
/** Who approves a submitted activation, as the second person (ADR 0024): officials only, never a municipal system. */
export const RULE_APPROVERS = { officialRoles: ['dpo', 'retention-approver'] };
/** Who may reject one: the approvers, and the writers (withdrawing a request). */
export const RULE_REJECTERS = { officialRoles: ['retention-admin', 'dpo', 'retention-approver'] };
/** Who may read them: the writers, the DPO and the archivists, and municipal systems with retention:read. */
export const RULE_READERS = {
  officialRoles: ['retention-admin', 'dpo', 'archivist', 'retention-approver'],
  clientScopes: ['retention:read'],
};

/** Retention rules (gallringsregler), versioned and bound to gallringsbeslut. */
@ApiTags('retention rules')
@ApiBearerAuth()
@Controller('v1/rules')
export class RulesController {
  constructor(
    private readonly createRule: CreateRuleUseCase,
    private readonly replaceDraft: ReplaceDraftUseCase,
    private readonly addVersion: AddVersionUseCase,
    private readonly requestActivation: RequestActivationUseCase,
    private readonly activateVersion: ActivateVersionUseCase,
    private readonly rejectActivation: RejectActivationUseCase,
    private readonly retireRule: RetireRuleUseCase,
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
  @ApiOperation({
    summary: "Replace the draft version's content, as read: If-Match with its ETag is required",
    description: 'A pending request to activate the draft is cancelled: what was submitted is no longer the draft.',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The draft ETag as read, e.g. "2.1" (or * for any)' })
  @ApiOkResponse({ description: 'The rule; ETag is the draft’s new version and revision' })
  @ApiConflictResponse({ description: 'The rule has no draft version, or is retired' })
  @ApiResponse({ status: 412, description: 'If-Match does not name the draft as it is now' })
  @ApiResponse({ status: 428, description: 'No If-Match (problem type …/precondition-required): read the draft and send its ETag' })
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
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow(RULE_WRITERS)
  @ApiOperation({
    summary: 'Submit a draft for activation under its gallringsbeslut; a second person approves it (four-eyes, ADR 0024)',
    description:
      'Checked as activation is: refused (422) without a complete decision (body, date, reference, section), and (409) when the ' +
      'version changes action, trigger, after or preconditions under the same decision reference as the active version, or when ' +
      'a request is pending already. Nothing is active until approved with POST …/approve; editing the draft cancels the request.',
  })
  @ApiAcceptedResponse({ type: ApprovalRequestDto, description: 'The draft waits for approval' })
  @ApiUnprocessableEntityResponse({ description: 'The decision is incomplete' })
  @ApiConflictResponse({ description: 'Not a draft, a change without a new decision, a request pending already, or the rule is retired' })
  async activate(@Param() params: RuleVersionParams, @CurrentPrincipal() user: Principal): Promise<ApprovalRequestDto> {
    const request = await this.requestActivation.execute(params.ruleId, params.version, performerOf(user));
    return { ruleId: params.ruleId, ...approvalView(request) };
  }

  @Post(':ruleId/versions/:version/approve')
  @HttpCode(HttpStatus.OK)
  @Allow(RULE_APPROVERS)
  @ApiOperation({
    summary: 'Approve a submitted draft: it becomes the active version and the active one is superseded',
    description:
      'By a second official with the dpo or retention-approver role; the one who submitted it is refused (403). The version ' +
      'keeps requestedBy and approvedBy (with their names when their tokens had them).',
  })
  @ApiOkResponse({ description: 'The rule with the version active (retention.rule.activated.v1 follows)' })
  @ApiForbiddenResponse({ description: 'You submitted it yourself (four-eyes), or you lack the role' })
  @ApiConflictResponse({ description: 'Nothing waits for approval, or not this version; or the decision changed meanwhile' })
  @ApiUnprocessableEntityResponse({ description: 'The decision is no longer valid' })
  async approve(@Param() params: RuleVersionParams, @CurrentPrincipal() user: Principal) {
    const rule = await this.activateVersion.execute(params.ruleId, params.version, performerOf(user));
    return ruleView(rule);
  }

  @Post(':ruleId/versions/:version/reject')
  @HttpCode(HttpStatus.OK)
  @Allow(RULE_REJECTERS)
  @ApiOperation({ summary: 'Reject a submitted draft with a reason: the request is cleared and the draft stays to be edited' })
  @ApiOkResponse({ description: 'The rule, with lastRejection' })
  @ApiConflictResponse({ description: 'Nothing waits for approval, or not this version' })
  async reject(@Param() params: RuleVersionParams, @Body() body: ReasonDto, @CurrentPrincipal() user: Principal) {
    await this.rejectActivation.execute(params.ruleId, params.version, performerOf(user), body.reason);
    const rule = await this.rules.findById(params.ruleId);
    if (!rule) throw Problems.notFound(`The rule ${params.ruleId}`);
    return ruleView(rule);
  }

  @Post(':ruleId/retire')
  @HttpCode(HttpStatus.OK)
  @Allow(RULE_WRITERS)
  @ApiOperation({
    summary: 'Retire a rule with a reason: from now on it selects nothing in runs and forecasts',
    description:
      'One person may retire a rule (ADR 0024: retiring keeps information, it deletes none). The active version becomes ' +
      '`retired`, a pending request is dropped, and retention.rule.retired.v1 follows. A retired rule never changes again.',
  })
  @ApiOkResponse({ description: 'The rule, with status retired' })
  @ApiConflictResponse({ description: 'The rule is retired already' })
  async retire(@Param() params: RuleParams, @Body() body: ReasonDto, @CurrentPrincipal() user: Principal) {
    return ruleView(await this.retireRule.execute(params.ruleId, performerOf(user), body.reason));
  }
}

function setDraftTag(rule: Rule, res: Response): void {
  const draft = rule.versions.find((v) => v.version === rule.draftVersion && v.status === 'draft');
  if (draft) res.setHeader('ETag', draftTag(draft));
}

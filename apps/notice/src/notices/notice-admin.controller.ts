import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { ProblemException, Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { parse, stringify } from 'yaml';
import type { PendingApproval } from './domain/approval.js';
import { type MessageLanguage, say, textOf } from './domain/notice.messages.js';
import { ApprovalViewDto, ApproveBody, ApprovedDto, RejectBody, RejectedDto, SubmittedDto } from './dto/notice-approval.dto.js';
import { WithdrawBody } from './dto/notice-queries.dto.js';
import { NoticeRepository } from './persistence/notice.repository.js';
import { AnswerLanguage } from './representations/negotiate.js';
import { representation } from './representations/rendered-notice.js';
import { actorOf, partyOf } from './usecases/actor.js';
import { ApproveNoticeUseCase } from './usecases/approve-notice/approve-notice.usecase.js';
import { ImportNoticeUseCase } from './usecases/import-notice/import-notice.usecase.js';
import { RejectNoticeUseCase } from './usecases/reject-notice/reject-notice.usecase.js';
import { SubmitNoticeUseCase } from './usecases/submit-notice/submit-notice.usecase.js';
import { UpdateDraftUseCase } from './usecases/update-draft/update-draft.usecase.js';
import { inLanguageOf } from './usecases/notice-input.js';
import { WithdrawNoticeUseCase } from './usecases/withdraw-notice/withdraw-notice.usecase.js';
import { yamlSyntaxProblem } from './yaml-problems.js';

/** Officials with the editor role, or municipal systems with the notice-write scope. */
export const NOTICE_WRITERS = { officialRoles: ['notice-editor'], clientScopes: ['notice:write'] };
/**
 * Who may approve (or reject) a submitted draft, the second person of four-eyes publishing (ADR 0023):
 * officials only, never a system (approval is a person's), and never the one who submitted it.
 */
export const NOTICE_APPROVERS = { officialRoles: ['notice-approver', 'dpo'] };
/** Who may read a draft and its approval state: the writers, and the approvers, who must read what they approve. */
export const NOTICE_DRAFT_READERS = { officialRoles: ['notice-editor', 'notice-approver', 'dpo'], clientScopes: ['notice:write'] };
/** Who may read what is not public (the art. 30 record, the retention-rule check): editors, the DPO, and systems that read or write notices. */
export const NOTICE_READERS = { officialRoles: ['notice-editor', 'dpo'], clientScopes: ['notice:read', 'notice:write'] };

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/**
 * The request body of a draft: the notice JSON Schema this service serves, by reference (inlined twice it
 * would be most of this document). A draft may lack the fields the schema requires; publishing may not.
 */
const NOTICE_BODY = { $ref: '#/components/schemas/Notice' };

/** A problem answer the route gives of its own (the shared ones are added by service-kit's openApiDocument). */
const ApiProblem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/**
 * `Accept-Language` on the routes that validate a notice: the language of its messages (a problem's
 * `errors[].messages` and `detail`, a draft's `warnings` and `missing`), said back in Content-Language.
 */
export const ApiMessageLanguage = () =>
  ApiHeader({
    name: 'Accept-Language',
    required: false,
    description:
      'The language of the validation messages: `sv` (Swedish, for officials) or `en` (English). A problem’s `errors[].messages` ' +
      'and `detail`, and an answer’s `warnings` and `missing`, are in that language, and the answer says which in ' +
      'Content-Language. Without it, or naming neither, English, as before (for machines).',
    schema: { type: 'string', example: 'sv' },
  });

function pendingView(p: PendingApproval) {
  return { draftRevision: p.draftRevision, requestedBy: p.requestedBy, requestedAt: p.requestedAt.toISOString() };
}

/** Parses a JSON or YAML body; YAML errors point at the line and column, and say what is wrong in `lang`. */
export function readNoticeBody(body: unknown, contentType: string | undefined, lang: MessageLanguage = 'en'): unknown {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type && YAML_TYPES.includes(type)) {
    if (typeof body !== 'string' || body.trim() === '')
      throw inLanguageOf(Problems.validation([{ field: '', messages: [textOf(say('emptyYaml'), lang)] }]), lang);
    try {
      return parse(body, { uniqueKeys: true, maxAliasCount: 100, prettyErrors: true });
    } catch (err) {
      throw yamlSyntaxProblem(err, lang);
    }
  }
  if (type !== 'application/json') {
    throw new ProblemException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-media-type',
      'Unsupported media type',
      `Send application/json or ${YAML_TYPES.join(', ')}.`,
    );
  }
  return body;
}

/** Drafts, publishing (submitted by one person, approved by another: ADR 0023) and withdrawal. Every change names who made it. */
@ApiTags('notices (editors)')
@ApiBearerAuth()
@Controller('v1/notices')
export class NoticeAdminController {
  constructor(
    private readonly importNotice: ImportNoticeUseCase,
    private readonly updateDraft: UpdateDraftUseCase,
    private readonly submitNotice: SubmitNoticeUseCase,
    private readonly approveNotice: ApproveNoticeUseCase,
    private readonly rejectNotice: RejectNoticeUseCase,
    private readonly withdrawNotice: WithdrawNoticeUseCase,
    private readonly notices: NoticeRepository,
  ) {}

  @Post()
  @Allow(NOTICE_WRITERS)
  @ApiOperation({
    summary: 'Create a notice from a draft (JSON or YAML); its id becomes the slug',
    description:
      'A draft may be incomplete: the answer names what it still lacks (missing) and what GDPR expects it to state (warnings). ' +
      'Their messages, and those of a 400, are in the language of Accept-Language (sv or en; English by default).',
  })
  @ApiConsumes('application/json', ...YAML_TYPES)
  @ApiBody({ description: 'A notice; the format is docs/notices.md, the schema GET /v1/schemas/notice.json', schema: NOTICE_BODY })
  @ApiMessageLanguage()
  async create(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @AnswerLanguage() lang: MessageLanguage,
    @CurrentPrincipal() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const created = await this.importNotice.execute(readNoticeBody(body, contentType, lang), actorOf(user), lang);
    res.setHeader('Content-Language', lang);
    res.status(HttpStatus.CREATED).setHeader('Location', `/v1/notices/${created.slug}/draft`);
    res.setHeader('ETag', `"${created.draftRevision}"`);
    return created;
  }

  @Get(':slug/draft')
  @Allow(NOTICE_DRAFT_READERS)
  @ApiOperation({
    summary: 'The current draft (JSON or YAML by Accept); its ETag is the draft revision',
    description: 'Whether it waits for approval, and by whom it was submitted: GET /v1/notices/{slug}/approval.',
  })
  @ApiProduces('application/json', 'application/yaml')
  async draft(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice?.draft) throw Problems.notFound(`A draft of the notice ${slug}`);
    const yaml = req.accepts(['application/json', 'application/yaml']) === 'application/yaml';
    const r = yaml
      ? representation(stringify(notice.draft, { lineWidth: 0 }), 'yaml')
      : representation(JSON.stringify(notice.draft), 'json');
    res.setHeader('ETag', `"${notice.draftRevision}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', r.contentType);
    res.status(200).end(r.body);
  }

  @Put(':slug/draft')
  @Allow(NOTICE_WRITERS)
  @ApiOperation({
    summary: 'Replace the draft; If-Match must name the revision you edited (its ETag), so no one overwrites another',
    description:
      'Without If-Match the draft is not replaced (428); with a revision that is no longer the draft, neither (412): read it ' +
      'again and reapply your change. A draft revision waiting for approval is cancelled (`approvalCancelled: true`): the ' +
      'approval would name a revision that is no longer the draft, so submit it again. The messages of `warnings`, `missing` ' +
      'and a 400 are in the language of Accept-Language (sv or en; English by default).',
  })
  @ApiConsumes('application/json', ...YAML_TYPES)
  @ApiBody({ description: 'A notice; the format is docs/notices.md, the schema GET /v1/schemas/notice.json', schema: NOTICE_BODY })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The draft ETag you read, e.g. "3"',
    schema: { type: 'string', example: '"3"' },
  })
  @ApiOkResponse({ description: 'Replaced; ETag is the new draft revision' })
  @ApiProblem(412, 'If-Match names a revision the draft is no longer at: read it again and reapply your change')
  @ApiProblem(428, 'No If-Match: send the draft ETag you read (GET /v1/notices/{slug}/draft) as If-Match')
  @ApiMessageLanguage()
  async replaceDraft(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @AnswerLanguage() lang: MessageLanguage,
    @CurrentPrincipal() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (ifMatch === undefined || ifMatch.trim() === '') {
      throw new ProblemException(
        HttpStatus.PRECONDITION_REQUIRED,
        'precondition-required',
        'If-Match required',
        `Send the draft ETag you read (GET /v1/notices/${slug}/draft) as If-Match, e.g. If-Match: "3", so that no one's change is overwritten.`,
      );
    }
    const revision = Number(/^"?(\d+)"?$/.exec(ifMatch.trim())?.[1] ?? NaN);
    if (!Number.isSafeInteger(revision))
      throw inLanguageOf(Problems.validation([{ field: 'If-Match', messages: [textOf(say('notAnEtag'), lang)] }]), lang);
    const result = await this.updateDraft.execute(slug, readNoticeBody(body, contentType, lang), revision, actorOf(user), lang);
    res.setHeader('Content-Language', lang);
    res.setHeader('ETag', `"${result.draftRevision}"`);
    return { slug, ...result };
  }

  @Post(':slug/publish')
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow(NOTICE_WRITERS)
  @ApiOperation({
    summary: 'Submit the draft for approval by a second person; published once approved (POST /v1/notices/{slug}/approve)',
    description:
      'The draft is checked as publishing checks it (409 nothing to publish or unchanged, 422 incomplete) and its current ' +
      'revision waits for an official with the role notice-approver or dpo other than the submitter. Submitting the revision ' +
      'that waits already answers the same request; changing the draft cancels it. A 422’s messages are in the language of ' +
      'Accept-Language (sv or en; English by default).',
  })
  @ApiAcceptedResponse({ type: SubmittedDto, description: 'The draft revision waits for approval; Location is its approval state' })
  @ApiProblem(409, 'No draft, or the draft is the same as the published version')
  @ApiProblem(422, 'The draft is not complete or breaks a rule; each field is named in `errors`')
  @ApiMessageLanguage()
  async publish(
    @Param('slug') slug: string,
    @AnswerLanguage() lang: MessageLanguage,
    @CurrentPrincipal() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmittedDto> {
    const pending = await this.submitNotice.execute(slug, partyOf(user), lang);
    const href = `/v1/notices/${slug}/approval`;
    res.setHeader('Location', href);
    return { slug, status: 'awaiting-approval', ...pendingView(pending), href };
  }

  @Post(':slug/approve')
  @HttpCode(HttpStatus.OK)
  @Allow(NOTICE_APPROVERS)
  @ApiOperation({
    summary: 'Approve the draft revision waiting for approval: publishes it as the next immutable version (emits notice.published.v1)',
    description:
      'A second person: an official with the role notice-approver or dpo who did not submit it (403 otherwise). ' +
      '`draftRevision` must be the revision waiting (409 otherwise, or when none waits). The version names both: ' +
      '`publishedBy` (who submitted) and `approvedBy`.',
  })
  @ApiOkResponse({ type: ApprovedDto, description: 'Published' })
  @ApiProblem(409, 'No draft revision waits for approval, or another one than `draftRevision` does')
  @ApiProblem(422, 'The draft no longer passes the rules it is published under (they may have changed since it was submitted)')
  @ApiMessageLanguage()
  async approve(
    @Param('slug') slug: string,
    @Body() body: ApproveBody,
    @AnswerLanguage() lang: MessageLanguage,
    @CurrentPrincipal() user: Principal,
  ): Promise<ApprovedDto> {
    const v = await this.approveNotice.execute(slug, body.draftRevision, partyOf(user), lang);
    return {
      slug,
      version: v.version,
      publishedAt: v.publishedAt.toISOString(),
      href: `/v1/notices/${slug}/versions/${v.version}`,
      publishedBy: v.publishedBy,
      approvedBy: v.approvedBy!,
    };
  }

  @Post(':slug/reject')
  @HttpCode(HttpStatus.OK)
  @Allow(NOTICE_APPROVERS)
  @ApiOperation({
    summary: 'Reject the draft revision waiting for approval, saying why; the draft stays, nothing is published',
    description: 'A second person, as for approving (403 for the submitter). The rejection stays in the approval history.',
  })
  @ApiOkResponse({ type: RejectedDto, description: 'Rejected' })
  @ApiProblem(409, 'No draft revision waits for approval')
  async reject(@Param('slug') slug: string, @Body() body: RejectBody, @CurrentPrincipal() user: Principal): Promise<RejectedDto> {
    const entry = await this.rejectNotice.execute(slug, body.reason, partyOf(user));
    return {
      slug,
      status: 'rejected',
      draftRevision: entry.draftRevision,
      rejectedBy: entry.by,
      rejectedAt: entry.at.toISOString(),
      reason: body.reason,
    };
  }

  @Get(':slug/approval')
  @Allow(NOTICE_DRAFT_READERS)
  @ApiOperation({
    summary: 'Whether the draft waits for a second person’s approval, and the approval history',
    description: 'For an approver’s list and an editor’s "awaiting approval by a second person".',
  })
  @ApiOkResponse({ type: ApprovalViewDto })
  async approval(@Param('slug') slug: string, @Res({ passthrough: true }) res: Response): Promise<ApprovalViewDto> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice) throw Problems.notFound(`The notice ${slug}`);
    const pending = notice.pendingApproval ?? null;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('ETag', `"${notice.draftRevision}"`);
    return {
      slug,
      status: notice.status,
      draftRevision: notice.draftRevision,
      currentVersion: notice.currentVersion,
      approval: pending ? 'awaiting-approval' : 'none',
      pending: pending ? pendingView(pending) : null,
      history: (notice.approvalHistory ?? []).map((e) => ({
        action: e.action,
        draftRevision: e.draftRevision,
        by: e.by,
        at: e.at.toISOString(),
        ...(e.reason ? { reason: e.reason } : {}),
        ...(typeof e.version === 'number' ? { version: e.version } : {}),
      })),
    };
  }

  @Post(':slug/withdraw')
  @HttpCode(HttpStatus.OK)
  @Allow(NOTICE_WRITERS)
  @ApiOperation({ summary: 'Withdraw a published notice (emits notice.withdrawn.v1); its versions stay readable' })
  async withdraw(@Param('slug') slug: string, @Body() body: WithdrawBody) {
    await this.withdrawNotice.execute(slug, body.reason);
    return { slug, status: 'withdrawn' };
  }
}

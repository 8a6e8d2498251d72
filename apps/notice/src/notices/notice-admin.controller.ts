import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { ProblemException, Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { parse, stringify } from 'yaml';
import { WithdrawBody } from './dto/notice-queries.dto.js';
import { NoticeRepository } from './persistence/notice.repository.js';
import { representation } from './representations/rendered-notice.js';
import { actorOf } from './usecases/actor.js';
import { ImportNoticeUseCase } from './usecases/import-notice/import-notice.usecase.js';
import { PublishNoticeUseCase } from './usecases/publish-notice/publish-notice.usecase.js';
import { UpdateDraftUseCase } from './usecases/update-draft/update-draft.usecase.js';
import { WithdrawNoticeUseCase } from './usecases/withdraw-notice/withdraw-notice.usecase.js';

/** Officials with the editor role, or municipal systems with the notice-write scope. */
export const NOTICE_WRITERS = { officialRoles: ['notice-editor'], clientScopes: ['notice:write'] };
/** Who may read what is not public (the art. 30 record, the retention-rule check): editors, the DPO, and systems that read or write notices. */
export const NOTICE_READERS = { officialRoles: ['notice-editor', 'dpo'], clientScopes: ['notice:read', 'notice:write'] };

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/**
 * The request body of a draft: the notice JSON Schema this service serves, by reference (inlined twice it
 * would be most of this document). A draft may lack the fields the schema requires; publishing may not.
 */
const NOTICE_BODY = { $ref: '#/components/schemas/Notice' };

/** Parses a JSON or YAML body; YAML errors point at the line and column. */
export function readNoticeBody(body: unknown, contentType: string | undefined): unknown {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type && YAML_TYPES.includes(type)) {
    if (typeof body !== 'string' || body.trim() === '')
      throw Problems.validation([{ field: '', messages: ['the YAML document is empty'] }]);
    try {
      return parse(body, { uniqueKeys: true, maxAliasCount: 100, prettyErrors: true });
    } catch (err) {
      const e = err as { message: string; linePos?: { line: number; col: number }[] };
      const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      throw Problems.validation([{ field: where, messages: [e.message.split('\n')[0] ?? 'invalid YAML'] }], 'The YAML could not be read.');
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

/** Drafts, publishing and withdrawal. Every change names who made it. */
@ApiTags('notices (editors)')
@ApiBearerAuth()
@Controller('v1/notices')
export class NoticeAdminController {
  constructor(
    private readonly importNotice: ImportNoticeUseCase,
    private readonly updateDraft: UpdateDraftUseCase,
    private readonly publishNotice: PublishNoticeUseCase,
    private readonly withdrawNotice: WithdrawNoticeUseCase,
    private readonly notices: NoticeRepository,
  ) {}

  @Post()
  @Allow(NOTICE_WRITERS)
  @ApiOperation({
    summary: 'Create a notice from a draft (JSON or YAML); its id becomes the slug',
    description: 'A draft may be incomplete: the answer names what it still lacks (missing) and what GDPR expects it to state (warnings).',
  })
  @ApiConsumes('application/json', ...YAML_TYPES)
  @ApiBody({ description: 'A notice; the format is docs/notices.md, the schema GET /v1/schemas/notice.json', schema: NOTICE_BODY })
  async create(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentPrincipal() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const created = await this.importNotice.execute(readNoticeBody(body, contentType), actorOf(user));
    res.status(HttpStatus.CREATED).setHeader('Location', `/v1/notices/${created.slug}/draft`);
    res.setHeader('ETag', `"${created.draftRevision}"`);
    return created;
  }

  @Get(':slug/draft')
  @Allow(NOTICE_WRITERS)
  @ApiOperation({ summary: 'The current draft (JSON or YAML by Accept); its ETag is the draft revision' })
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
  @ApiOperation({ summary: 'Replace the draft; send If-Match with the revision you edited to avoid overwriting others' })
  @ApiConsumes('application/json', ...YAML_TYPES)
  @ApiBody({ description: 'A notice; the format is docs/notices.md, the schema GET /v1/schemas/notice.json', schema: NOTICE_BODY })
  async replaceDraft(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const revision = ifMatch === undefined ? undefined : Number(/^"?(\d+)"?$/.exec(ifMatch.trim())?.[1] ?? NaN);
    if (revision !== undefined && !Number.isInteger(revision))
      throw Problems.validation([{ field: 'If-Match', messages: ['must be the draft ETag, e.g. "3"'] }]);
    const result = await this.updateDraft.execute(slug, readNoticeBody(body, contentType), revision);
    res.setHeader('ETag', `"${result.draftRevision}"`);
    return { slug, ...result };
  }

  @Post(':slug/publish')
  @HttpCode(HttpStatus.OK)
  @Allow(NOTICE_WRITERS)
  @ApiOperation({ summary: 'Validate the draft and publish it as the next immutable version (emits notice.published.v1)' })
  async publish(@Param('slug') slug: string, @CurrentPrincipal() user: Principal) {
    const v = await this.publishNotice.execute(slug, actorOf(user));
    return { slug, version: v.version, publishedAt: v.publishedAt.toISOString(), href: `/v1/notices/${slug}/versions/${v.version}` };
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

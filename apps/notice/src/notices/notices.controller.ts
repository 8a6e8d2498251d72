import { applyDecorators, Controller, Get, HttpStatus, Param, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { ProblemException, Problems } from '@insyn/observability';
import { ApiPagedResponse, decodeCursor, linkNext, pageOf, pageStart } from '@insyn/service-kit';
import type { Request, Response } from 'express';
import type { NoticeEnv } from '../config/notice-env.js';
import {
  inOrder,
  listFiltersOf,
  NOTICE_LIST_SORT,
  type NoticeListOrder,
  orderOf,
  pageFiltersOf,
  positionOf,
  validPosition,
} from './domain/notice-list-order.js';
import { CompareQuery, ListNoticesQuery, NoticeListDto, VersionParams } from './dto/notice-queries.dto.js';
import { NoticeRepository } from './persistence/notice.repository.js';
import { type NoticeSummary, PublishedNotices } from './read-model/published-notices.js';
import {
  cacheControlOf,
  chooseFormat,
  chooseLanguage,
  representationQueryOf,
  type RepresentationQuery,
  sendRepresentation,
} from './representations/negotiate.js';
import type { RenderedNotice } from './representations/rendered-notice.js';
import { compareNotices, type NoticeChange } from './usecases/compare-versions/notice-diff.js';

const PRODUCES = ['application/json', 'text/html', 'application/ld+json', 'application/yaml'];

/** The two query parameters of a representation, documented here and checked by hand (hot path). */
const RepresentationParams = () =>
  applyDecorators(
    ApiQuery({ name: 'format', required: false, enum: ['json', 'html', 'jsonld', 'yaml'], description: 'Overrides the Accept header' }),
    ApiQuery({
      name: 'lang',
      required: false,
      enum: ['sv', 'en'],
      description: 'Language of the HTML page (default: Accept-Language, then Swedish)',
    }),
  );

/** Public reads: anyone, no sign-in. Served from memory (PublishedNotices). */
@ApiTags('notices (public)')
@Controller('v1/notices')
export class NoticesController {
  private readonly maxAge: number;
  /** The Cache-Control of the latest version and of a numbered one, made once. */
  private readonly cacheControl: { latest: string; immutable: string };

  constructor(
    private readonly published: PublishedNotices,
    private readonly notices: NoticeRepository,
    config: ConfigService<NoticeEnv, true>,
  ) {
    this.maxAge = config.get('NOTICE_CACHE_MAX_AGE', { infer: true });
    this.cacheControl = { latest: cacheControlOf(this.maxAge, false), immutable: cacheControlOf(this.maxAge, true) };
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Published notices, filtered by controller and activity, or what changed since an instant; paged',
    description:
      'Without `since`, the published notices by id (a withdrawn notice leaves this list). With `since`, the notices ' +
      'changed after it, oldest change first, by `changedAt` then id (to sync: pass the largest `changedAt` seen last ' +
      'time). A notice changes when a version is published or when it is withdrawn; a withdrawn one comes in this list ' +
      'with `status: withdrawn` and `withdrawnAt`, so a system that syncs learns to drop it, which the list without ' +
      '`since` cannot tell it. At most `limit` (1-200, default 200) a page; when more follow, ' +
      '`Link: </v1/notices?cursor=…>; rel="next"`: follow it until there is none. The cursor keeps the filters, ' +
      '`since` included, and the order: a cursor of one order is refused by the other. Each replica learns of a change ' +
      'within moments, so a change may show a little after a later one: pass a `since` somewhat before the largest ' +
      '`changedAt` seen to miss none (a change seen twice is the same). Bad parameters get a 400 problem naming each.',
  })
  @ApiPagedResponse({ path: '/v1/notices', type: NoticeListDto, description: 'Summaries of the current version of each notice listed' })
  list(@Query() query: ListNoticesQuery, @Res({ passthrough: true }) res: Response): { notices: NoticeSummary[] } {
    const given = pageFiltersOf({
      ...(query.controller !== undefined ? { controller: query.controller } : {}),
      ...(query.activity !== undefined ? { activity: query.activity } : {}),
      ...(query.since !== undefined ? { since: new Date(query.since) } : {}),
    });
    // The order follows from `since`, given or kept by the cursor; each order has its own cursor name.
    const order: NoticeListOrder =
      query.since !== undefined || (query.cursor !== undefined && decodeCursor(NOTICE_LIST_SORT.changes, query.cursor))
        ? 'changes'
        : 'by-id';
    const sort = NOTICE_LIST_SORT[order];
    const start = pageStart(sort, query, given, {
      valid: (after) => validPosition(order, after),
      validFilters: (filters) => {
        const kept = listFiltersOf(filters);
        return kept !== undefined && orderOf(kept) === order;
      },
    });
    const filters = listFiltersOf(start.filters)!;
    // The list is in memory: the page is the items after the cursor's, in the order's key.
    const read = inOrder(this.published.list(filters, order === 'changes'), filters, start.after);
    const page = pageOf(read.slice(0, start.limit + 1), start, sort, (n) => positionOf(order, n));
    res.setHeader('Cache-Control', `public, max-age=${this.maxAge}`);
    linkNext(res, '/v1/notices', page.next, query.limit);
    return { notices: page.items };
  }

  @Get(':slug')
  @Public()
  @ApiOperation({ summary: 'The current version of a notice as JSON, accessible HTML (sv/en), DPV JSON-LD or YAML' })
  @ApiParam({ name: 'slug', example: 'sakra-meddelanden' })
  @ApiProduces(...PRODUCES)
  @RepresentationParams()
  latest(@Req() req: Request<{ slug: string }>, @Res() res: Response): void {
    // The hottest route: its parameters are read by hand rather than through a DTO or @Param and the
    // global pipe, which cost more than the rest of the request (bench/notice-read.bench.ts): a handler
    // without a piped parameter is called at once, not a promise later. The slug needs no check: no
    // notice has an unexpected one.
    const slug = req.params.slug;
    const query = representationQueryOf(req);
    const notice = this.published.latest(slug);
    if (!notice) throw Problems.notFound(`A published notice ${slug}`);
    this.send(notice, query, req, res, false);
  }

  @Get(':slug/versions')
  @Public()
  @ApiOperation({
    summary: 'Every published version of a notice, withdrawn ones included',
    description:
      'A version approved by a second person (four-eyes, ADR 0023) names who submitted it (`publishedBy`) and who approved it ' +
      '(`approvedBy`); one published before names no one.',
  })
  async versions(
    @Param('slug') slug: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{
    id: string;
    versions: { version: number; publishedAt: string; href: string; publishedBy?: string; approvedBy?: string }[];
  }> {
    const versions = await this.notices.listVersions(slug);
    if (!versions?.length) throw Problems.notFound(`A published notice ${slug}`);
    res.setHeader('Cache-Control', `public, max-age=${this.maxAge}`);
    return {
      id: slug,
      versions: versions.map((v) => ({
        version: v.version,
        publishedAt: v.publishedAt.toISOString(),
        href: `/v1/notices/${slug}/versions/${v.version}`,
        ...(v.approvedBy ? { publishedBy: v.publishedBy, approvedBy: v.approvedBy } : {}),
      })),
    };
  }

  @Get(':slug/versions/:version')
  @Public()
  @ApiOperation({ summary: 'One published version (immutable), in any representation' })
  @ApiProduces(...PRODUCES)
  async version(
    @Param() params: VersionParams,
    @Query() query: RepresentationQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const notice = await this.published.version(params.slug, params.version);
    if (!notice) throw Problems.notFound(`Version ${params.version} of the notice ${params.slug}`);
    this.send(notice, query, req, res, true);
  }

  @Get(':slug/compare')
  @Public()
  @ApiOperation({
    summary: 'What changed between two published versions, by identity and in words',
    description:
      'Lists are compared item by item matched by what identifies them (a data category by its code, a legal-basis group by its id, a basis by its code), so a path reads `dataCategories[ip-address]` and the description says "data category "ip-address" (IP-nummer) was removed".',
  })
  async compare(
    @Param('slug') slug: string,
    @Query() query: CompareQuery,
  ): Promise<{ id: string; from: number; to: number; changes: NoticeChange[] }> {
    const [from, to] = await Promise.all([this.published.version(slug, query.from), this.published.version(slug, query.to)]);
    if (!from || !to) throw Problems.notFound(`Version ${!from ? query.from : query.to} of the notice ${slug}`);
    const strip = (n: RenderedNotice): Record<string, unknown> => {
      const { publication: _p, ...rest } = n.view;
      return rest;
    };
    return { id: slug, from: query.from, to: query.to, changes: compareNotices(strip(from), strip(to)) };
  }

  private send(notice: RenderedNotice, query: RepresentationQuery, req: Request, res: Response, immutable: boolean): void {
    const format = chooseFormat(req, query.format);
    if (!format) {
      throw new ProblemException(HttpStatus.NOT_ACCEPTABLE, 'not-acceptable', 'Not acceptable', `Available as ${PRODUCES.join(', ')}.`);
    }
    // A numbered version never changes, but the rules its retention statements cite may (a new version
    // activated): then only the YAML, the notice as written, is immutable.
    const fixed = immutable && (format === 'yaml' || !notice.citesRules);
    // Only the HTML has a language of its own (the data formats carry both): no Accept-Language parsing for them.
    const lang = format === 'html' ? chooseLanguage(req, query.lang, notice.view.languages) : 'sv';
    sendRepresentation(req, res, notice.get(format, lang), fixed ? this.cacheControl.immutable : this.cacheControl.latest);
  }
}

import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal, Public, subjectKeysOf } from '@insyn/auth';
import { REQUEST_KINDS } from '@insyn/contracts';
import { Problems } from '@insyn/observability';
import type { Response } from 'express';
import { NoticeTermsRepository } from '../notices/persistence/notice-terms.repository.js';
import { OpenRequestDto, ReportQueryDto } from './dto/request.dto.js';
import { requestView, RequestView } from './dto/request.view.js';
import { registerutdragHtml } from './report/registerutdrag.js';
import { registerutdragPdf } from './report/registerutdrag-pdf.js';
import { RequestsQuery } from './requests.query.js';
import { CloseRequestUseCase } from './usecases/close-request/close-request.usecase.js';
import { OpenRequestUseCase } from './usecases/open-request/open-request.usecase.js';

const CITIZEN_LOA3 = { citizen: { minLoa: 3 } };

/** A citizen's own data-subject requests (GDPR art. 15–21), signed in with e-ID. */
@ApiTags('requests')
@ApiBearerAuth()
@Controller('v1')
export class RequestsController {
  constructor(
    private readonly open: OpenRequestUseCase,
    private readonly close: CloseRequestUseCase,
    private readonly query: RequestsQuery,
    private readonly notices: NoticeTermsRepository,
  ) {}

  @Get('request-kinds')
  @Public()
  @ApiOperation({
    summary: 'Which requests a notice’s legal bases give',
    description: 'Each kind with the GDPR article that gives it and whether it applies.',
  })
  @ApiOkResponse({ description: 'The notice, its version, and each kind with its article and whether it applies' })
  @ApiNotFoundResponse({ description: 'No current notice by that slug' })
  async kinds(@Query('notice') notice: string | undefined) {
    if (typeof notice !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(notice))
      throw Problems.validation([{ field: 'notice', messages: ['notice must be a notice slug'] }]);
    const terms = await this.notices.current(notice);
    if (!terms) throw Problems.notFound(`The notice ${notice}`);
    return { notice: terms.slug, version: terms.version, kinds: REQUEST_KINDS.map((kind) => ({ kind, ...terms.requestKinds[kind] })) };
  }

  @Post('requests')
  @Allow(CITIZEN_LOA3)
  @ApiOperation({
    summary: 'Open a data-subject request',
    description:
      'Refused with 422 `right-not-given` (and the article) when the notice’s legal bases do not give that right, and with 409 ' +
      '`request-already-open` (and `openRequest`, a link) when the person has one of that kind open. Due one calendar month after ' +
      'receipt, in Swedish time, moved to the next working day.',
  })
  @ApiCreatedResponse({ type: RequestView })
  @ApiNotFoundResponse({ description: 'No current notice by that slug' })
  @ApiConflictResponse({ description: '`request-already-open`: one of that kind is open (`openRequest` links to it)' })
  @ApiUnprocessableEntityResponse({ description: '`right-not-given`: the notice’s legal bases do not give that right' })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: OpenRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestView> {
    const request = await this.open.execute({
      subjectKey: p.subject,
      subjectKeys: subjectKeysOf(p),
      notice: dto.notice,
      kind: dto.kind,
      ...(dto.details ? { details: dto.details } : {}),
    });
    res.location(`/v1/requests/${request.id}`);
    return requestView(request);
  }

  @Get('requests')
  @Allow({ citizen: {} })
  @ApiOperation({ summary: 'My requests, newest first' })
  @ApiOkResponse({ type: [RequestView] })
  async list(@CurrentPrincipal() p: Principal): Promise<RequestView[]> {
    return (await this.query.listOwn(subjectKeysOf(p))).map(requestView);
  }

  @Get('requests/:requestId')
  @Allow({ citizen: {} })
  @ApiOperation({ summary: 'One of my requests: its progress, due date, extension and decisions' })
  @ApiOkResponse({ type: RequestView })
  async get(@CurrentPrincipal() p: Principal, @Param('requestId') id: string): Promise<RequestView> {
    return requestView(await this.query.own(subjectKeysOf(p), id));
  }

  @Post('requests/:requestId/withdraw')
  @HttpCode(200)
  @Allow(CITIZEN_LOA3)
  @ApiOperation({ summary: 'Withdraw my open request' })
  @ApiOkResponse({ type: RequestView })
  @ApiConflictResponse({ description: 'The request is closed already' })
  async withdraw(@CurrentPrincipal() p: Principal, @Param('requestId') id: string): Promise<RequestView> {
    if (!/^[A-Za-z0-9_-]{8,100}$/.test(id)) throw Problems.notFound('The request');
    return requestView(await this.close.withdraw(id, subjectKeysOf(p)));
  }

  @Get('requests/:requestId/report')
  @Allow(CITIZEN_LOA3)
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOperation({
    summary: 'Download the answer to my access or portability request (registerutdrag) as JSON, HTML or PDF',
    description:
      'JSON (machine-readable; the only format for portability), or a readable report in Swedish: `?format=html` or ' +
      '`?format=pdf` (A4, the same content). Holds the person’s messages: served with `Cache-Control: no-store`.',
  })
  @ApiOkResponse({
    description: 'The registerutdrag, as an attachment (`registerutdrag-{requestId}.json`, `.html` or `.pdf`)',
    content: {
      'application/json': { schema: { type: 'object', description: 'format `insyn-registerutdrag/1`' } },
      'text/html': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiConflictResponse({ description: '`not-answered`: the report is ready when the request is answered' })
  @ApiGoneResponse({ description: '`report-expired`: past `reportAvailableUntil`, the report’s data is deleted' })
  async report(
    @CurrentPrincipal() p: Principal,
    @Param('requestId') id: string,
    @Query() q: ReportQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const report = await this.query.report(subjectKeysOf(p), id);
    // Portability gives the data only, machine-readable (art. 20): JSON whatever was asked.
    const format = report.request.kind === 'access' ? (q.format ?? 'json') : 'json';
    res.setHeader('Content-Disposition', `attachment; filename="registerutdrag-${report.request.id}.${format}"`);
    if (format === 'html') res.type('text/html').send(registerutdragHtml(report));
    else if (format === 'pdf') res.type('application/pdf').send(registerutdragPdf(report));
    else res.type('application/json').send(JSON.stringify(report, null, 2));
  }
}

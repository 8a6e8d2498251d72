import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { ApiPagedResponse, linkNext, pageOf, pageStart } from '@insyn/service-kit';
import type { Response } from 'express';
import { renderProtocolCsv } from '../domain/protocol/protocol-csv.js';
import type { ProtocolEntry } from '../domain/protocol/protocol-entry.js';
import { renderProtocolPdf } from '../domain/protocol/protocol-pdf.js';
import { type ChainVerification, verifyChain } from '../domain/protocol/verify-chain.js';
import { ProtocolPageQuery } from './dto/protocol-page.query.js';
import { ProtocolLedger } from './protocol.ledger.js';

/** Who may read the gallringsprotokoll: retention admins, the DPO and archivists, and systems with retention:read. */
export const PROTOCOL_READERS = { officialRoles: ['retention-admin', 'dpo', 'archivist'], clientScopes: ['retention:read'] };

export const DEFAULT_ORGANISATION = 'Umeå kommun';
/** The cursor's name for the protocol (by seq). */
const PROTOCOL_LIST = 'protocol';

/** The gallringsprotokoll: read, verified and exported; entries are appended by gallring runs only. */
@ApiTags('gallringsprotokoll')
@ApiBearerAuth()
@Controller('v1')
export class ProtocolController {
  private readonly organisation: string;

  constructor(
    private readonly ledger: ProtocolLedger,
    private readonly clock: Clock,
    config: ConfigService,
  ) {
    this.organisation = config.get<string>('PROTOCOL_ORGANISATION')?.trim() || DEFAULT_ORGANISATION;
  }

  @Get('protocol')
  @Allow(PROTOCOL_READERS)
  @ApiOperation({
    summary: 'Entries of the gallringsprotokoll in seq order; paged',
    description:
      'At most `limit` (1-200, default 200) a page, from `fromSeq` (default 1); when more follow, `nextFromSeq` says where ' +
      'the next page starts and `Link: </v1/protocol?cursor=…>; rel="next"` leads to it, as on every paged list.',
  })
  @ApiPagedResponse({ path: '/v1/protocol', description: '`entries`, and `nextFromSeq` for the next page (null at the end)' })
  async list(@Query() query: ProtocolPageQuery, @Res({ passthrough: true }) res: Response) {
    if (query.fromSeq !== undefined && query.cursor !== undefined)
      throw Problems.validation([
        { field: 'fromSeq', messages: ['give fromSeq or cursor, not both: the cursor says where the page starts'] },
      ]);
    const start = pageStart(PROTOCOL_LIST, query, {}, { valid: (after) => after.length === 1 && Number.isSafeInteger(after[0]) });
    const fromSeq = start.after ? (start.after[0] as number) + 1 : (query.fromSeq ?? 1);
    const page = pageOf(await this.ledger.page(fromSeq, start.limit + 1), start, PROTOCOL_LIST, (e) => [e.seq]);
    linkNext(res, '/v1/protocol', page.next, query.limit);
    return { entries: page.items, nextFromSeq: page.next ? (page.items.at(-1)?.seq ?? fromSeq) + 1 : null };
  }

  @Get('protocol/verify')
  @Allow(PROTOCOL_READERS)
  @ApiOperation({
    summary: 'Verify the hash chain of the whole protocol',
    description:
      'Always 200: `{ok: true, length, head}` or `{ok: false, firstBrokenSeq, reason}`. Compare `head` with the head of ' +
      'an earlier export: the chain cannot show that its newest entries were cut off or rewritten together.',
  })
  async verify(): Promise<ChainVerification> {
    return verifyChain(await this.entries());
  }

  @Get('protocol.csv')
  @Allow(PROTOCOL_READERS)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The whole protocol as CSV (RFC 4180, UTF-8 with BOM, Swedish headers)' })
  async csv(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const body = renderProtocolCsv(await this.entries());
    return this.file(res, body, 'text/csv; charset=utf-8', 'csv');
  }

  @Get('protocol.pdf')
  @Allow(PROTOCOL_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The whole protocol as PDF, with the chain head for later comparison' })
  async pdf(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const exportedAt = this.clock.now();
    const body = renderProtocolPdf(await this.entries(), { organisation: this.organisation, exportedAt });
    return this.file(res, body, 'application/pdf', 'pdf', exportedAt);
  }

  private async entries(): Promise<ProtocolEntry[]> {
    const entries: ProtocolEntry[] = [];
    for await (const entry of this.ledger.all()) entries.push(entry);
    return entries;
  }

  private file(res: Response, body: Buffer, type: string, extension: string, at = this.clock.now()): StreamableFile {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(body, {
      type,
      disposition: `attachment; filename="gallringsprotokoll-${at.toISOString().slice(0, 10)}.${extension}"`,
      length: body.length,
    });
  }
}

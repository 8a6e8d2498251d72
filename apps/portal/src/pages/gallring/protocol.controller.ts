import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError } from '../../backends/backend-error.js';
import { type BrowserSession, BrowserSessions } from '../../session/browser-sessions.js';
import { type Lang, translate } from '../../web/i18n.js';
import { RETENTION_READER_ROLES } from '../../web/official-areas.js';
import { Views } from '../../web/views.js';
import { officialPage } from '../signed-in.js';
import { decisionText, durationText, performerText, selectionText } from './gallring-text.js';
import { unitNames } from './unit-names.js';

/** Entries on one page of the protocol. */
const PAGE = 50;

interface ProtocolEntry {
  seq: number;
  runId: string;
  rule: { id: string; version: number; unit: string; informationType: string; action: string; after: string };
  decision: { body: string; date: string; reference: string; section: string };
  selection: { trigger: string; triggeredBefore: string; requireArchived: boolean };
  counts: { candidates: number; held: number; blocked: number; deleted: number };
  method: string;
  startedAt: string;
  finishedAt: string;
  executedBy: string;
  approvedBy: string;
  remark?: string;
  hash: string;
}

type Verification = { ok: true; length: number; head: string } | { ok: false; firstBrokenSeq: number; reason: string };

/** The protocol's exports, by the portal's file name: the retention service's path and what it is. */
const EXPORTS = {
  csv: { path: '/v1/protocol.csv', type: 'text/csv; charset=utf-8' },
  pdf: { path: '/v1/protocol.pdf', type: 'application/pdf' },
} as const;

/**
 * The gallringsprotokoll (retention-admin, dpo, archivist): its entries in Swedish time with the period
 * in words, the hash chain verified by the retention service on every view, and the whole protocol as CSV
 * and as PDF for the archive, fetched with the official's token (which only the portal holds) and passed on.
 */
@ApiExcludeController()
@Controller('tjanst/gallring')
export class GallringProtocolController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
  ) {}

  @Get('protokoll')
  @Public()
  protocol(@Req() req: Request, @Res() res: Response, @Query('fran') from?: string): Promise<void> {
    return officialPage(req, res, this.sessions, RETENTION_READER_ROLES, async ({ page, session }) => {
      const fromSeq = from && /^[1-9]\d{0,8}$/.test(from) ? Number(from) : 1;
      const [{ json: list }, { json: verification }, units, names] = await Promise.all([
        this.api.as<{ entries: ProtocolEntry[]; nextFromSeq: number | null }>(
          req,
          session,
          'retention',
          'GET',
          `/v1/protocol?fromSeq=${fromSeq}&limit=${PAGE}`,
        ),
        this.api.as<Verification>(req, session, 'retention', 'GET', '/v1/protocol/verify'),
        unitNames(this.api, req, session),
        this.performerNames(req, session),
      ]);
      const lang = page.lang;
      const entries = list.entries.map((e) => ({
        ...e,
        period: periodText(e, lang, units.get(e.rule.unit) ?? e.rule.unit),
        decisionText: decisionText(e.decision, lang),
        executedByText: performerText(e.executedBy, names.get(e.runId)?.executedByName, lang),
        approvedByText: performerText(e.approvedBy, names.get(e.runId)?.approvedByName, lang),
      }));
      res
        .type('html')
        .send(
          this.views.render('pages/gallring-protocol.njk', page, { entries, verification, next: list.nextFromSeq, first: fromSeq === 1 }),
        );
    });
  }

  @Get('protokoll.csv')
  @Public()
  csv(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.download(req, res, 'csv');
  }

  @Get('protokoll.pdf')
  @Public()
  pdf(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.download(req, res, 'pdf');
  }

  /**
   * The names of who started the latest runs and who approved their rule versions, by run id: the protocol's
   * entries carry HSA-ids only (their fields are fixed by the hash chain), the runs keep the names their
   * tokens gave. The latest 200 runs; an older entry shows its HSA-ids, and so does every entry if the read fails.
   */
  private async performerNames(
    req: Request,
    session: BrowserSession,
  ): Promise<Map<string, { executedByName?: string; approvedByName?: string }>> {
    try {
      const { json } = await this.api.as<{ runId: string; executedByName?: string; approvedByName?: string }[]>(
        req,
        session,
        'retention',
        'GET',
        '/v1/runs?limit=200',
      );
      return new Map(json.map((r) => [r.runId, { executedByName: r.executedByName, approvedByName: r.approvedByName }]));
    } catch (err) {
      if (err instanceof BackendError) return new Map();
      throw err;
    }
  }

  private download(req: Request, res: Response, kind: keyof typeof EXPORTS): Promise<void> {
    return officialPage(req, res, this.sessions, RETENTION_READER_ROLES, async ({ session }) => {
      const { raw, headers } = await this.api.as<undefined>(req, session, 'retention', 'GET', EXPORTS[kind].path);
      // The service's own file name (it carries the export's date); ours when it gave none.
      const disposition = headers.get('content-disposition') ?? `attachment; filename="gallringsprotokoll.${kind}"`;
      res
        .status(200)
        .type(EXPORTS[kind].type)
        .setHeader('Content-Disposition', disposition)
        .setHeader('X-Content-Type-Options', 'nosniff')
        .send(raw ?? Buffer.alloc(0));
    });
  }
}

/** What the run covered, in words, with its gallringsfrist: "…: samtal avslutade före 16 mars 2024 kl. 00:00; gallringsfrist 2 år". */
function periodText(e: ProtocolEntry, lang: Lang, unitName: string): string {
  const text = selectionText({ ...e.selection, informationType: e.rule.informationType, unitName }, lang);
  const after = durationText(e.rule.after, lang);
  return after ? `${text}; ${translate(lang, 'gallring.protocol.after', { after })}` : text;
}

import { Controller, Get, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { translate } from '../../web/i18n.js';
import { csrfProblem, csrfValid, localsOf } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';

/** A receipt is a compact JWS of a few kilobytes; the rights service takes at most 32 KiB. */
const MAX_RECEIPT = 32 * 1024;

interface Verdict {
  valid: boolean;
  reason?: 'malformed' | 'unknown-key' | 'bad-signature' | 'not-a-receipt';
  receipt?: {
    piiControllers?: { name: string }[];
    notice?: { title?: { sv: string; en?: string }; version?: number };
    purposes?: { purpose: { sv: string; en?: string } }[];
    consentStatus?: string;
    consentTimestamp?: string;
  };
}

/**
 * Anyone may check a consent receipt: upload the file and the rights service verifies its signature
 * against its keys, as an offline verifier would with the key set served here (no sign-in needed; the
 * receipt names the person only by a keyed hash).
 */
@ApiExcludeController()
@Controller('kvitto')
export class ReceiptCheckController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get('kontrollera')
  @Public()
  form(@Res() res: Response): void {
    res.type('html').send(this.views.render('pages/receipt-check.njk', localsOf(res).page, {}));
  }

  @Post('kontrollera')
  @Public()
  @UseInterceptors(FileInterceptor('receipt', { limits: { fileSize: MAX_RECEIPT, files: 1, fields: 3 } }))
  async check(@Req() req: Request, @Res() res: Response, @UploadedFile() file?: { buffer: Buffer; size: number }): Promise<void> {
    const { page, session } = localsOf(res);
    if (!csrfValid(req, session)) throw csrfProblem();
    const text = file && file.size > 0 ? file.buffer.toString('utf8').trim() : '';
    if (!text) {
      res
        .status(400)
        .type('html')
        .send(this.views.render('pages/receipt-check.njk', page, { error: translate(page.lang, 'receipt.check.noFile') }));
      return;
    }
    const verdict = await this.api.publicPost<Verdict>('rights', '/v1/receipts/verify', { receipt: text });
    const r = verdict.receipt;
    res.type('html').send(
      this.views.render('pages/receipt-check.njk', page, {
        verdict,
        controller: r?.piiControllers?.[0]?.name,
        purposes: (r?.purposes ?? []).map((p) => p.purpose),
        noticeTitle: r?.notice?.title,
        status: r?.consentStatus,
        at: r?.consentTimestamp,
      }),
    );
  }

  @Get('nycklar.json')
  @Public()
  async keys(@Res() res: Response): Promise<void> {
    const jwks = await this.api.public<unknown>('rights', '/.well-known/jwks.json');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(JSON.stringify(jwks));
  }
}

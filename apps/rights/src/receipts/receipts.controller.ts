import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal, Public, subjectKeysOf } from '@insyn/auth';
import type { Response } from 'express';
import { CONSENT_READERS } from '../consents/consents.controller.js';
import { ConsentParams } from '../consents/dto/consent.dto.js';
import { VerifyReceiptDto } from './dto/verify-receipt.dto.js';
import { IssueReceiptUseCase, JOSE_MEDIA_TYPE } from './usecases/issue-receipt/issue-receipt.usecase.js';
import { VerifyReceiptUseCase } from './usecases/verify-receipt/verify-receipt.usecase.js';

/** Consent receipts: signed, downloadable, verifiable by anyone. */
@ApiTags('consent receipts')
@Controller()
export class ReceiptsController {
  constructor(
    private readonly issue: IssueReceiptUseCase,
    private readonly verify: VerifyReceiptUseCase,
  ) {}

  @Get('v1/consents/:consentId/receipt')
  @Allow(CONSENT_READERS)
  @ApiBearerAuth()
  @ApiProduces(JOSE_MEDIA_TYPE)
  @ApiOperation({
    summary: 'A signed receipt for one of my consents',
    description:
      'The ISO/IEC TS 27560 fields of the consent’s newest change (controller, me as a pseudonym of this consent, the purpose and its ' +
      'text, the legal basis, the notice URL and version, the state, when and how it was collected, every change) as a ' +
      'compact JWS (ES256, `kid` in the header). It verifies offline against /.well-known/jwks.json, with ' +
      '`npm run rights -- verify <file>`, or at POST /v1/receipts/verify.',
  })
  @ApiOkResponse({ description: 'The compact JWS, as a file to keep' })
  @ApiNotFoundResponse({ description: 'No consent of mine by that id' })
  async receipt(@Param() params: ConsentParams, @CurrentPrincipal() user: Principal, @Res({ passthrough: true }) res: Response) {
    const { jws, receipt } = await this.issue.execute(params.consentId, subjectKeysOf(user));
    res.setHeader('Content-Type', JOSE_MEDIA_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="consent-receipt-${receipt.receiptId}.jws"`);
    res.setHeader('Cache-Control', 'no-store');
    return jws;
  }

  @Post('v1/receipts/verify')
  @HttpCode(HttpStatus.OK)
  @Public()
  @ApiOperation({
    summary: 'Is this consent receipt genuine and unchanged?',
    description:
      'Checks the signature against the rights service’s keys. Answers `valid: true` with the receipt, or `valid: false` ' +
      'with a reason: malformed, unknown-key, bad-signature (changed after signing) or not-a-receipt.',
  })
  @ApiOkResponse({ description: 'The verdict' })
  async verifyReceipt(@Body() body: VerifyReceiptDto) {
    return this.verify.execute(body.receipt);
  }
}

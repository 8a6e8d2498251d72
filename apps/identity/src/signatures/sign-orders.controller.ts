import { Body, Controller, Delete, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal, subjectKeysOf } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import { SignOrderParams, SignOrderViewDto, StartSignOrderDto } from './dto/sign-order.dto.js';
import { signTextProblem } from './sign-text.js';
import { SignOrdersService } from './sign-orders.service.js';

/** A signed-in citizen signs for herself only. */
const SIGNERS = { citizen: { minLoa: 2 } };

/**
 * Signing a text with BankID, for the signed-in citizen (ADR 0012): start, poll (every 2 s), cancel. A
 * completed order answers with a sign assertion and the evidence, to give to the service that asked
 * (the rights service, for a consent that must be signed).
 */
@ApiTags('sign-orders')
@ApiBearerAuth()
@Controller('v1/sign-orders')
export class SignOrdersController {
  constructor(private readonly orders: SignOrdersService) {}

  @Post()
  @Allow(SIGNERS)
  @ApiOperation({
    summary: 'Start signing a text with BankID',
    description:
      'The text is shown in the BankID app and signed there; only the person whose token started the order may complete it ' +
      '(another person’s signature ends it as failed, signerMismatch). Freja eID is refused (422 sign/bankid-only).',
  })
  @ApiCreatedResponse({ type: SignOrderViewDto })
  @ApiUnprocessableEntityResponse({ description: 'Not BankID, or a text BankID cannot show (too long, control characters)' })
  async start(
    @Body() body: StartSignOrderDto,
    @CurrentPrincipal() user: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    const problem = signTextProblem(body.text);
    if (problem)
      throw Problems.unprocessable([{ field: 'text', messages: [problem] }], `The text cannot be signed with BankID: it ${problem}.`);
    const userAgent = req.get('user-agent');
    return this.orders.start({
      subjectKey: user.subject,
      provider: body.provider ?? 'bankid',
      method: body.method,
      text: body.text,
      endUserIp: req.ip ?? '127.0.0.1',
      ...(userAgent ? { userAgent } : {}),
      ...(body.returnTo ? { returnTo: body.returnTo } : {}),
    });
  }

  @Get(':orderId')
  @Allow(SIGNERS)
  @ApiOperation({
    summary: 'The sign order’s state, the message to show (sv/en), a fresh QR code; when complete, the assertion and evidence',
  })
  @ApiOkResponse({ type: SignOrderViewDto })
  @ApiNotFoundResponse({ description: 'No sign order of mine by that id (unknown, expired, or another person’s)' })
  async poll(@Param() params: SignOrderParams, @CurrentPrincipal() user: Principal, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    return this.orders.poll(params.orderId, subjectKeysOf(user));
  }

  @Delete(':orderId')
  @Allow(SIGNERS)
  @ApiOperation({ summary: 'Cancel the sign order (at BankID as well)' })
  @ApiOkResponse({ type: SignOrderViewDto })
  @ApiNotFoundResponse({ description: 'No sign order of mine by that id' })
  async cancel(@Param() params: SignOrderParams, @CurrentPrincipal() user: Principal, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    return this.orders.cancel(params.orderId, subjectKeysOf(user));
  }
}

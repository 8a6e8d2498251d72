import { All, Body, Controller, HttpCode, Logger, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { verifiedClientCertificate } from '../tls.js';
import { BankIdApiError } from './bankid-error.js';
import { BankIdErrorFilter } from './bankid-error.filter.js';
import { RpCertificateGuard, RpJsonGuard } from './bankid-rp.guards.js';
import { AuthRequestDto, OrderRefDto, SignRequestDto } from './dto/rp-requests.dto.js';
import { BankIdOrders, type CollectResponse, type StartRequest, type StartResponse } from './orders/bankid-orders.js';

/**
 * BankID Relying Party API v6.0 (auth, sign, collect, cancel) over the mutually authenticated listener, with
 * the 6.1 additions: `returnUrl`, `returnRisk` (risk in collect), `web`/`app` device data, `pinCode`, `mrtd`.
 * Phone (`/phone/auth`, `/phone/sign`) and `/payment` are not simulated and answer 404 `notFound`.
 */
@ApiTags('BankID RP API v6.0 (mTLS)')
@Controller('rp/v6.0')
@UseGuards(RpCertificateGuard)
@UseFilters(BankIdErrorFilter)
export class BankIdRpController {
  private readonly logger = new Logger('BankIdRp');

  constructor(private readonly orders: BankIdOrders) {}

  @Post('auth')
  @HttpCode(200)
  @UseGuards(RpJsonGuard)
  @ApiOperation({ summary: 'Start an identification order' })
  auth(@Body() body: AuthRequestDto, @Req() req: Request): StartResponse {
    return this.orders.start(this.startRequest('auth', body, req));
  }

  @Post('sign')
  @HttpCode(200)
  @UseGuards(RpJsonGuard)
  @ApiOperation({ summary: 'Start a signing order (userVisibleData required)' })
  sign(@Body() body: SignRequestDto, @Req() req: Request): StartResponse {
    return this.orders.start(this.startRequest('sign', body, req));
  }

  @Post('collect')
  @HttpCode(200)
  @UseGuards(RpJsonGuard)
  @ApiOperation({ summary: "Poll an order's state (every 2 s while pending)" })
  collect(@Body() body: OrderRefDto): CollectResponse {
    return this.orders.collect(body.orderRef);
  }

  @Post('cancel')
  @HttpCode(200)
  @UseGuards(RpJsonGuard)
  @ApiOperation({ summary: 'Cancel a pending order; answers {}' })
  cancel(@Body() body: OrderRefDto): Record<string, never> {
    return this.orders.cancel(body.orderRef);
  }

  @All(['auth', 'sign', 'collect', 'cancel'])
  @ApiExcludeEndpoint()
  methodNotAllowed(): never {
    throw new BankIdApiError('methodNotAllowed', 'Only POST is allowed');
  }

  @All('*path')
  @ApiExcludeEndpoint()
  notFound(): never {
    throw new BankIdApiError('notFound', 'No such endpoint');
  }

  private startRequest(kind: 'auth' | 'sign', body: AuthRequestDto | SignRequestDto, req: Request): StartRequest {
    if (body.web && body.app) throw new BankIdApiError('invalidParameters', 'Give either web or app, not both');
    if (body.requirement?.risk !== undefined) {
      this.logger.warn('requirement.risk is no longer supported by BankID; ignored (use returnRisk)');
    }
    return {
      kind,
      endUserIp: body.endUserIp,
      ...(body.userVisibleData !== undefined ? { userVisibleData: body.userVisibleData } : {}),
      ...(body.userVisibleDataFormat ? { userVisibleDataFormat: body.userVisibleDataFormat } : {}),
      ...(body.userNonVisibleData !== undefined ? { userNonVisibleData: body.userNonVisibleData } : {}),
      ...(body.returnUrl ? { returnUrl: body.returnUrl } : {}),
      ...(body.returnRisk !== undefined ? { returnRisk: body.returnRisk } : {}),
      ...(body.requirement
        ? {
            requirement: {
              ...(body.requirement.personalNumber ? { personalNumber: body.requirement.personalNumber } : {}),
              ...(body.requirement.mrtd !== undefined ? { mrtd: body.requirement.mrtd } : {}),
              ...(body.requirement.pinCode !== undefined ? { pinCode: body.requirement.pinCode } : {}),
            },
          }
        : {}),
      ...(body.web ? { web: { ...body.web } } : {}),
      ...(body.app ? { app: { ...body.app } } : {}),
      rpName: verifiedClientCertificate(req)?.subject ?? 'Relying party',
    };
  }
}

import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { verifiedClientCertificate } from '../tls.js';
import { FrejaErrorFilter } from './freja-error.filter.js';
import { FrejaApiError } from './freja-errors.js';
import { FrejaOrders, type FrejaResult } from './freja-orders.js';
import { decodeFrejaBody, type FrejaRequestBody, parseInitAuthRequest } from './freja-request.js';

/** Where Freja's personal authentication API lives (frejaeidclient: util/MethodUrl.java). */
export const FREJA_AUTH_PATH = '/authentication/1.0';

/**
 * Freja eID RP REST API, authentication part (research note 2.2). Only over the mutually authenticated
 * listener: the relying party is its client certificate (plus `relyingPartyId` for integrators).
 * Excluded from the OpenAPI document: the bodies are not JSON, as with the real service.
 */
@ApiExcludeController()
@UseFilters(FrejaErrorFilter)
@Controller(FREJA_AUTH_PATH.slice(1))
export class FrejaRpController {
  constructor(private readonly orders: FrejaOrders) {}

  @Post('initAuthentication')
  @HttpCode(200)
  init(@Req() req: Request): { authRef: string; qrCodeSecret?: string } {
    const { rp, body } = this.read(req, 'initAuthRequest');
    return this.orders.init(rp, parseInitAuthRequest(body.payload));
  }

  @Post('getOneResult')
  @HttpCode(200)
  async getOneResult(@Req() req: Request): Promise<FrejaResult> {
    const { rp, body } = this.read(req, 'getOneAuthResultRequest');
    return this.orders.result(rp, authRefOf(body));
  }

  @Post('getResults')
  @HttpCode(200)
  async getResults(@Req() req: Request): Promise<{ authenticationResults: FrejaResult[] }> {
    const { rp, body } = this.read(req, 'getAuthResultsRequest');
    if (body.payload.includePrevious !== 'ALL') throw new FrejaApiError(1200);
    return { authenticationResults: await this.orders.results(rp) };
  }

  @Post('cancel')
  @HttpCode(204)
  cancel(@Req() req: Request): void {
    const { rp, body } = this.read(req, 'cancelAuthRequest');
    this.orders.cancel(rp, authRefOf(body));
  }

  private read(req: Request, paramName: string): { rp: string; body: FrejaRequestBody } {
    const cert = verifiedClientCertificate(req);
    // Freja would end the TLS handshake; over our shared listener it is a 401 in Freja's error shape.
    if (!cert) throw new FrejaApiError(1008, 'A client certificate issued to the relying party is required.', 401);
    const raw: unknown = req.body;
    const body = decodeFrejaBody(typeof raw === 'string' ? raw : '', paramName);
    return { rp: `${cert.fingerprint256}|${body.relyingPartyId ?? ''}`, body };
  }
}

function authRefOf(body: FrejaRequestBody): string {
  const { authRef } = body.payload;
  if (typeof authRef !== 'string' || !authRef) throw new FrejaApiError(1100);
  return authRef;
}

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { verifiedClientCertificate } from '../tls.js';
import { BankIdApiError } from './bankid-error.js';

/**
 * The checks BankID makes before it reads a body, in its order: a client certificate the RP CA issued
 * (401 `unauthorized`), then a content type of exactly `application/json` (415, also for a charset parameter).
 * Shared by the guards and the body-parser error hook, which runs before Nest sees the request.
 */
export function checkBankIdTransport(req: Request, { requireJson }: { requireJson: boolean }): void {
  if (!verifiedClientCertificate(req)) {
    throw new BankIdApiError('unauthorized', 'A client certificate issued by the RP CA is required (mutual TLS)');
  }
  if (requireJson && req.headers['content-type']?.trim().toLowerCase() !== 'application/json') {
    throw new BankIdApiError('unsupportedMediaType', 'Content-Type must be exactly application/json (no parameters)');
  }
}

/** Every /rp/v6.0 route: only over the mutually authenticated listener. */
@Injectable()
export class RpCertificateGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    checkBankIdTransport(context.switchToHttp().getRequest<Request>(), { requireJson: false });
    return true;
  }
}

/** The four POST endpoints: plain `application/json` and a JSON object body. */
@Injectable()
export class RpJsonGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    checkBankIdTransport(req, { requireJson: true });
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BankIdApiError('invalidParameters', 'The body must be a JSON object');
    }
    return true;
  }
}

import { Injectable, type NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NextFunction, Request, Response } from 'express';
import type { IdentityEnv } from '../config/identity-env.js';

/**
 * CORS for `POST /oauth/token`, for the origins in TOKEN_CORS_ORIGINS only: another service's Swagger UI
 * (its Authorize with client credentials) posts here from the browser, with the client's id and secret in
 * an Authorization header, which needs a preflight. No cookies are involved (no Allow-Credentials): the page
 * sends what its user typed. Any other origin gets no CORS headers, so the browser keeps the answer from it.
 */
@Injectable()
export class TokenCorsMiddleware implements NestMiddleware {
  private readonly origins: Set<string>;

  constructor(config: ConfigService<IdentityEnv, true>) {
    const list = config.get('TOKEN_CORS_ORIGINS', { infer: true }) ?? '';
    this.origins = new Set(
      list
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    );
  }

  use(req: Request, res: Response, next: NextFunction): void {
    res.vary('Origin');
    const origin = req.headers.origin;
    if (!origin || !this.origins.has(origin)) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  }
}

import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { IdGenerator, RequestContext } from '@insyn/platform';
import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';
import { metric } from '@insyn/messaging';
import { scrubPersonalData } from './logger.js';

const duration = metric(
  'insyn_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'insyn_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

const CORRELATION = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Gives every request a correlation id (the caller's X-Correlation-Id when well-formed), runs the
 * request inside it, echoes it back, logs one access line without query strings, and times it.
 */
@Injectable()
export class HttpContextMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');

  constructor(private readonly ids: IdGenerator) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const given = req.header('x-correlation-id');
    const correlationId = given && CORRELATION.test(given) ? given : this.ids.next();
    res.setHeader('X-Correlation-Id', correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      duration().observe({ method: req.method, route: `${req.baseUrl}${route}`, status: String(res.statusCode) }, seconds);
      if (req.path !== '/health' && req.path !== '/metrics') {
        RequestContext.run({ correlationId }, () =>
          this.logger.log({
            msg: 'request',
            method: req.method,
            path: scrubPersonalData(req.path),
            status: res.statusCode,
            ms: Math.round(seconds * 1000),
          }),
        );
      }
    });
    RequestContext.run({ correlationId }, () => next());
  }
}

import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { IdGenerator, RequestContext } from '@insyn/platform';
import { trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';
import { metric } from './metrics.js';
import { scrubPersonalData } from './logger.js';

const duration = metric(
  'insyn_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'insyn_http_request_duration_seconds',
      help: 'HTTP request duration, by method, route template (never the raw path: no ids in labels) and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The histogram's labels: the matched route's template (`/v1/conversations/:id`), `unmatched` when no
 * route matched (a 404 for a made-up path must not add a label value), and `2xx`..`5xx`.
 */
export function httpLabels(
  req: Pick<Request, 'method' | 'baseUrl'> & { route?: unknown },
  status: number,
): { method: string; route: string; status_class: string } {
  const template = (req.route as { path?: unknown } | undefined)?.path;
  return {
    method: METHODS.has(req.method) ? req.method : 'OTHER',
    route: typeof template === 'string' ? `${req.baseUrl}${template}` : 'unmatched',
    status_class: `${Math.floor(status / 100)}xx`,
  };
}

const CORRELATION = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's X-Correlation-Id, when it is well-formed (anything else is replaced by one of ours). */
export function givenCorrelationId(req: Pick<Request, 'header'>): string | undefined {
  const given = req.header('x-correlation-id');
  return given && CORRELATION.test(given) ? given : undefined;
}

/**
 * Gives every request a correlation id (the caller's X-Correlation-Id when well-formed), runs the
 * request inside it, echoes it back, logs one access line without query strings, and times it.
 */
@Injectable()
export class HttpContextMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');

  constructor(private readonly ids: IdGenerator) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const correlationId = givenCorrelationId(req) ?? this.ids.next();
    res.setHeader('X-Correlation-Id', correlationId);
    // The request's server span (tracing on) names the correlation id too, so a trace leads to the logs.
    trace.getActiveSpan()?.setAttribute('insyn.correlation_id', correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      duration().observe(httpLabels(req, res.statusCode), seconds);
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

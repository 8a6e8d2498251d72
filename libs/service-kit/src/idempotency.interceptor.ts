import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Principal } from '@insyn/auth';
import { ProblemException } from '@insyn/observability';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, type Observable, of, throwError } from 'rxjs';
import { IDEMPOTENCY_TTL_MS, IdempotencyStore, type IdempotentRequest, requestFingerprint } from './idempotency-store.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Set on an answer given again for a repeated key (as Stripe does), so a client can tell. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * The key: a Structured Field string (`"…"`, as the IETF httpapi draft writes it) or the bare text, 1-255
 * printable ASCII characters. A UUID is what a client should send.
 */
export function parseIdempotencyKey(header: string): string | undefined {
  const text = /^".*"$/.test(header) ? header.slice(1, -1).replace(/\\(["\\])/g, '$1') : header;
  return /^[\x20-\x7e]{1,255}$/.test(text) && text.trim() === text ? text : undefined;
}

/**
 * The IETF httpapi Idempotency-Key draft on one route: the same key and the same request (method, path,
 * caller, body) get the first answer again, status and body, without the handler running again; the same
 * key with another request is 422; a key whose first request is still running is 409. Keys are per caller
 * and kept 24 h. A request that fails gives its key back, so the client may retry it. Without the header
 * the route works as before.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request & { user?: Principal }>();
    const res = context.switchToHttp().getResponse<Response>();
    const header = req.header(IDEMPOTENCY_HEADER);
    if (header === undefined) return next.handle();
    const key = parseIdempotencyKey(header);
    if (key === undefined)
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'idempotency-key-invalid',
        'Invalid Idempotency-Key',
        'Idempotency-Key must be 1 to 255 printable ASCII characters without leading or trailing spaces (a UUID, say).',
        [{ field: IDEMPOTENCY_HEADER, messages: ['must be 1-255 printable ASCII characters'] }],
      );
    const caller = req.user ? `${req.user.kind}:${req.user.subject}` : 'anonymous';
    const request: IdempotentRequest = { caller, key, fingerprint: requestFingerprint(req.method, req.originalUrl, caller, req.body) };
    const claim = await this.store.claim(request);
    switch (claim.outcome) {
      case 'mismatch':
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'idempotency-key-reused',
          'Idempotency-Key used for another request',
          'This Idempotency-Key was used within the last 24 hours for a request with another body or path; use a new key for a new request.',
        );
      case 'in-progress':
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'idempotency-key-in-progress',
          'A request with this Idempotency-Key is in progress',
          'The first request with this key has not finished; retry after a moment to get its answer.',
        );
      case 'replay':
        res.status(claim.answer.status);
        res.setHeader(REPLAYED_HEADER, 'true');
        return of(claim.answer.body);
      case 'claimed':
        return next.handle().pipe(
          mergeMap((body: unknown) => from(this.store.complete(request, { status: res.statusCode, body }).then(() => body))),
          catchError((err: unknown) =>
            from(this.store.release(request).catch(() => undefined)).pipe(mergeMap(() => throwError(() => err))),
          ),
        );
    }
  }
}

/**
 * Makes a POST that creates something safe to retry with `Idempotency-Key`, and documents the header and
 * its 409/422 answers in the OpenAPI. `conflict`/`unprocessable` add what else the route answers so with.
 */
export function Idempotent(also: { conflict?: string; unprocessable?: string } = {}): MethodDecorator {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  const hours = IDEMPOTENCY_TTL_MS / 3600_000;
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description:
        `Makes the request safe to retry (IETF httpapi Idempotency-Key draft): a request repeated with the same key and ` +
        `the same body within ${hours} h gets the first answer again (status and body, with \`${REPLAYED_HEADER}: true\`) ` +
        `and nothing is done twice; the same key with another body is 422 \`idempotency-key-reused\`; while the first ` +
        `request runs, 409 \`idempotency-key-in-progress\`. Keys are per caller. A failed request frees its key. ` +
        `Send a new UUID per operation (bare or as a quoted string).`,
      schema: { type: 'string', minLength: 1, maxLength: 255, example: '8e03978e-40d5-43e8-bc93-6894a57f9324' },
    }),
    ApiResponse({
      status: 409,
      description: ['`idempotency-key-in-progress`: a request with this Idempotency-Key is still running', also.conflict]
        .filter(Boolean)
        .join('; '),
      content: problem,
    }),
    ApiResponse({
      status: 422,
      description: ['`idempotency-key-reused`: the Idempotency-Key was used for another request', also.unprocessable]
        .filter(Boolean)
        .join('; '),
      content: problem,
    }),
  );
}

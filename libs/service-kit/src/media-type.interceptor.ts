import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ProblemException } from '@insyn/observability';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';

/** Where `@ApiConsumes(...)` (@nestjs/swagger, whose constants are not exported) keeps its media types. */
export const API_CONSUMES_METADATA = 'swagger/apiConsumes';

/** A route's `@Body()`, if it has one (its `@ApiConsumes`, else the app's default, is then what it reads). */
export function readsBody(controller: Type, method: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) as Record<string, unknown> | undefined) ?? {};
  return Object.keys(args).some((key) => (Number(key.split(':')[0]) as RouteParamtypes) === RouteParamtypes.BODY);
}

/** The media types a route reads: its own `@ApiConsumes` (method, then controller), else the app's. */
export function bodyTypesOf(controller: Type, handler: object, defaults: readonly string[]): readonly string[] {
  const own = (Reflect.getMetadata(API_CONSUMES_METADATA, handler) ?? Reflect.getMetadata(API_CONSUMES_METADATA, controller)) as
    string[] | undefined;
  return own?.length ? own : defaults;
}

/** `application/json; charset=utf-8` → `application/json`. */
const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';

/** Whether a body was sent at all (an empty POST is left to the validation, which names the missing fields). */
const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * A body of a media type the route does not read is a 415 problem. Without this the JSON parser skips a
 * `text/plain` or XML body, the route sees none and the caller gets a 400 about missing fields. Runs after
 * the access guard (a caller without a token learns nothing about the route), before the handler and its
 * interceptors (nothing is recorded for an Idempotency-Key). The types are the ones the OpenAPI document
 * lists for the route's body (`@ApiConsumes`, else the app's default), so the two cannot disagree.
 */
@Injectable()
export class MediaTypeInterceptor implements NestInterceptor {
  private readonly accepted = new WeakMap<object, readonly string[] | null>();

  constructor(private readonly defaults: readonly string[]) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const types = this.typesFor(context.getClass(), context.getHandler());
    const req = context.switchToHttp().getRequest<Request>();
    if (types && hasBody(req) && !types.includes(mediaType(req.headers['content-type']))) {
      // RFC 9110 15.5.16 and RFC 5789 / the Accept-Post registration: say which types would do.
      const res = context.switchToHttp().getResponse<Response>();
      if (req.method === 'POST') res.setHeader('Accept-Post', types.join(', '));
      if (req.method === 'PATCH') res.setHeader('Accept-Patch', types.join(', '));
      const sent = req.headers['content-type'] ? `a ${mediaType(req.headers['content-type'])} body` : 'a body without a Content-Type';
      throw new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-media-type',
        'Unsupported media type',
        `This operation reads ${types.join(' or ')}, not ${sent}.`,
        undefined,
        { accepted: types },
      );
    }
    return next.handle();
  }

  /** The route's body types, or null for a route that reads no body; worked out once per route. */
  private typesFor(controller: Type, handler: object & { name: string }): readonly string[] | null {
    let types = this.accepted.get(handler);
    if (types === undefined) {
      types = readsBody(controller, handler.name) ? bodyTypesOf(controller, handler, this.defaults) : null;
      this.accepted.set(handler, types);
    }
    return types;
  }
}

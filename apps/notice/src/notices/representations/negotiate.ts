import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import type { Language } from '../domain/notice.model.js';
import { MESSAGE_LANGUAGES, type MessageLanguage } from '../domain/notice.messages.js';
import type { Format, Representation } from './rendered-notice.js';

const BY_TYPE: [string, Format][] = [
  ['application/json', 'json'],
  ['text/html', 'html'],
  ['application/xhtml+xml', 'html'],
  ['application/ld+json', 'jsonld'],
  ['application/yaml', 'yaml'],
  ['text/yaml', 'yaml'],
];

export interface RepresentationQuery {
  format?: Format;
  lang?: Language;
}

const FORMATS: ReadonlySet<string> = new Set(['json', 'html', 'jsonld', 'yaml']);
const LANGUAGES: ReadonlySet<string> = new Set(['sv', 'en']);

const NO_QUERY: RepresentationQuery = Object.freeze({});

/**
 * The request's `?format=` and `?lang=` (parseRepresentationQuery); a URL without a query string is not
 * parsed at all (Express parses `req.query` anew at each read).
 */
export function representationQueryOf(req: Request): RepresentationQuery {
  return req.url.includes('?') ? parseRepresentationQuery(req.query) : NO_QUERY;
}

/** `?format=` and `?lang=`, checked: anything else there is a 400 problem naming the parameter. */
export function parseRepresentationQuery(query: Request['query']): RepresentationQuery {
  // Most reads carry no query at all.
  let empty = true;
  for (const _ in query) {
    empty = false;
    break;
  }
  if (empty) return {};
  const { format, lang, ...rest } = query;
  const errors = [
    ...(format !== undefined && (typeof format !== 'string' || !FORMATS.has(format))
      ? [{ field: 'format', messages: ['format must be one of json, html, jsonld, yaml'] }]
      : []),
    ...(lang !== undefined && (typeof lang !== 'string' || !LANGUAGES.has(lang))
      ? [{ field: 'lang', messages: ['lang must be sv or en'] }]
      : []),
    ...Object.keys(rest).map((field) => ({ field, messages: [`property ${field} should not exist`] })),
  ];
  if (errors.length > 0) throw Problems.validation(errors);
  return { ...(format ? { format: format as Format } : {}), ...(lang ? { lang: lang as Language } : {}) };
}

/** `?format=` wins; otherwise the Accept header (JSON when it allows anything). */
export function chooseFormat(req: Request, query?: Format): Format | undefined {
  if (query) return query;
  const accept = req.headers.accept;
  if (accept === undefined || accept === '*/*' || accept === 'application/json') return 'json';
  const accepted = req.accepts([
    'application/json',
    'text/html',
    'application/xhtml+xml',
    'application/ld+json',
    'application/yaml',
    'text/yaml',
  ]);
  if (!accepted) return undefined;
  return BY_TYPE.find(([t]) => t === accepted)?.[1];
}

/**
 * `?lang=` wins (a language the notice lacks gets its own-language page with a note); otherwise the
 * Accept-Language header among the languages the notice is written in, then its first (Swedish).
 */
export function chooseLanguage(req: Request, query: Language | undefined, available: readonly Language[]): Language {
  if (query) return query;
  const accepted = req.acceptsLanguages(...available);
  return available.find((l) => l === accepted) ?? available[0] ?? 'sv';
}

/**
 * The language of the validation messages a request asks for: its Accept-Language among the languages
 * they are written in (express's negotiation, as for the pages), English when it names neither, as
 * machines do.
 */
export function messageLanguageOf(req: Pick<Request, 'acceptsLanguages'>): MessageLanguage {
  return req.acceptsLanguages(...MESSAGE_LANGUAGES) === 'sv' ? 'sv' : 'en';
}

/** A handler parameter: the request's {@link messageLanguageOf}. */
export const AnswerLanguage = createParamDecorator((_: unknown, context: ExecutionContext) =>
  messageLanguageOf(context.switchToHttp().getRequest<Request>()),
);

/** The Cache-Control of a representation: a numbered version never changes; the latest may at the next publication. */
export function cacheControlOf(maxAge: number, immutable: boolean): string {
  return immutable ? 'public, max-age=31536000, immutable' : `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 5}`;
}

/** Sends prepared bytes with a strong ETag and `cacheControl` (cacheControlOf), answering 304 when the client has them. */
export function sendRepresentation(req: Request, res: Response, r: Representation, cacheControl: string): void {
  res.setHeader('ETag', r.etag);
  res.setHeader('Vary', 'Accept, Accept-Language');
  res.setHeader('Cache-Control', cacheControl);
  if (req.headers['if-none-match'] === r.etag || req.headers['if-none-match']?.split(/\s*,\s*/).includes(r.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', r.contentType);
  res.setHeader('Content-Length', r.body.length);
  res.status(200).end(r.body);
}

import type { Request, Response } from 'express';
import type { Language } from '../domain/notice.model.js';
import type { Format, Representation } from './rendered-notice.js';

const BY_TYPE: [string, Format][] = [
  ['application/json', 'json'],
  ['text/html', 'html'],
  ['application/xhtml+xml', 'html'],
  ['application/ld+json', 'jsonld'],
  ['application/yaml', 'yaml'],
  ['text/yaml', 'yaml'],
];

/** `?format=` wins; otherwise the Accept header (JSON when it allows anything). */
export function chooseFormat(req: Request, query?: Format): Format | undefined {
  if (query) return query;
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

export function chooseLanguage(req: Request, query?: Language): Language {
  return query ?? (req.acceptsLanguages('sv', 'en') === 'en' ? 'en' : 'sv');
}

/**
 * Sends prepared bytes with a strong ETag, answering 304 when the client has them. `immutable` marks a
 * numbered version (it never changes); the latest version may change at the next publication.
 */
export function sendRepresentation(req: Request, res: Response, r: Representation, cache: { maxAge: number; immutable: boolean }): void {
  res.setHeader('ETag', r.etag);
  res.setHeader('Vary', 'Accept, Accept-Language');
  res.setHeader(
    'Cache-Control',
    cache.immutable ? 'public, max-age=31536000, immutable' : `public, max-age=${cache.maxAge}, stale-while-revalidate=${cache.maxAge * 5}`,
  );
  if (req.headers['if-none-match'] === r.etag || req.headers['if-none-match']?.split(/\s*,\s*/).includes(r.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', r.contentType);
  res.setHeader('Content-Length', r.body.length);
  res.status(200).end(r.body);
}

import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { Language } from '../domain/notice.model.js';
import { renderNoticeHtml } from './notice-html.js';
import { renderNoticeJsonLd } from './notice-jsonld.js';
import type { PublicNoticeView } from './public-view.js';

export type Format = 'json' | 'html' | 'jsonld' | 'yaml';

export interface Representation {
  body: Buffer;
  contentType: string;
  etag: string;
}

const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
  yaml: 'application/yaml; charset=utf-8',
};

export function representation(body: string, format: Format): Representation {
  const bytes = Buffer.from(body, 'utf8');
  return {
    body: bytes,
    contentType: CONTENT_TYPES[format],
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
  };
}

/**
 * One published version with its representations, each rendered once, on first request, and kept:
 * a published version never changes, so neither do its bytes or ETags.
 */
export class RenderedNotice {
  private readonly cache = new Map<string, Representation>();

  constructor(
    readonly view: PublicNoticeView,
    private readonly baseUrl: string,
  ) {
    this.cache.set('json', representation(JSON.stringify(view), 'json'));
  }

  get slug(): string {
    return this.view.id;
  }

  get version(): number {
    return this.view.version;
  }

  get(format: Format, lang: Language): Representation {
    const key = format === 'html' ? `html:${lang}` : format;
    let r = this.cache.get(key);
    if (!r) {
      r = this.render(format, lang);
      this.cache.set(key, r);
    }
    return r;
  }

  private render(format: Format, lang: Language): Representation {
    const self = `/v1/notices/${this.view.id}/versions/${this.view.version}`;
    switch (format) {
      case 'json':
        return representation(JSON.stringify(this.view), 'json');
      case 'html':
        return representation(renderNoticeHtml(this.view, lang, { self, versions: `/v1/notices/${this.view.id}/versions` }), 'html');
      case 'jsonld':
        return representation(JSON.stringify(renderNoticeJsonLd(this.view, this.baseUrl)), 'jsonld');
      case 'yaml': {
        const { rights: _rights, publication: _publication, ...notice } = this.view;
        return representation(stringify(notice, { lineWidth: 0 }), 'yaml');
      }
    }
  }
}

import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { RuleLookup } from '../../governing-rules/governing-rules.js';
import type { Language } from '../domain/notice.model.js';
import { linksKey, type RetentionLink, resolveRetentionLinks } from '../domain/retention-links.js';
import { renderNoticeJson } from './governing-rule-view.js';
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
 * a published version never changes, so neither do its bytes or ETags, except for one thing outside
 * it: the rules its retention statements cite. When one of those changes (a new version activated,
 * an unknown rule announced, a rule retired), the JSON, HTML and JSON-LD are rendered again; the YAML (the notice as
 * written) never is.
 */
export class RenderedNotice {
  private readonly cache = new Map<string, Representation>();
  /** Whether any retention statement cites a rule: only then can the representations change. */
  readonly citesRules: boolean;
  private linked: { generation: number; key: string; links: RetentionLink[] };

  constructor(
    readonly view: PublicNoticeView,
    private readonly baseUrl: string,
    private readonly rules: RuleLookup,
  ) {
    this.citesRules = view.retention.some((r) => r.retentionRuleRef !== undefined);
    const links = this.resolve();
    this.linked = { generation: rules.generation, key: linksKey(links), links };
    this.cache.set('json', representation(JSON.stringify(renderNoticeJson(view, links)), 'json'));
  }

  /** Each retention statement with the rule that governs it, as known now. */
  get retentionLinks(): readonly RetentionLink[] {
    return this.currentLinks();
  }

  /** The links as known now; when what they show has changed, the rendered JSON, HTML and JSON-LD are dropped. */
  private currentLinks(): RetentionLink[] {
    if (!this.citesRules || this.linked.generation === this.rules.generation) return this.linked.links;
    const links = this.resolve();
    const key = linksKey(links);
    if (key !== this.linked.key) for (const format of [...this.cache.keys()]) if (format !== 'yaml') this.cache.delete(format);
    this.linked = { generation: this.rules.generation, key, links };
    return links;
  }

  private resolve(): RetentionLink[] {
    return resolveRetentionLinks(
      this.view.retention,
      (id) => this.rules.get(id),
      (id) => this.rules.retirement(id),
    );
  }

  get slug(): string {
    return this.view.id;
  }

  get version(): number {
    return this.view.version;
  }

  get(format: Format, lang: Language): Representation {
    if (format !== 'yaml') this.currentLinks();
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
        return representation(JSON.stringify(renderNoticeJson(this.view, this.linked.links)), 'json');
      case 'html':
        return representation(
          renderNoticeHtml(this.view, lang, { self, versions: `/v1/notices/${this.view.id}/versions` }, this.linked.links),
          'html',
        );
      case 'jsonld':
        return representation(JSON.stringify(renderNoticeJsonLd(this.view, this.baseUrl, this.linked.links)), 'jsonld');
      case 'yaml': {
        const { rights: _rights, publication: _publication, ...notice } = this.view;
        return representation(stringify(notice, { lineWidth: 0 }), 'yaml');
      }
    }
  }
}

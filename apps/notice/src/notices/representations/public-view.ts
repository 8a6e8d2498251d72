import type { Notice } from '../domain/notice.model.js';
import type { DerivedRights } from '../domain/rights.js';
import type { PublishedVersionRecord } from '../persistence/notice.entity.js';

/**
 * A published version as the public sees it: the notice, the rights derived when it was published,
 * and when. It is also the `content` of `notice.published.v1`, so every instance can render it.
 */
export interface PublicNoticeView extends Notice {
  version: number;
  publishedAt: string;
  rights: DerivedRights;
  /**
   * The version's publication: when, who submitted it (`publishedBy`) and who approved it (`approvedBy`,
   * four-eyes, ADR 0023). Both names only on an approved version: one published alone (before four-eyes,
   * or by the operators' CLI) names no one. The names are the actors (`official:<HSA-id>`,
   * `client:<id>`), never a personnummer.
   */
  publication: { version: number; publishedAt: string; publishedBy?: string; approvedBy?: string };
}

export function publicView(slug: string, record: PublishedVersionRecord): PublicNoticeView {
  const { content } = record;
  return {
    ...content,
    id: slug,
    version: record.version,
    publishedAt: content.publishedAt ?? record.publishedAt.toISOString().slice(0, 10),
    rights: record.rights,
    publication: {
      version: record.version,
      publishedAt: record.publishedAt.toISOString(),
      ...(record.approvedBy ? { publishedBy: record.publishedBy, approvedBy: record.approvedBy } : {}),
    },
  };
}

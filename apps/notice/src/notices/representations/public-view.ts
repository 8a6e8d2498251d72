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
  publication: { version: number; publishedAt: string };
}

export function publicView(slug: string, record: PublishedVersionRecord): PublicNoticeView {
  const content = record.content as unknown as Notice;
  return {
    ...content,
    id: slug,
    version: record.version,
    publishedAt: content.publishedAt ?? record.publishedAt.toISOString().slice(0, 10),
    rights: record.rights as unknown as DerivedRights,
    publication: { version: record.version, publishedAt: record.publishedAt.toISOString() },
  };
}

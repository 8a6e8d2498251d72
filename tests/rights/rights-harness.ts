// What the rights service's test files share: the notice.published.v1 event of a real seed notice (the
// Umeå notice or the consent-based example), as the notice service publishes it, under a slug of the
// file's own so that files sharing the broker never meet.
import { NoticePublishedV1Event } from '@insyn/contracts';
import { publishEvent, uniqueSuffix } from '@insyn/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// The notice service's own parsing and rights derivation, so the event is what it would publish. From the
// notice's env-free test entry: this file loads before any test has set the environment (loaded dynamically:
// tests may reach into an app, app code may not).
const { parseNotice, deriveRights, noticePublishedData } = await import('../../apps/notice/src/testing-domain.js');

export type SeedNotice = 'umea-behandling-sakra-meddelanden' | 'consent-example';

/** The published event's data for a seed notice, as `notice.published.v1` carries it. */
export function publishedNotice(seed: SeedNotice, opts: { slug?: string; version?: number } = {}) {
  const notice = parseNotice(parse(readFileSync(join(import.meta.dirname, '../../apps/notice/seed', `${seed}.yaml`), 'utf8')));
  const slug = opts.slug ?? `${seed === 'consent-example' ? 'sms' : 'sakra'}-${uniqueSuffix()}`;
  const version = opts.version ?? 1;
  const publishedAt = new Date().toISOString();
  return noticePublishedData({
    ...notice,
    id: slug,
    version,
    publishedAt: publishedAt.slice(0, 10),
    rights: deriveRights(notice),
    publication: { version, publishedAt },
  });
}

/** Publishes a seed notice on Kafka and returns its slug. */
export async function publishNotice(seed: SeedNotice, opts: { slug?: string; version?: number } = {}): Promise<string> {
  const data = publishedNotice(seed, opts);
  await publishEvent(NoticePublishedV1Event, data, { source: 'notice' });
  return data.slug;
}

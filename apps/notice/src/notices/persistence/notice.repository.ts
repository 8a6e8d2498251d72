import type { OutboxEntry } from '@insyn/messaging';
import type { NoticeRecord, PublishedVersionRecord } from './notice.entity.js';

export interface PublishedSummary {
  slug: string;
  controllerOrg: string | null;
  activity: string;
  status: 'published' | 'withdrawn';
  currentVersion: number;
}

/** The port the use cases depend on; MongoNoticeRepository implements it (docs/style.md 10). */
export abstract class NoticeRepository {
  abstract findBySlug(slug: string): Promise<NoticeRecord | null>;
  /** Inserts a new notice; false when the slug is taken. */
  abstract insert(record: NoticeRecord): Promise<boolean>;
  /** Replaces the draft if its revision is still `expectedRevision`; false otherwise. */
  abstract replaceDraft(
    slug: string,
    expectedRevision: number,
    draft: Record<string, unknown>,
    controllerOrg: string | null,
    activity: string,
    at: Date,
  ): Promise<boolean>;
  /**
   * Appends a published version, if `version` is the next one and the draft is still at
   * `draftRevision`, with its event, in one write. False when someone else changed it meanwhile.
   */
  abstract appendVersion(slug: string, draftRevision: number, version: PublishedVersionRecord, event: OutboxEntry): Promise<boolean>;
  /** Marks a published notice withdrawn, with its event, in one write; false if not published. */
  abstract withdraw(slug: string, at: Date, reason: string | null, event: OutboxEntry): Promise<boolean>;
  /** The latest published version of every published notice (for the in-memory read model). */
  abstract findAllCurrentVersions(): Promise<{ slug: string; status: 'published'; version: PublishedVersionRecord }[]>;
  /** The last published version of every withdrawn notice, and when it was withdrawn (for the read model's list of changes). */
  abstract findAllWithdrawnVersions(): Promise<{ slug: string; version: PublishedVersionRecord; withdrawnAt: Date }[]>;
  abstract findVersion(slug: string, version: number): Promise<PublishedVersionRecord | null>;
  abstract listVersions(slug: string): Promise<{ version: number; publishedAt: Date }[] | null>;
  abstract listAll(): Promise<NoticeRecord[]>;
}

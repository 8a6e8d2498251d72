import type { OutboxEntry, WrittenOutbox } from '@insyn/messaging';
import type { ApprovalHistoryEntry, PendingApproval } from '../domain/approval.js';
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
  /**
   * Replaces the draft if its revision is still `expectedRevision`, and cancels any pending approval (it
   * names the old revision), writing `cancelled` in the history when given; false otherwise.
   */
  abstract replaceDraft(
    slug: string,
    expectedRevision: number,
    draft: Record<string, unknown>,
    controllerOrg: string | null,
    activity: string,
    at: Date,
    cancelled: ApprovalHistoryEntry | null,
  ): Promise<boolean>;
  /**
   * Appends a published version, if `version` is the next one and the draft is still at
   * `draftRevision`, with its event, in one write, and clears any pending approval. With `approval`, only
   * if that revision is the one pending and the approver is not its requester (four-eyes, ADR 0023), and
   * the `approved` line goes in the history. The notice's whole outbox as the write left it; null when
   * someone else changed it meanwhile.
   */
  abstract appendVersion(
    slug: string,
    draftRevision: number,
    version: PublishedVersionRecord,
    event: OutboxEntry,
    approval?: { approverPersons: string[]; entry: ApprovalHistoryEntry },
  ): Promise<WrittenOutbox | null>;
  /**
   * Records `pending` if the draft is still at its revision and nothing else waits; false otherwise (read
   * again: the same revision may be pending already).
   */
  abstract requestApproval(slug: string, pending: PendingApproval, entry: ApprovalHistoryEntry): Promise<boolean>;
  /**
   * Clears the pending approval of `draftRevision` when its requester is none of `deciderPersons`, writing the
   * rejection in the history; false when it is no longer pending.
   */
  abstract rejectApproval(slug: string, draftRevision: number, deciderPersons: string[], entry: ApprovalHistoryEntry): Promise<boolean>;
  /**
   * Marks a published notice withdrawn, with its event, in one write. The notice's whole outbox as the write
   * left it; null if not published.
   */
  abstract withdraw(slug: string, at: Date, reason: string | null, event: OutboxEntry): Promise<WrittenOutbox | null>;
  /** The latest published version of every published notice (for the in-memory read model). */
  abstract findAllCurrentVersions(): Promise<{ slug: string; status: 'published'; version: PublishedVersionRecord }[]>;
  /** The last published version of every withdrawn notice, and when it was withdrawn (for the read model's list of changes). */
  abstract findAllWithdrawnVersions(): Promise<{ slug: string; version: PublishedVersionRecord; withdrawnAt: Date }[]>;
  abstract findVersion(slug: string, version: number): Promise<PublishedVersionRecord | null>;
  abstract listVersions(
    slug: string,
  ): Promise<Pick<PublishedVersionRecord, 'version' | 'publishedAt' | 'publishedBy' | 'approvedBy'>[] | null>;
  abstract listAll(): Promise<NoticeRecord[]>;
}

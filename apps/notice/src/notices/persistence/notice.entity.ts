import type { OutboxEntry } from '@insyn/messaging';
import type { ApprovalHistoryEntry, PendingApproval } from '../domain/approval.js';
import type { Notice } from '../domain/notice.model.js';
import type { DerivedRights } from '../domain/rights.js';

/**
 * The stored shape of one notice (a processing activity) with its whole history: the editable draft,
 * every frozen published version, and the outbox of events not yet relayed. Publishing is one atomic
 * update of this document (new version + status + outbox entry): ADR 0005.
 */
export interface NoticeRecord {
  /** The slug: stable, human-readable id, used in URLs (`sakra-meddelanden`). */
  _id: string;
  status: NoticeStatus;
  /** The organisation number of the controller, for filtering. */
  /** The controller's organisation number; null when the notice gives none. */
  controllerOrg: string | null;
  /** The activity code (processing-activity family), for filtering. */
  activity: string;
  draft: Record<string, unknown> | null;
  /** Incremented on every draft change; `If-Match` on the draft compares with it. */
  draftRevision: number;
  versions: PublishedVersionRecord[];
  currentVersion: number | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  /**
   * The draft revision submitted for a second person's approval (ADR 0023); null when none waits. Absent
   * on records from before four-eyes publishing: none.
   */
  pendingApproval?: PendingApproval | null;
  /** Every request, approval, rejection and cancellation, oldest first; absent on older records. */
  approvalHistory?: ApprovalHistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  outbox: OutboxEntry[];
}

export type NoticeStatus = 'draft' | 'published' | 'withdrawn';

export interface PublishedVersionRecord {
  version: number;
  publishedAt: Date;
  /** Who submitted it (four-eyes), or published it alone before ADR 0023. */
  publishedBy: string;
  /** The second person who approved it; absent on versions published before ADR 0023 (or by the CLI). */
  approvedBy?: string;
  /** The notice as published: complete and valid when it was (the rules may have changed since). */
  content: Notice;
  /** The rights as derived when this version was published, frozen with it. */
  rights: DerivedRights;
}

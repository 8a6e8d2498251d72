import type { SubjectKeyScope } from '@insyn/auth';
import type { OutboxEntry, WrittenOutbox } from '@insyn/messaging';
import type { DataSubjectRequest, Extension, PartDecision, PartSummary, RequestStatus } from '../domain/request.model.js';

/** The requests and their parts. Each method is one query or one atomic single-document write. */
export abstract class RequestsRepository {
  /**
   * Inserts a new open request with its opened event. Returns the outbox it inserted, or null when the person
   * already has one open in that slot (nothing stored).
   */
  abstract insert(request: DataSubjectRequest, event: OutboxEntry): Promise<WrittenOutbox | null>;
  /** The open request of that person (any of her keys during a rotation, ADR 0025), notice and kind, if any. */
  abstract findOpen(subjectKeys: SubjectKeyScope, notice: string, kind: string): Promise<DataSubjectRequest | null>;
  abstract findById(id: string): Promise<DataSubjectRequest | null>;
  /** A person's requests (under any of her keys), newest first. */
  abstract listBySubject(subjectKeys: SubjectKeyScope, limit: number): Promise<DataSubjectRequest[]>;
  /** Requests in a status, the earliest due first (then by id: a total order), after `after` when given. */
  abstract listByDue(filter: { status: RequestStatus; after?: { dueAt: Date; id: string }; limit: number }): Promise<DataSubjectRequest[]>;
  /** How many open requests are past their due date (the legal deadline, extended or not). */
  abstract countOverdue(now: Date): Promise<number>;
  /** Open requests with parts missing, last asked before `before` (to ask again for their missing parts). */
  abstract listOpenAskedBefore(before: Date, limit: number): Promise<DataSubjectRequest[]>;
  /** Adds a service's part summary to an open request unless that service's part is already in; `false` when it was, or the request is closed. */
  abstract addPart(id: string, part: PartSummary): Promise<boolean>;
  /** Keeps a part's records (sealed); a part already stored is left as it is. */
  abstract storePartRecords(requestId: string, service: string, sealedRecords: string, at: Date): Promise<void>;
  /** Every sealed part of a request. */
  abstract partRecords(requestId: string): Promise<{ service: string; sealedRecords: string }[]>;
  /** Deletes a request's sealed parts (one service's, when named). Idempotent. */
  abstract deletePartRecords(requestId: string, service?: string): Promise<void>;
  /** Gives every sealed part of a request its deletion time. Idempotent. */
  abstract expirePartRecords(requestId: string, at: Date): Promise<void>;
  /** Deletes the sealed parts whose expiry has passed; returns how many. */
  abstract deleteExpiredPartRecords(now: Date): Promise<number>;
  /** Closed requests whose parts are not yet deleted or given their expiry. */
  abstract listUnsettled(limit: number): Promise<DataSubjectRequest[]>;
  /** Marks a closed request's parts as dealt with (with the report's last day, for one answered before it was kept). */
  abstract markPartsSettled(id: string, reportAvailableUntil?: Date): Promise<void>;
  abstract extend(id: string, revision: number, extension: Extension, dueAt: Date): Promise<boolean>;
  abstract decide(id: string, revision: number, decisions: PartDecision[]): Promise<boolean>;
  /**
   * Closes an open request with its closed event, freeing its slot, if it is still open at `revision`. Returns the
   * request's outbox as that write left it, or null when it did not apply.
   */
  abstract close(
    id: string,
    revision: number,
    status: Exclude<RequestStatus, 'open'>,
    closedBy: DataSubjectRequest['closedBy'],
    at: Date,
    event: OutboxEntry,
    reportAvailableUntil?: Date,
  ): Promise<WrittenOutbox | null>;
  /**
   * Records a reminder (the opened event again) for the missing parts, if the request is open and was last
   * asked at `lastAskedAt` (so two instances never both remind). It leaves the revision alone: a reminder
   * changes nothing an official decides on. Returns the request's outbox as that write left it, or null when
   * it did not apply.
   */
  abstract markAsked(id: string, lastAskedAt: Date, at: Date, event: OutboxEntry): Promise<WrittenOutbox | null>;
  /** Marks that every expected part is in (the reminders skip it). Idempotent. */
  abstract markPartsComplete(id: string): Promise<void>;
  /** Up to `limit` stored parts, in id order after `after`: for sealing them again when the secret is rotated. */
  abstract pagePartRecords(
    after: string | null,
    limit: number,
  ): Promise<{ id: string; requestId: string; service: string; sealedRecords: string }[]>;
  /** Replaces a part's sealed records if they are still `previous`; false otherwise. */
  abstract replaceSealedPartRecords(id: string, previous: string, sealedRecords: string): Promise<boolean>;
  /** The distinct subject keys of people with one of `prefixes` (previous generations of SUBJECT_KEY_SECRET, ADR 0025). */
  abstract staleSubjectKeys(prefixes: string[]): Promise<string[]>;
  /**
   * Moves a person's requests from her previous key to her current one (an open one's slot with it); how
   * many moved. An open request keeps the previous key in `previousSubjectKeys` until it closes, so the parts
   * services send for it under that key are still hers.
   */
  abstract rekeySubject(stale: string, current: string): Promise<number>;
}

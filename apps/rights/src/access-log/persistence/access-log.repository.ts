import type { SubjectKeyScope } from '@insyn/auth';
import type { AccessEntry, LogPageQuery } from '../domain/access-entry.js';
import type { AccessLogSelection } from '../domain/access-log-purge.js';

/** The access log's entries. Every read names the person (STYLE 11): there is no query across people. */
export abstract class AccessLogRepository {
  /** Stores an entry once; `false` when an entry with its access id is stored already (the first one stays). */
  abstract record(entry: AccessEntry): Promise<boolean>;
  /**
   * One person's entries (under any of her keys during a rotation, ADR 0025), newest first (ties by access id),
   * after the cursor and within the period: at most `limit + 1`.
   */
  abstract page(subjectKeys: SubjectKeyScope, query: LogPageQuery): Promise<AccessEntry[]>;
  /** Entries the selection covers that a hold keeps. */
  abstract countHeld(selection: AccessLogSelection): Promise<number>;
  /** Entries the selection covers and no hold keeps. */
  abstract countSelectable(selection: AccessLogSelection): Promise<number>;
  /** Up to `limit` ids of entries the selection covers and no hold keeps, in no set order; `remaining` when more match. */
  abstract selectIds(selection: AccessLogSelection, limit: number): Promise<{ ids: string[]; remaining: boolean }>;
  /** Deletes these entries (those already gone are skipped). */
  abstract delete(ids: readonly string[]): Promise<void>;
  /** The distinct subject keys with one of `prefixes` (previous generations of SUBJECT_KEY_SECRET, ADR 0025). */
  abstract staleSubjectKeys(prefixes: string[]): Promise<string[]>;
  /** Moves a person's entries from her previous key to her current one; how many moved. Idempotent. */
  abstract rekeySubject(stale: string, current: string): Promise<number>;
}

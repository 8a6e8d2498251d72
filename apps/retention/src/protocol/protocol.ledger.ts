import { Injectable } from '@nestjs/common';
import { appendEntry, type ProtocolEntry, type ProtocolEntryDraft } from '../domain/protocol/protocol-entry.js';
import { ProtocolEntriesRepository } from './persistence/protocol-entries.repository.js';

const MAX_TRIES = 5;

/** The head moved on under every try: too many appends at once. */
export class ProtocolLedgerContentionError extends Error {
  constructor() {
    super(`The gallringsprotokoll moved on under ${MAX_TRIES} tries to append; try again.`);
    this.name = 'ProtocolLedgerContentionError';
  }
}

/**
 * The gallringsprotokoll. Append-only: each entry is chained onto the head and stored with `_id` = seq,
 * never updated or deleted. The unique seq serialises appenders across instances: when another instance
 * appended meanwhile, the insert fails on the duplicate seq and the entry is chained again onto the new head.
 */
@Injectable()
export class ProtocolLedger {
  constructor(private readonly entries: ProtocolEntriesRepository) {}

  /**
   * Chains the draft onto the current head and stores it; a run that already has its entry gets that entry
   * back (a run is recorded once). Throws ProtocolEntryError for an invalid draft.
   */
  async append(draft: ProtocolEntryDraft): Promise<ProtocolEntry> {
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const entry = appendEntry(await this.head(), draft);
      if (await this.entries.insert(entry)) return entry;
      // Either another entry took this seq, or this run's entry is already there.
      const existing = await this.findByRunId(draft.runId);
      if (existing) return existing;
    }
    throw new ProtocolLedgerContentionError();
  }

  /** The newest entry (highest seq), or undefined for an empty protocol. */
  async head(): Promise<ProtocolEntry | undefined> {
    return this.entries.newest();
  }

  /** The entry a run left, if it left one (a run appends once: finishing again finds it here). */
  async findByRunId(runId: string): Promise<ProtocolEntry | undefined> {
    return this.entries.findByRunId(runId);
  }

  /** Up to `limit` entries from `fromSeq` on, in seq order. */
  async page(fromSeq: number, limit: number): Promise<ProtocolEntry[]> {
    return this.entries.page(fromSeq, limit);
  }

  /** Every entry in seq order, read through a cursor (for verification and export). */
  all(): AsyncGenerator<ProtocolEntry> {
    return this.entries.all();
  }
}

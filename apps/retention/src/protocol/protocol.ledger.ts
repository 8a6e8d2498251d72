import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import { isDuplicateKeyError } from '@insyn/platform';
import { appendEntry, type ProtocolEntry, type ProtocolEntryDraft } from '../domain/protocol/protocol-entry.js';

/** The collection of the gallringsprotokoll: one document per entry, `_id` = seq. */
export const PROTOCOL_COLLECTION = 'gallringsprotokoll';

const MAX_TRIES = 5;

type ProtocolDocument = ProtocolEntry & { _id: number };

/** The head moved on under every try: too many appends at once. */
export class ProtocolLedgerContentionError extends Error {
  constructor() {
    super(`The gallringsprotokoll moved on under ${MAX_TRIES} tries to append; try again.`);
    this.name = 'ProtocolLedgerContentionError';
  }
}

/**
 * The stored gallringsprotokoll. Append-only: entries are inserted with `_id` = seq and are never updated
 * or deleted here. The unique `_id` serialises appenders across instances: when another instance appended
 * meanwhile, the insert fails on the duplicate seq and the entry is chained again onto the new head.
 */
@Injectable()
export class ProtocolLedger implements OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** One entry per run, even when two instances finish the same run at once. */
  async onModuleInit(): Promise<void> {
    await this.collection().createIndex({ runId: 1 }, { unique: true, name: 'runId_unique' });
  }

  /**
   * Chains the draft onto the current head and stores it; a run that already has its entry gets that entry
   * back (a run is recorded once). Throws ProtocolEntryError for an invalid draft.
   */
  async append(draft: ProtocolEntryDraft): Promise<ProtocolEntry> {
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const entry = appendEntry(await this.head(), draft);
      try {
        await this.collection().insertOne({ _id: entry.seq, ...entry });
        return entry;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // Either another entry took this seq, or this run's entry is already there.
        const existing = await this.findByRunId(draft.runId);
        if (existing) return existing;
      }
    }
    throw new ProtocolLedgerContentionError();
  }

  /** The newest entry (highest seq), or undefined for an empty protocol. */
  async head(): Promise<ProtocolEntry | undefined> {
    const [last] = await this.collection().find({}).sort({ _id: -1 }).limit(1).toArray();
    return last ? toEntry(last) : undefined;
  }

  /** The entry a run left, if it left one (a run appends once: finishing again finds it here). */
  async findByRunId(runId: string): Promise<ProtocolEntry | undefined> {
    const doc = await this.collection().findOne({ runId });
    return doc ? toEntry(doc) : undefined;
  }

  /** Up to `limit` entries from `fromSeq` on, in seq order. */
  async page(fromSeq: number, limit: number): Promise<ProtocolEntry[]> {
    const docs = await this.collection()
      .find({ _id: { $gte: fromSeq } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(toEntry);
  }

  /** Every entry in seq order, read through a cursor (for verification and export). */
  async *all(): AsyncGenerator<ProtocolEntry> {
    const cursor = this.collection().find({}).sort({ _id: 1 });
    try {
      for await (const doc of cursor) yield toEntry(doc);
    } finally {
      await cursor.close();
    }
  }

  private collection(): Collection<ProtocolDocument> {
    return this.connection.collection<ProtocolDocument>(PROTOCOL_COLLECTION);
  }
}

function toEntry(doc: ProtocolDocument): ProtocolEntry {
  const { _id: _seq, ...entry } = doc;
  return entry;
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import { isDuplicateKeyError } from '@insyn/platform';
import type { ProtocolEntry } from '../../domain/protocol/protocol-entry.js';

/** The collection of the gallringsprotokoll: one document per entry, `_id` = seq. */
export const PROTOCOL_COLLECTION = 'gallringsprotokoll';

/** An entry as stored: `_id` is its seq. */
type ProtocolRecord = ProtocolEntry & { _id: number };

/**
 * The stored entries of the gallringsprotokoll. Append-only: entries are inserted and never updated or
 * deleted here. The unique `_id` (the seq) and `runId` make an insert fail when another append took the
 * seq first, or the run has its entry already; the ledger decides what to do then.
 *
 * There is no mongoose model: the driver's collection, typed by the record, stores each entry exactly as
 * given (a hash-chained entry must not be cast or given defaults), and its insert fails on a duplicate `_id`.
 */
@Injectable()
export class ProtocolEntriesRepository implements OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** One entry per run, even when two instances finish the same run at once. */
  async onModuleInit(): Promise<void> {
    await this.collection().createIndex({ runId: 1 }, { unique: true, name: 'runId_unique' });
  }

  /** Stores the entry under its seq; false when the seq or the run is taken already. */
  async insert(entry: ProtocolEntry): Promise<boolean> {
    try {
      await this.collection().insertOne({ _id: entry.seq, ...entry });
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return false;
    }
  }

  /** The newest entry (highest seq), or undefined for an empty protocol. */
  async newest(): Promise<ProtocolEntry | undefined> {
    const [last] = await this.collection().find({}).sort({ _id: -1 }).limit(1).toArray();
    return last ? toEntry(last) : undefined;
  }

  /** The entry a run left, if it left one. */
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

  /** Every entry in seq order, read through a cursor. */
  async *all(): AsyncGenerator<ProtocolEntry> {
    const cursor = this.collection().find({}).sort({ _id: 1 });
    try {
      for await (const doc of cursor) yield toEntry(doc);
    } finally {
      await cursor.close();
    }
  }

  private collection(): Collection<ProtocolRecord> {
    return this.connection.collection<ProtocolRecord>(PROTOCOL_COLLECTION);
  }
}

function toEntry(doc: ProtocolRecord): ProtocolEntry {
  const { _id: _seq, ...entry } = doc;
  return entry;
}

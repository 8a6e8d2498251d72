import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import type { OutboxEntry } from '../outbox.js';

/** An aggregate document as the relay reads it: its id and its waiting events. */
export interface OutboxDocument {
  _id: string;
  outbox?: OutboxEntry[];
}

/**
 * Removes exactly the published entries, never one pushed since, in one statement per position rather
 * than one per document: producers append, so the entries read are at the front of each outbox, and
 * step i pops the first entry of each document whose first entry is still the i-th one read (event ids
 * are unique, so one `$in` over every document's i-th id matches each document's own). A document
 * another replica's relay already cleared does not match, so nothing unpublished is removed. (FerretDB
 * v1 has no `$pull` with conditions, and `$pullAll` of whole entries compares every entry with every
 * listed one.) Exported for its test.
 */
export async function removePublished(collection: Collection<OutboxDocument>, docs: OutboxDocument[]): Promise<void> {
  const longest = Math.max(0, ...docs.map((d) => d.outbox!.length));
  for (let i = 0; i < longest; i++) {
    const step = docs.filter((d) => d.outbox!.length > i);
    await collection.updateMany(
      { _id: { $in: step.map((d) => d._id) }, 'outbox.0.id': { $in: step.map((d) => d.outbox![i]!.id) } },
      { $pop: { outbox: -1 } },
    );
  }
}

/**
 * The outbox relay's reads and writes in the service's aggregate collections (ADR 0004): any
 * collection the service names, so it goes through the connection rather than a model per collection.
 */
@Injectable()
export class OutboxDocuments {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** The documents among `ids` whose outbox holds events, with only their outbox. */
  async waiting(collection: string, ids: string[]): Promise<OutboxDocument[]> {
    const docs = await this.connection
      .collection<OutboxDocument>(collection)
      .find({ _id: { $in: ids } }, { projection: { outbox: 1 } })
      .toArray();
    return docs.filter((d) => (d.outbox?.length ?? 0) > 0);
  }

  /** Removes the entries of `docs` that were read and published (removePublished). */
  removePublished(collection: string, docs: OutboxDocument[]): Promise<void> {
    return removePublished(this.connection.collection<OutboxDocument>(collection), docs);
  }

  /** Every document of the collection whose outbox holds events: the recovery scan, the one full read. */
  async idsWithEvents(collection: string): Promise<string[]> {
    const docs = await this.connection
      .collection<OutboxDocument>(collection)
      .find({ 'outbox.0': { $exists: true } }, { projection: { _id: 1 } })
      .toArray();
    return docs.map((d) => String(d._id));
  }
}

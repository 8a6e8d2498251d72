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
 * Removes exactly the published entries, by their ids, in one statement for every document of a round:
 * `$pull` of the entries whose id was read. An entry pushed since the read is untouched, and so is a
 * document another replica's relay already cleared; event ids are unique, so one list serves every
 * document, and a document not in `docs` is never touched. (On FerretDB this condition needs the
 * project's patch 0005; MongoDB has it.) Exported for its test.
 */
export async function removePublished(collection: Collection<OutboxDocument>, docs: OutboxDocument[]): Promise<void> {
  if (docs.length === 0) return;
  await collection.updateMany(
    { _id: { $in: docs.map((d) => d._id) } },
    { $pull: { outbox: { id: { $in: docs.flatMap((d) => d.outbox!.map((e) => e.id)) } } } },
  );
}

/**
 * The database connection the outbox relay reads and removes through: its own small pool beside the
 * service's. Under a burst of writes the service's pool queues hundreds of operations, and the relay's,
 * queued behind them, would wait while every outbox grew, making each write dearer still (ADR 0029).
 */
export const OUTBOX_RELAY_CONNECTION = 'outbox-relay';

/**
 * The outbox relay's reads and writes in the service's aggregate collections (ADR 0004): any
 * collection the service names, so it goes through the connection rather than a model per collection.
 */
@Injectable()
export class OutboxDocuments {
  constructor(@InjectConnection(OUTBOX_RELAY_CONNECTION) private readonly connection: Connection) {}

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

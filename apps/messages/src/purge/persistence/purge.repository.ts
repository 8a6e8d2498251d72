import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type OutboxEntry, type OutboxOnly, RETURN_OUTBOX, type WrittenOutbox, writtenOutbox } from '@insyn/messaging';
import { isDuplicateKeyError } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import { collectionOf } from '@insyn/platform';
import { PURGE_MODEL, type PurgeRecord } from './purge.schema.js';

/**
 * The purge records (`purges`, an outbox collection). Each method is one query or one atomic
 * single-document write (docs/style.md 12). The insert and the refusal's upsert go to the driver's
 * collection (typed, collectionOf): the record is stored exactly as given and a second delivery's insert
 * fails on the duplicate `_id`, without mongoose building and casting a document first.
 */
@Injectable()
export class PurgeRepository {
  private readonly records: Collection<PurgeRecord>;

  constructor(@InjectModel(PURGE_MODEL) private readonly purges: Model<PurgeRecord>) {
    this.records = collectionOf(purges);
  }

  async find(requestId: string): Promise<PurgeRecord | null> {
    return this.purges.findById(requestId, { outbox: 0 }).lean<PurgeRecord>().exec();
  }

  /** Stores the chunk's selection; false if another delivery of the same request stored one first. */
  async insert(record: PurgeRecord): Promise<boolean> {
    try {
      await this.records.insertOne(record);
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return false;
    }
  }

  /**
   * A refused request: its record unless there is one, and the answer on its outbox either way. Returns
   * the record's whole outbox as that write left it.
   */
  async refused(record: PurgeRecord, answer: OutboxEntry): Promise<WrittenOutbox> {
    const { _id, outbox: _outbox, ...fields } = record;
    const written = await this.records.findOneAndUpdate(
      { _id },
      { $setOnInsert: fields, $push: { outbox: answer } },
      { ...RETURN_OUTBOX, upsert: true },
    );
    // An upsert that returns the document after the write always has one.
    return written!.outbox;
  }

  /**
   * The deletion is done: the record says so, with its answer, if it was still deleting. Returns the
   * record's whole outbox as that write left it, or null when it was not deleting (nothing changed).
   */
  async completed(
    requestId: string,
    done: Pick<PurgeRecord, 'deletedIdsSha256' | 'completedAt'>,
    answer: OutboxEntry,
  ): Promise<WrittenOutbox | null> {
    const written = await this.purges
      .findOneAndUpdate(
        { _id: requestId, status: 'deleting' },
        { $set: { status: 'done', deletedIdsSha256: done.deletedIdsSha256, completedAt: done.completedAt }, $push: { outbox: answer } },
        RETURN_OUTBOX,
      )
      .lean<OutboxOnly>()
      .exec();
    return writtenOutbox(written);
  }

  /**
   * The same answer again (a redelivered request). Returns the record's whole outbox as that write left
   * it, or null when the record is gone (nothing changed).
   */
  async answerAgain(requestId: string, answer: OutboxEntry): Promise<WrittenOutbox | null> {
    const written = await this.purges
      .findOneAndUpdate({ _id: requestId }, { $push: { outbox: answer } }, RETURN_OUTBOX)
      .lean<OutboxOnly>()
      .exec();
    return writtenOutbox(written);
  }
}

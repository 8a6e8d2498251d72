import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type OutboxEntry, type OutboxOnly, RETURN_OUTBOX, type WrittenOutbox, writtenOutbox } from '@insyn/messaging';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import { ACCESS_LOG_PURGE_MODEL, type AccessLogPurgeRecord } from './access-log-purge.schema.js';
import { type AccessLogPurge, AccessLogPurgesRepository } from './access-log-purges.repository.js';

const toPurge = ({ _id, outbox: _outbox, ...rest }: AccessLogPurgeRecord): AccessLogPurge => ({ requestId: _id, ...rest });

/**
 * The insert and the refusal's upsert go to the driver's collection (typed by the record, collectionOf): the
 * insert must fail on a duplicate `_id`, and both store the record as given, without mongoose casting or adding
 * defaults. The rest uses the model.
 */
@Injectable()
export class MongoAccessLogPurgesRepository extends AccessLogPurgesRepository {
  private readonly collection: Collection<AccessLogPurgeRecord>;

  constructor(@InjectModel(ACCESS_LOG_PURGE_MODEL) private readonly model: Model<AccessLogPurgeRecord>) {
    super();
    this.collection = collectionOf(model);
  }

  async find(requestId: string): Promise<AccessLogPurge | null> {
    const record = await this.model.findById(requestId, { outbox: 0 }).lean<AccessLogPurgeRecord>().exec();
    return record ? toPurge({ ...record, outbox: [] }) : null;
  }

  async insertSelected(purge: AccessLogPurge): Promise<AccessLogPurge> {
    const { requestId, ...rest } = purge;
    try {
      await this.collection.insertOne({ _id: requestId, ...rest, outbox: [] });
      return purge;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.find(requestId))!;
    }
  }

  async complete(requestId: string, digest: string, completedAt: Date, answer: OutboxEntry): Promise<WrittenOutbox | null> {
    const after = await this.model
      .findOneAndUpdate(
        { _id: requestId, status: 'deleting' },
        { $set: { status: 'done', deletedIdsSha256: digest, completedAt }, $push: { outbox: answer } },
        RETURN_OUTBOX,
      )
      .lean<OutboxOnly>()
      .exec();
    return writtenOutbox(after);
  }

  async answerAgain(requestId: string, answer: OutboxEntry): Promise<WrittenOutbox | null> {
    const after = await this.model
      .findOneAndUpdate({ _id: requestId }, { $push: { outbox: answer } }, RETURN_OUTBOX)
      .lean<OutboxOnly>()
      .exec();
    return writtenOutbox(after);
  }

  async refuse(purge: AccessLogPurge, answer: OutboxEntry): Promise<WrittenOutbox> {
    const { requestId, ...fields } = purge;
    // An upsert always leaves a document, so the driver always answers with one.
    const after = await this.collection.findOneAndUpdate(
      { _id: requestId },
      { $setOnInsert: fields, $push: { outbox: answer } },
      { ...RETURN_OUTBOX, upsert: true },
    );
    return after!.outbox;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { OutboxEntry } from '@insyn/messaging';
import { isDuplicateKeyError } from '@insyn/platform';
import type { Model } from 'mongoose';
import { ACCESS_LOG_PURGE_MODEL, type AccessLogPurgeRecord } from './access-log-purge.schema.js';
import { type AccessLogPurge, AccessLogPurgesRepository } from './access-log-purges.repository.js';

const toPurge = ({ _id, outbox: _outbox, ...rest }: AccessLogPurgeRecord): AccessLogPurge => ({ requestId: _id, ...rest });

@Injectable()
export class MongoAccessLogPurgesRepository extends AccessLogPurgesRepository {
  constructor(@InjectModel(ACCESS_LOG_PURGE_MODEL) private readonly model: Model<AccessLogPurgeRecord>) {
    super();
  }

  async find(requestId: string): Promise<AccessLogPurge | null> {
    const record = await this.model.findById(requestId, { outbox: 0 }).lean<AccessLogPurgeRecord>().exec();
    return record ? toPurge({ ...record, outbox: [] }) : null;
  }

  async insertSelected(purge: AccessLogPurge): Promise<AccessLogPurge> {
    const { requestId, ...rest } = purge;
    try {
      await this.model.collection.insertOne({ _id: requestId, ...rest, outbox: [] } as never);
      return purge;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.find(requestId))!;
    }
  }

  async complete(requestId: string, digest: string, completedAt: Date, answer: OutboxEntry): Promise<void> {
    await this.model
      .updateOne(
        { _id: requestId, status: 'deleting' },
        { $set: { status: 'done', deletedIdsSha256: digest, completedAt }, $push: { outbox: answer } },
      )
      .exec();
  }

  async answerAgain(requestId: string, answer: OutboxEntry): Promise<void> {
    await this.model.updateOne({ _id: requestId }, { $push: { outbox: answer } }).exec();
  }

  async refuse(purge: AccessLogPurge, answer: OutboxEntry): Promise<void> {
    const { requestId, ...fields } = purge;
    await this.model.collection.updateOne({ _id: requestId } as never, { $setOnInsert: fields, $push: { outbox: answer } } as never, {
      upsert: true,
    });
  }
}

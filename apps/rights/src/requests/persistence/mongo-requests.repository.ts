import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { keysIn, type SubjectKeyScope } from '@insyn/auth';
import { type OutboxEntry, RETURN_OUTBOX, type WrittenOutbox, writtenOutbox } from '@insyn/messaging';
import { prefixPattern } from '@insyn/person';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import type { DataSubjectRequest, Extension, PartDecision, PartSummary, RequestStatus } from '../domain/request.model.js';
import { REQUEST_MODEL, REQUEST_PART_MODEL, type RequestPartRecord, type RequestRecord } from './request.schema.js';
import { RequestsRepository } from './requests.repository.js';

const openSlot = (subjectKey: string, notice: string, kind: string) => `${subjectKey}/${notice}/${kind}`;

function toRequest(record: RequestRecord): DataSubjectRequest {
  const { _id, slot: _slot, outbox: _outbox, partsSettled: _settled, partsComplete: _complete, ...rest } = record;
  return { id: _id, ...rest };
}

const NO_OUTBOX = { outbox: 0 } as const;

/**
 * Inserts and the conditional updates go to the driver's collection (typed by the record, collectionOf): an
 * insert must fail on a duplicate `_id`, and both store exactly what is given, without mongoose casting or
 * adding defaults. Reads use the models.
 */
@Injectable()
export class MongoRequestsRepository extends RequestsRepository {
  private readonly requestCollection: Collection<RequestRecord>;
  private readonly partCollection: Collection<RequestPartRecord>;

  constructor(
    @InjectModel(REQUEST_MODEL) private readonly model: Model<RequestRecord>,
    @InjectModel(REQUEST_PART_MODEL) private readonly parts: Model<RequestPartRecord>,
  ) {
    super();
    this.requestCollection = collectionOf(model);
    this.partCollection = collectionOf(parts);
  }

  async insert(request: DataSubjectRequest, event: OutboxEntry): Promise<WrittenOutbox | null> {
    const { id, ...rest } = request;
    const record: RequestRecord = {
      _id: id,
      slot: openSlot(request.subjectKey, request.notice.slug, request.kind),
      ...rest,
      outbox: [event],
    };
    try {
      await this.requestCollection.insertOne(record);
      return record.outbox;
    } catch (err) {
      if (isDuplicateKeyError(err)) return null;
      throw err;
    }
  }

  async findOpen(subjectKeys: SubjectKeyScope, notice: string, kind: string): Promise<DataSubjectRequest | null> {
    const record = await this.model
      .findOne({ slot: { $in: keysIn(subjectKeys).map((key) => openSlot(key, notice, kind)) } }, NO_OUTBOX)
      .lean<RequestRecord>()
      .exec();
    return record ? toRequest(record) : null;
  }

  async findById(id: string): Promise<DataSubjectRequest | null> {
    const record = await this.model.findById(id, NO_OUTBOX).lean<RequestRecord>().exec();
    return record ? toRequest(record) : null;
  }

  async listBySubject(subjectKeys: SubjectKeyScope, limit: number): Promise<DataSubjectRequest[]> {
    const records = await this.model
      .find({ subjectKey: { $in: keysIn(subjectKeys) } }, NO_OUTBOX)
      .sort({ receivedAt: -1 })
      .limit(limit)
      .lean<RequestRecord[]>()
      .exec();
    return records.map(toRequest);
  }

  async listByDue(filter: { status: RequestStatus; after?: { dueAt: Date; id: string }; limit: number }): Promise<DataSubjectRequest[]> {
    const { after } = filter;
    const records = await this.model
      .find(
        {
          status: filter.status,
          // `dueAt` bounds the scan before the `$or` that breaks ties, which FerretDB evaluates by scanning.
          ...(after
            ? { dueAt: { $gte: after.dueAt }, $or: [{ dueAt: { $gt: after.dueAt } }, { dueAt: after.dueAt, _id: { $gt: after.id } }] }
            : {}),
        },
        NO_OUTBOX,
      )
      .sort({ dueAt: 1, _id: 1 })
      .limit(filter.limit)
      .lean<RequestRecord[]>()
      .exec();
    return records.map(toRequest);
  }

  async countOverdue(now: Date): Promise<number> {
    return this.model.countDocuments({ status: 'open', dueAt: { $lt: now } }).exec();
  }

  async listOpenAskedBefore(before: Date, limit: number): Promise<DataSubjectRequest[]> {
    const records = await this.model
      .find({ status: 'open', partsComplete: { $ne: true }, lastAskedAt: { $lt: before } }, NO_OUTBOX)
      .sort({ lastAskedAt: 1 })
      .limit(limit)
      .lean<RequestRecord[]>()
      .exec();
    return records.map(toRequest);
  }

  async addPart(id: string, part: PartSummary): Promise<boolean> {
    const res = await this.requestCollection.updateOne(
      { _id: id, status: 'open', 'parts.service': { $ne: part.service } },
      { $push: { parts: part }, $inc: { revision: 1 } },
    );
    return res.matchedCount === 1;
  }

  async storePartRecords(requestId: string, service: string, sealedRecords: string, at: Date): Promise<void> {
    try {
      await this.partCollection.insertOne({ _id: `${requestId}/${service}`, requestId, service, sealedRecords, storedAt: at });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  async partRecords(requestId: string): Promise<{ service: string; sealedRecords: string }[]> {
    const records = await this.parts.find({ requestId }).sort({ service: 1 }).lean<RequestPartRecord[]>().exec();
    return records.map((r) => ({ service: r.service, sealedRecords: r.sealedRecords }));
  }

  async deletePartRecords(requestId: string, service?: string): Promise<void> {
    await this.partCollection.deleteMany(service ? { _id: `${requestId}/${service}` } : { requestId });
  }

  async expirePartRecords(requestId: string, at: Date): Promise<void> {
    await this.partCollection.updateMany({ requestId }, { $set: { expiresAt: at } });
  }

  async deleteExpiredPartRecords(now: Date): Promise<number> {
    const res = await this.partCollection.deleteMany({ expiresAt: { $lte: now } });
    return res.deletedCount;
  }

  async listUnsettled(limit: number): Promise<DataSubjectRequest[]> {
    const records = await this.model
      .find({ partsSettled: { $ne: true }, status: { $in: ['answered', 'withdrawn'] } }, NO_OUTBOX)
      .limit(limit)
      .lean<RequestRecord[]>()
      .exec();
    return records.map(toRequest);
  }

  async markPartsSettled(id: string, reportAvailableUntil?: Date): Promise<void> {
    await this.requestCollection.updateOne(
      { _id: id },
      { $set: { partsSettled: true, ...(reportAvailableUntil ? { reportAvailableUntil } : {}) } },
    );
  }

  async extend(id: string, revision: number, extension: Extension, dueAt: Date): Promise<boolean> {
    const res = await this.requestCollection.updateOne(
      { _id: id, revision, status: 'open' },
      { $set: { extension, dueAt }, $inc: { revision: 1 } },
    );
    return res.matchedCount === 1;
  }

  async decide(id: string, revision: number, decisions: PartDecision[]): Promise<boolean> {
    const res = await this.requestCollection.updateOne(
      { _id: id, revision, status: 'open' },
      { $set: { decisions }, $inc: { revision: 1 } },
    );
    return res.matchedCount === 1;
  }

  async close(
    id: string,
    revision: number,
    status: Exclude<RequestStatus, 'open'>,
    closedBy: DataSubjectRequest['closedBy'],
    at: Date,
    event: OutboxEntry,
    reportAvailableUntil?: Date,
  ): Promise<WrittenOutbox | null> {
    // Null exactly when the filter matched nothing, as matchedCount 0 was.
    const after = await this.requestCollection.findOneAndUpdate(
      { _id: id, revision, status: 'open' },
      {
        $set: { status, closedBy, closedAt: at, slot: `closed/${id}`, ...(reportAvailableUntil ? { reportAvailableUntil } : {}) },
        $unset: { previousSubjectKeys: '' },
        $inc: { revision: 1 },
        $push: { outbox: event },
      },
      RETURN_OUTBOX,
    );
    return writtenOutbox(after);
  }

  async markAsked(id: string, lastAskedAt: Date, at: Date, event: OutboxEntry): Promise<WrittenOutbox | null> {
    // Null exactly when the filter matched nothing, as matchedCount 0 was.
    const after = await this.requestCollection.findOneAndUpdate(
      { _id: id, status: 'open', lastAskedAt },
      { $set: { lastAskedAt: at }, $inc: { askCount: 1 }, $push: { outbox: event } },
      RETURN_OUTBOX,
    );
    return writtenOutbox(after);
  }

  async markPartsComplete(id: string): Promise<void> {
    await this.requestCollection.updateOne({ _id: id }, { $set: { partsComplete: true } });
  }

  async pagePartRecords(
    after: string | null,
    limit: number,
  ): Promise<{ id: string; requestId: string; service: string; sealedRecords: string }[]> {
    const records = await this.parts
      .find(after === null ? {} : { _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<RequestPartRecord[]>()
      .exec();
    return records.map((r) => ({ id: r._id, requestId: r.requestId, service: r.service, sealedRecords: r.sealedRecords }));
  }

  async replaceSealedPartRecords(id: string, previous: string, sealedRecords: string): Promise<boolean> {
    const res = await this.parts.updateOne({ _id: id, sealedRecords: previous }, { $set: { sealedRecords } }).exec();
    return res.matchedCount === 1;
  }

  async staleSubjectKeys(prefixes: string[]): Promise<string[]> {
    return this.model.distinct('subjectKey', { subjectKey: { $regex: prefixPattern(prefixes) } }).exec();
  }

  async rekeySubject(stale: string, current: string): Promise<number> {
    const records = await this.model.find({ subjectKey: stale }, { _id: 1, status: 1, notice: 1, kind: 1 }).lean<RequestRecord[]>().exec();
    let moved = 0;
    for (const r of records) {
      // Conditional on the key and the status read: a request closed meanwhile is moved by the next round.
      const res = await this.requestCollection.updateOne(
        { _id: r._id, subjectKey: stale, status: r.status },
        r.status === 'open'
          ? { $set: { subjectKey: current, slot: openSlot(current, r.notice.slug, r.kind) }, $addToSet: { previousSubjectKeys: stale } }
          : { $set: { subjectKey: current } },
      );
      moved += res.modifiedCount;
    }
    return moved;
  }
}

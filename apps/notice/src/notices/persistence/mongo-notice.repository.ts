import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type OutboxEntry, RETURN_OUTBOX, type WrittenOutbox, writtenOutbox } from '@insyn/messaging';
import type { Collection, Model } from 'mongoose';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import type { ApprovalHistoryEntry, PendingApproval } from '../domain/approval.js';
import type { NoticeRecord, PublishedVersionRecord } from './notice.entity.js';
import { NoticeRepository } from './notice.repository.js';
import { NOTICE_MODEL } from './notice.schema.js';

/**
 * Each method is one query or one atomic single-document update (docs/style.md 12). The insert and the
 * conditional updates go to the driver's collection (typed by the record, collectionOf): the insert must fail
 * on a duplicate `_id`, and both store exactly what is given, without mongoose casting the draft or adding
 * defaults. Reads use the model.
 */
@Injectable()
export class MongoNoticeRepository extends NoticeRepository {
  private readonly collection: Collection<NoticeRecord>;

  constructor(@InjectModel(NOTICE_MODEL) private readonly model: Model<NoticeRecord>) {
    super();
    this.collection = collectionOf(model);
  }

  async findBySlug(slug: string): Promise<NoticeRecord | null> {
    return this.model.findById(slug).lean<NoticeRecord>().exec();
  }

  async insert(record: NoticeRecord): Promise<boolean> {
    try {
      await this.collection.insertOne(record);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async replaceDraft(
    slug: string,
    expectedRevision: number,
    draft: Record<string, unknown>,
    controllerOrg: string | null,
    activity: string,
    at: Date,
    cancelled: ApprovalHistoryEntry | null,
  ): Promise<boolean> {
    const res = await this.collection.updateOne(
      { _id: slug, draftRevision: expectedRevision },
      {
        $set: { draft, controllerOrg, activity, updatedAt: at, pendingApproval: null },
        $inc: { draftRevision: 1 },
        ...(cancelled ? { $push: { approvalHistory: cancelled } } : {}),
      },
    );
    return res.matchedCount === 1;
  }

  async appendVersion(
    slug: string,
    draftRevision: number,
    version: PublishedVersionRecord,
    event: OutboxEntry,
    approval?: { approverPersons: string[]; entry: ApprovalHistoryEntry },
  ): Promise<WrittenOutbox | null> {
    const after = await this.collection.findOneAndUpdate(
      {
        _id: slug,
        draftRevision,
        currentVersion: version.version === 1 ? null : version.version - 1,
        ...(approval
          ? { 'pendingApproval.draftRevision': draftRevision, 'pendingApproval.requestedByPersons': { $nin: approval.approverPersons } }
          : {}),
      },
      {
        $push: { versions: version, outbox: event, ...(approval ? { approvalHistory: approval.entry } : {}) },
        $set: {
          status: 'published',
          currentVersion: version.version,
          withdrawnAt: null,
          withdrawalReason: null,
          pendingApproval: null,
          updatedAt: version.publishedAt,
        },
      },
      RETURN_OUTBOX,
    );
    return writtenOutbox(after);
  }

  async requestApproval(slug: string, pending: PendingApproval, entry: ApprovalHistoryEntry): Promise<boolean> {
    const res = await this.collection.updateOne(
      { _id: slug, draftRevision: pending.draftRevision, pendingApproval: null },
      { $set: { pendingApproval: pending }, $push: { approvalHistory: entry } },
    );
    return res.matchedCount === 1;
  }

  async rejectApproval(slug: string, draftRevision: number, deciderPersons: string[], entry: ApprovalHistoryEntry): Promise<boolean> {
    const res = await this.collection.updateOne(
      {
        _id: slug,
        'pendingApproval.draftRevision': draftRevision,
        'pendingApproval.requestedByPersons': { $nin: deciderPersons },
      },
      { $set: { pendingApproval: null, updatedAt: entry.at }, $push: { approvalHistory: entry } },
    );
    return res.matchedCount === 1;
  }

  async withdraw(slug: string, at: Date, reason: string | null, event: OutboxEntry): Promise<WrittenOutbox | null> {
    const after = await this.collection.findOneAndUpdate(
      { _id: slug, status: 'published' },
      { $set: { status: 'withdrawn', withdrawnAt: at, withdrawalReason: reason, updatedAt: at }, $push: { outbox: event } },
      RETURN_OUTBOX,
    );
    return writtenOutbox(after);
  }

  async findAllCurrentVersions(): Promise<{ slug: string; status: 'published'; version: PublishedVersionRecord }[]> {
    const docs = await this.model
      .find({ status: 'published' }, { versions: 1, currentVersion: 1 })
      .lean<Pick<NoticeRecord, '_id' | 'versions' | 'currentVersion'>[]>()
      .exec();
    return docs.flatMap((d) => {
      const version = d.versions.find((v) => v.version === d.currentVersion);
      return version ? [{ slug: d._id, status: 'published' as const, version }] : [];
    });
  }

  async findAllWithdrawnVersions(): Promise<{ slug: string; version: PublishedVersionRecord; withdrawnAt: Date }[]> {
    const docs = await this.model
      .find({ status: 'withdrawn' }, { versions: 1, currentVersion: 1, withdrawnAt: 1 })
      .lean<Pick<NoticeRecord, '_id' | 'versions' | 'currentVersion' | 'withdrawnAt'>[]>()
      .exec();
    return docs.flatMap((d) => {
      const version = d.versions.find((v) => v.version === d.currentVersion);
      return version && d.withdrawnAt ? [{ slug: d._id, version, withdrawnAt: d.withdrawnAt }] : [];
    });
  }

  async findVersion(slug: string, version: number): Promise<PublishedVersionRecord | null> {
    const doc = await this.model.findById(slug, { versions: 1 }).lean<Pick<NoticeRecord, 'versions'>>().exec();
    return doc?.versions.find((v) => v.version === version) ?? null;
  }

  async listVersions(
    slug: string,
  ): Promise<Pick<PublishedVersionRecord, 'version' | 'publishedAt' | 'publishedBy' | 'approvedBy'>[] | null> {
    const doc = await this.model.findById(slug, { versions: 1 }).lean<Pick<NoticeRecord, 'versions'>>().exec();
    return doc
      ? doc.versions.map((v) => ({
          version: v.version,
          publishedAt: v.publishedAt,
          publishedBy: v.publishedBy,
          ...(v.approvedBy ? { approvedBy: v.approvedBy } : {}),
        }))
      : null;
  }

  async listAll(): Promise<NoticeRecord[]> {
    return this.model.find({}, { outbox: 0 }).sort({ _id: 1 }).lean<NoticeRecord[]>().exec();
  }
}

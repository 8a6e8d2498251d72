import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import type { NoticeTerms } from '../domain/notice-terms.js';
import { NoticeTermsRepository } from './notice-terms.repository.js';
import { NOTICE_TERMS_MODEL, type NoticeTermsRecord } from './notice-terms.schema.js';

const toTerms = ({ _id: _, ...terms }: NoticeTermsRecord): NoticeTerms => terms;

/**
 * Writes go to the driver's collection (typed by the record, collectionOf): the insert must fail on a duplicate
 * `_id` (a redelivered event) and store the terms as given, without mongoose casting or adding defaults.
 */
@Injectable()
export class MongoNoticeTermsRepository extends NoticeTermsRepository {
  private readonly collection: Collection<NoticeTermsRecord>;

  constructor(@InjectModel(NOTICE_TERMS_MODEL) private readonly model: Model<NoticeTermsRecord>) {
    super();
    this.collection = collectionOf(model);
  }

  async record(terms: NoticeTerms): Promise<void> {
    try {
      await this.collection.insertOne({ _id: `${terms.slug}@${terms.version}`, ...terms });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  async markWithdrawn(slug: string, lastVersion: number, at: Date): Promise<void> {
    await this.collection.updateMany(
      { slug, version: { $lte: lastVersion }, withdrawnAt: { $exists: false } },
      { $set: { withdrawnAt: at } },
    );
  }

  async current(slug: string): Promise<NoticeTerms | null> {
    const [record] = await this.model.find({ slug }).sort({ version: -1 }).limit(1).lean<NoticeTermsRecord[]>().exec();
    return record && !record.withdrawnAt ? toTerms(record) : null;
  }

  async version(slug: string, version: number): Promise<NoticeTerms | null> {
    const record = await this.model.findById(`${slug}@${version}`).lean<NoticeTermsRecord>().exec();
    return record ? toTerms(record) : null;
  }

  async listCurrent(): Promise<NoticeTerms[]> {
    const records = await this.model.find({}).sort({ slug: 1, version: -1 }).lean<NoticeTermsRecord[]>().exec();
    const newest = new Map<string, NoticeTermsRecord>();
    for (const r of records) if (!newest.has(r.slug)) newest.set(r.slug, r);
    return [...newest.values()].filter((r) => !r.withdrawnAt).map(toTerms);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isDuplicateKeyError } from '@insyn/platform';
import type { Model } from 'mongoose';
import type { NoticeTerms } from '../domain/notice-terms.js';
import { NoticeTermsRepository } from './notice-terms.repository.js';
import { NOTICE_TERMS_MODEL, type NoticeTermsRecord } from './notice-terms.schema.js';

const toTerms = ({ _id: _, ...terms }: NoticeTermsRecord): NoticeTerms => terms;

@Injectable()
export class MongoNoticeTermsRepository extends NoticeTermsRepository {
  constructor(@InjectModel(NOTICE_TERMS_MODEL) private readonly model: Model<NoticeTermsRecord>) {
    super();
  }

  async record(terms: NoticeTerms): Promise<void> {
    try {
      await this.model.collection.insertOne({ _id: `${terms.slug}@${terms.version}`, ...terms } as never);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  async markWithdrawn(slug: string, lastVersion: number, at: Date): Promise<void> {
    await this.model.collection.updateMany(
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

import { Schema } from 'mongoose';
import type { NoticeTerms } from '../domain/notice-terms.js';

export const NOTICE_TERMS_MODEL = 'NoticeTerms';
export const NOTICE_TERMS_COLLECTION = 'notice_terms';

/** One published version's terms; `_id` is `<slug>@<version>`, so a redelivered event writes nothing new. */
export interface NoticeTermsRecord extends NoticeTerms {
  _id: string;
}

export const NoticeTermsSchema = new Schema<NoticeTermsRecord>(
  {
    _id: { type: String, required: true },
    slug: { type: String, required: true },
    noticeId: { type: String, required: true },
    version: { type: Number, required: true },
    publishedAt: { type: Date, required: true },
    title: { type: Object, required: true },
    requestKinds: { type: Object, required: true },
    consentPurposes: { type: [Object], default: [] },
    controller: Object,
    facts: Object,
    withdrawnAt: Date,
  },
  { collection: NOTICE_TERMS_COLLECTION, versionKey: false },
);
NoticeTermsSchema.index({ slug: 1, version: -1 });

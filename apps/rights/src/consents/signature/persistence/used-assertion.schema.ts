import { Schema } from 'mongoose';

export const USED_ASSERTION_MODEL = 'UsedSignAssertion';

/**
 * A sign assertion that gave a consent: its `jti` as `_id`, so a second use of the same assertion (a replay)
 * fails on the unique key. Kept after the assertion expires too: an expired one is refused anyway, and the
 * record costs a few bytes.
 */
export interface UsedAssertionRecord {
  _id: string;
  subjectKey: string;
  usedAt: Date;
}

export const UsedAssertionSchema = new Schema<UsedAssertionRecord>(
  {
    _id: { type: String, required: true },
    subjectKey: { type: String, required: true },
    usedAt: { type: Date, required: true },
  },
  { collection: 'used_sign_assertions', versionKey: false },
);

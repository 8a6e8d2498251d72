import { Schema } from 'mongoose';
import type { BrowserSession } from '../browser-session.js';

export const BROWSER_SESSION_MODEL = 'BrowserSession';
export const BROWSER_SESSIONS_COLLECTION = 'browser_sessions';

/** A browser session as stored: the session itself, one document per browser. */
export type BrowserSessionRecord = BrowserSession;

export const BrowserSessionSchema = new Schema<BrowserSessionRecord>(
  {
    _id: { type: String, required: true },
    csrf: { type: String, required: true },
    lang: String,
    loginId: String,
    sithsPending: Boolean,
    signing: Object,
    user: Object,
    sealed: String,
    accessExpiresAt: Date,
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: BROWSER_SESSIONS_COLLECTION, versionKey: false },
);
BrowserSessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

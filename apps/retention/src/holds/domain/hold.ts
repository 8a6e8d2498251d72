import { createHash } from 'node:crypto';
import type { ContractViolation } from '@insyn/contracts';

/** What a legal hold (gallringsstopp) covers. */
/** A hold is active until released; released ones stay, as history. */
export const HOLD_STATUSES = ['active', 'released'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export const HOLD_SCOPES = ['person', 'conversation', 'unit', 'rule'] as const;
export type HoldScope = (typeof HOLD_SCOPES)[number];

/**
 * Why gallring is stopped. Swedish law has no "legal hold" as such; gallring waits while a request to read
 * the documents (TF 2 kap.), a data-subject request, a dispute or a supervisory case (IVO, JO, IMY) is open.
 */
export const HOLD_REASONS = ['public-records-request', 'data-subject-request', 'litigation', 'supervisory-case', 'other'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Who set, reviewed or released a hold: an official (HSA id), a municipal system (client id), or a service acting on an event. */
export interface HoldActor {
  kind: 'official' | 'client' | 'system';
  id: string;
}

export interface HoldSource {
  type: 'rights-request';
  requestId: string;
}

export interface HoldReview {
  at: Date;
  by: HoldActor;
  from: Date;
  to: Date;
}

/**
 * A legal hold. `target` is a subjectKey (person), a conversation id, a unit id or a rule id — never a
 * personnummer. A hold never lapses on its own: past its `reviewAt` it is overdue for review, still active.
 */
export interface Hold {
  holdId: string;
  scope: HoldScope;
  target: string;
  reason: HoldReason;
  note?: string;
  setBy: HoldActor;
  setAt: Date;
  reviewAt: Date;
  reviews: HoldReview[];
  releasedAt?: Date;
  releasedBy?: HoldActor;
  releaseNote?: string;
  source?: HoldSource;
  /** When anything shown of the hold last changed: set, reviewed or released. What `GET /v1/holds?since=` selects on. */
  changedAt: Date;
}

/**
 * When a hold stored before `changedAt` was kept last changed, as near as its record tells: its release,
 * else its latest review, else when it was set (HoldsRepository backfills it so at start-up).
 */
export function changedAtBefore(hold: Pick<Hold, 'setAt' | 'reviews' | 'releasedAt'>): Date {
  if (hold.releasedAt) return hold.releasedAt;
  const times = [hold.setAt, ...hold.reviews.map((r) => r.at)].map((d) => d.getTime());
  return new Date(Math.max(...times));
}

/** Conversation ids as the purge contract carries them (PurgeExclusions.itemIds). Rule ids are RULE_ID (rules/domain). */
export const ITEM_ID = /^[A-Za-z0-9_-]{8,100}$/;
export const UNIT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const HOLD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const NOTE_MAX = 500;

/** Something shaped like a personnummer or samordningsnummer, with or without century and separator. */
const PERSONNUMMER_SHAPED = /(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)/;

export const looksLikePersonnummer = (text: string): boolean => PERSONNUMMER_SHAPED.test(text);

/**
 * The latest review date allowed from `now`: one calendar year ahead. A hold is looked at again at least
 * once a year, so none outlives its reason unnoticed.
 */
export function latestReviewAt(now: Date): Date {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  return limit;
}

/** reviewAt must lie after now and at most one year ahead; the violations name the field. */
export function reviewAtViolations(reviewAt: Date, now: Date, field = 'reviewAt'): ContractViolation[] {
  if (Number.isNaN(reviewAt.getTime())) return [{ field, messages: [`${field} must be a date`] }];
  if (reviewAt.getTime() <= now.getTime()) return [{ field, messages: [`${field} must not be in the past`] }];
  if (reviewAt.getTime() > latestReviewAt(now).getTime())
    return [{ field, messages: [`${field} must be at most one year ahead (a hold is reviewed at least yearly)`] }];
  return [];
}

/**
 * The uniqueness slot of a hold (a unique index): one active hold set by hand per scope + target, one
 * automatic hold per data-subject request, and a slot of its own once released.
 *
 * Automatic holds do not block a hold set by hand, nor each other: each ends with its own request, and a
 * litigation hold must not end because a data-subject request on the same person was answered.
 */
export function slotOf(hold: Pick<Hold, 'holdId' | 'scope' | 'target' | 'source' | 'releasedAt'>): string {
  if (hold.releasedAt) return releasedSlot(hold.holdId);
  if (hold.source) return `${hold.source.type}:${hold.source.requestId}`;
  return `${hold.scope}:${hold.target}`;
}

export const releasedSlot = (holdId: string): string => `released:${holdId}`;

/** Hand-set holds on this scope + target share this slot. */
export const manualSlot = (scope: HoldScope, target: string): string => `${scope}:${target}`;

/**
 * The hold id of the automatic hold for a data-subject request: a name-based UUID (RFC 9562 v5) of the
 * request id, so the same request always maps to the same hold, even after that hold is released.
 */
export function rightsRequestHoldId(requestId: string): string {
  const namespace = Buffer.from('6f1f3c52-8d0e-4b8e-9a57-3d3c1f0f7a10'.replace(/-/g, ''), 'hex');
  const b = createHash('sha1').update(namespace).update(`rights-request:${requestId}`, 'utf8').digest().subarray(0, 16);
  b[6] = 0x50 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const isActive = (hold: Pick<Hold, 'releasedAt'>): boolean => hold.releasedAt === undefined;

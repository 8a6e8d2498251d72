import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { createHash } from 'node:crypto';
import { defineEvent, envelopeOf } from '../envelope.js';
import { Topics } from '../topics.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;
/** A retention rule's id, as the retention service accepts it (lower case, 2 to 63 characters). */
export const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** The events a purge selection can count from. */
export const PURGE_TRIGGERS = ['conversation-closed', 'inaktualitet', 'last-activity', 'case-closed'] as const;
export type PurgeTrigger = (typeof PURGE_TRIGGERS)[number];

/** A purge answer lists its deleted ids up to this many (about 0.5 MB); above, only the digest. */
export const MAX_DELETED_IDS = 10_000;

/** Which items a purge chunk covers, in the owning service's terms. */
export class PurgeSelection {
  /** The owning service that must delete (`messages`). */
  @Matches(/^[a-z][a-z0-9-]{1,40}$/)
  service!: string;

  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  unit!: string;

  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  informationType!: string;

  /**
   * What `triggeredBefore` is compared with: the closing (default), the official's confirmation that the
   * item is inaktuell, the last activity, or the closing of the case it belongs to. An owner that cannot
   * select by the trigger answers with an `error`.
   */
  @IsOptional()
  @IsIn(PURGE_TRIGGERS)
  trigger?: PurgeTrigger;

  /** Items whose trigger (e.g. closing) happened strictly before this instant. */
  @IsISO8601({ strict: true })
  triggeredBefore!: string;

  /** Only items with an archive receipt; the others are reported as blocked, never deleted. */
  @IsBoolean()
  requireArchived!: boolean;
}

/** What must not be deleted whatever the selection says (legal holds, open data-subject requests). */
export class PurgeExclusions {
  @IsArray()
  @ArrayMaxSize(100_000)
  @Matches(/^[A-Za-z0-9_-]{16,128}$/, { each: true })
  subjectKeys!: string[];

  @IsArray()
  @ArrayMaxSize(100_000)
  @Matches(ID, { each: true })
  itemIds!: string[];
}

/**
 * Retention asks the owning service to delete one chunk of a gallring run. Idempotent by `requestId`:
 * the same request twice deletes nothing more and gets the same answer.
 */
export class PurgeRequestedV1 {
  @Matches(ID)
  requestId!: string;

  @Matches(ID)
  runId!: string;

  @Matches(RULE_ID_PATTERN)
  ruleId!: string;

  @IsInt()
  @Min(1)
  ruleVersion!: number;

  @IsInt()
  @Min(0)
  chunk!: number;

  @ValidateNested()
  @Type(() => PurgeSelection)
  selection!: PurgeSelection;

  @ValidateNested()
  @Type(() => PurgeExclusions)
  exclusions!: PurgeExclusions;

  /** At most this many items in this chunk. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  limit!: number;

  @IsIn(['delete', 'crypto-shred'])
  method!: 'delete' | 'crypto-shred';

  @IsISO8601({ strict: true })
  requestedAt!: string;
}

export class PurgeRequestedV1Envelope extends envelopeOf(PurgeRequestedV1) {}

export const PurgeRequestedV1Event = defineEvent({
  type: Topics.RetentionPurgeRequestedV1,
  data: PurgeRequestedV1,
  envelope: PurgeRequestedV1Envelope,
  key: (d) => d.runId,
});

/** The owning service's answer to one chunk: counts and a hash over the deleted ids, no personal data. */
export class PurgeCompletedV1 {
  @Matches(ID)
  requestId!: string;

  @Matches(ID)
  runId!: string;

  @IsInt()
  @Min(0)
  chunk!: number;

  @Matches(/^[a-z][a-z0-9-]{1,40}$/)
  service!: string;

  @IsInt()
  @Min(0)
  deleted!: number;

  /** Items of the whole selection left alone because of a hold, as the service saw it for this chunk (a snapshot, not a per-chunk share). */
  @IsInt()
  @Min(0)
  skippedHeld!: number;

  /** Items of the whole selection without the required archive receipt (a snapshot, like skippedHeld). */
  @IsInt()
  @Min(0)
  blockedUnarchived!: number;

  /** True when more items match the selection than this chunk's limit allowed. */
  @IsBoolean()
  remaining!: boolean;

  /** SHA-256 (hex) over the sorted deleted ids, one per line; the empty list hashes the empty string. */
  @Matches(/^[0-9a-f]{64}$/)
  deletedIdsSha256!: string;

  /**
   * The deleted item ids themselves (not personal data: opaque ids), so retention can drop them from its
   * candidates and check `deletedIdsSha256`. Left out when the chunk deleted more than {@link MAX_DELETED_IDS}.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DELETED_IDS)
  @Matches(ID, { each: true })
  deletedIds?: string[];

  @IsIn(['delete', 'crypto-shred'])
  method!: 'delete' | 'crypto-shred';

  @IsISO8601({ strict: true })
  completedAt!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  error?: string;
}

export class PurgeCompletedV1Envelope extends envelopeOf(PurgeCompletedV1) {}

export const PurgeCompletedV1Event = defineEvent({
  type: Topics.RetentionPurgeCompletedV1,
  data: PurgeCompletedV1,
  envelope: PurgeCompletedV1Envelope,
  key: (d) => d.runId,
});

/** The gallringsbeslut a rule version rests on: the deciding body, date, diarienummer and point of the plan. */
export class RuleDecision {
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  body!: string;

  /** The date of the decision, `YYYY-MM-DD`. */
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @IsISO8601({ strict: true })
  date!: string;

  /** The diarienummer, e.g. `KS-2024/0113`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference!: string;

  /** The point or paragraph of the gallringsplan, e.g. `punkt 4.2`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  section!: string;
}

/** ISO 8601 durations as retention rules write them: whole numbers, units in order, e.g. `P2Y`, `P18M`, `P90D`. */
const RETENTION_DURATION = /^P(?!$)(\d{1,6}Y)?(\d{1,6}M)?(\d{1,6}W)?(\d{1,6}D)?(T(?=\d)(\d{1,6}H)?(\d{1,6}M)?(\d{1,6}S)?)?$/;

/**
 * A version of a retention rule (gallringsregel) became the active one, under its gallringsbeslut. The
 * whole version is in the event, so a consumer needs no call back. Keyed by rule id: one rule's
 * activations stay in order, and the highest version is the one in force. No personal data.
 */
export class RuleActivatedV1 {
  @Matches(RULE_ID_PATTERN)
  ruleId!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  unit!: string;

  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  informationType!: string;

  @IsIn(['keep', 'delete', 'archive-then-delete'])
  action!: 'keep' | 'delete' | 'archive-then-delete';

  /** What the period is counted from; `inaktualitet` is confirmed by an official. */
  @IsIn(['conversation-closed', 'case-closed', 'last-activity', 'inaktualitet'])
  trigger!: 'conversation-closed' | 'case-closed' | 'last-activity' | 'inaktualitet';

  /** ISO 8601 duration from the trigger (`P2Y`); null when the information is kept. */
  @ValidateIf((_o, v) => v !== null)
  @Matches(RETENTION_DURATION)
  after!: string | null;

  /** What must hold for an item before it may be deleted. */
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(['archived', 'receipt-received'], { each: true })
  preconditions!: ('archived' | 'receipt-received')[];

  @IsObject()
  @ValidateNested()
  @Type(() => RuleDecision)
  decision!: RuleDecision;

  @IsISO8601({ strict: true })
  activatedAt!: string;

  /**
   * Who submitted the version for activation (`official:<HSA-id>`); absent on activations before the
   * four-eyes rule (ADR 0024). An official's work identity, never a personnummer.
   */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  requestedBy?: string;

  /** Who approved it, a second person (`official:<HSA-id>`); absent as `requestedBy` is. */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  approvedBy?: string;
}

export class RuleActivatedV1Envelope extends envelopeOf(RuleActivatedV1) {}

export const RuleActivatedV1Event = defineEvent({
  type: Topics.RetentionRuleActivatedV1,
  data: RuleActivatedV1,
  envelope: RuleActivatedV1Envelope,
  key: (d) => d.ruleId,
});

/**
 * A retention rule was retired: from now on it selects nothing, and the version it names (null when none
 * was active) no longer governs the information type. Keyed by rule id, after the rule's activations.
 * The reason stays in the rule's own record.
 */
export class RuleRetiredV1 {
  @Matches(RULE_ID_PATTERN)
  ruleId!: string;

  /** The version that was active when the rule was retired; null when none was. */
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  version!: number | null;

  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  unit!: string;

  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  informationType!: string;

  @IsISO8601({ strict: true })
  retiredAt!: string;

  /** Who retired it (`official:<HSA-id>`). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  retiredBy!: string;
}

export class RuleRetiredV1Envelope extends envelopeOf(RuleRetiredV1) {}

export const RuleRetiredV1Event = defineEvent({
  type: Topics.RetentionRuleRetiredV1,
  data: RuleRetiredV1,
  envelope: RuleRetiredV1Envelope,
  key: (d) => d.ruleId,
});

/**
 * The digest `retention.purge.completed.v1` carries: SHA-256 (hex) over the deleted ids, sorted, one per
 * line. Owners write it; the retention service checks listed ids against it. One definition, so the two
 * sides cannot drift.
 */
export function deletedIdsSha256(ids: readonly string[]): string {
  return createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex');
}

/** One chunk as an owning service keeps it: what it chose, what it kept back, and how it ended. */
export interface OwnedPurgeChunk {
  requestId: string;
  runId: string;
  chunk: number;
  method: PurgeCompletedV1['method'];
  ids: readonly string[];
  skippedHeld: number;
  blockedUnarchived: number;
  remaining: boolean;
  deletedIdsSha256?: string;
  completedAt?: Date;
  error?: string;
}

/** An owning service's answer to one purge request: the counts, the digest and, up to MAX_DELETED_IDS, the ids. */
export function purgeCompletion(service: string, chunk: OwnedPurgeChunk, now: Date): PurgeCompletedV1 {
  return {
    requestId: chunk.requestId,
    runId: chunk.runId,
    chunk: chunk.chunk,
    service,
    deleted: chunk.ids.length,
    skippedHeld: chunk.skippedHeld,
    blockedUnarchived: chunk.blockedUnarchived,
    remaining: chunk.remaining,
    deletedIdsSha256: chunk.deletedIdsSha256 ?? deletedIdsSha256(chunk.ids),
    ...(chunk.ids.length <= MAX_DELETED_IDS ? { deletedIds: [...chunk.ids].sort() } : {}),
    method: chunk.method,
    completedAt: (chunk.completedAt ?? now).toISOString(),
    ...(chunk.error !== undefined ? { error: chunk.error } : {}),
  };
}

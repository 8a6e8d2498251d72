import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { defineEvent, envelopeOf } from '../envelope.js';
import { Topics } from '../topics.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;

/** Which items a purge chunk covers, in the owning service's terms. */
export class PurgeSelection {
  /** The owning service that must delete (`messages`). */
  @Matches(/^[a-z][a-z0-9-]{1,40}$/)
  service!: string;

  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  unit!: string;

  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  informationType!: string;

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

  @Matches(ID)
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

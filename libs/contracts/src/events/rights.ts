import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { defineEvent, envelopeOf } from '../envelope.js';
import { Topics } from '../topics.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;
const SUBJECT_KEY = /^[A-Za-z0-9_-]{16,128}$/;

export const REQUEST_KINDS = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** A data-subject request was opened (GDPR art. 15-21): every service holding the person's data answers. */
export class RightsRequestOpenedV1 {
  @Matches(ID)
  requestId!: string;

  @IsIn(REQUEST_KINDS)
  kind!: RequestKind;

  /** Whose data (also the envelope's subjectKey). */
  @Matches(SUBJECT_KEY)
  subjectKey!: string;

  @IsISO8601({ strict: true })
  openedAt!: string;

  /** When the answer is due (one month, art. 12.3). */
  @IsISO8601({ strict: true })
  dueAt!: string;
}

export class RightsRequestOpenedV1Envelope extends envelopeOf(RightsRequestOpenedV1) {}

export const RightsRequestOpenedV1Event = defineEvent({
  type: Topics.RightsRequestOpenedV1,
  data: RightsRequestOpenedV1,
  envelope: RightsRequestOpenedV1Envelope,
  key: (d) => d.requestId,
});

export const REQUEST_CLOSINGS = ['answered', 'withdrawn'] as const;

/**
 * A data-subject request was closed: answered, or withdrawn by the person. What was held for it (the
 * automatic gallring hold) may go. No personal data: the request id only.
 */
export class RightsRequestClosedV1 {
  @Matches(ID)
  requestId!: string;

  @IsIn(REQUEST_CLOSINGS)
  outcome!: (typeof REQUEST_CLOSINGS)[number];

  @IsISO8601({ strict: true })
  closedAt!: string;
}

export class RightsRequestClosedV1Envelope extends envelopeOf(RightsRequestClosedV1) {}

export const RightsRequestClosedV1Event = defineEvent({
  type: Topics.RightsRequestClosedV1,
  data: RightsRequestClosedV1,
  envelope: RightsRequestClosedV1Envelope,
  key: (d) => d.requestId,
});

export class RightsDecision {
  @IsIn(['done', 'partly-done', 'refused', 'not-applicable'])
  outcome!: 'done' | 'partly-done' | 'refused' | 'not-applicable';

  /** The legal reason, citing the law (e.g. "arkivlagen (1990:782) 10 §; gallringsbeslut KS 2024/123"). */
  @IsString()
  @MaxLength(2000)
  legalReason!: string;
}

/**
 * One service's part of the answer. For access (registerutdrag) it carries the person's data held there:
 * this event holds personal data by design and travels only to the rights service.
 */
export class RightsRequestPartV1 {
  @Matches(ID)
  requestId!: string;

  @Matches(/^[a-z][a-z0-9-]{1,40}$/)
  service!: string;

  @IsIn(REQUEST_KINDS)
  kind!: RequestKind;

  /** Access: the data, one object per record (e.g. per conversation), in the service's own shape. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsObject({ each: true })
  records?: Record<string, unknown>[];

  @IsOptional()
  @ValidateNested()
  @Type(() => RightsDecision)
  decision?: RightsDecision;

  @IsISO8601({ strict: true })
  producedAt!: string;
}

export class RightsRequestPartV1Envelope extends envelopeOf(RightsRequestPartV1) {}

export const RightsRequestPartV1Event = defineEvent({
  type: Topics.RightsRequestPartV1,
  data: RightsRequestPartV1,
  envelope: RightsRequestPartV1Envelope,
  key: (d) => d.requestId,
});

import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { defineEvent, envelopeOf } from '../envelope.js';
import { Topics } from '../topics.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;
const SUBJECT_KEY = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The rights service's public key (a P-256 JWK for ECDH-ES) that a part's records are encrypted to, so
 * that personal data never sits readable in Kafka's log (docs/adr/0008).
 */
export class PartEncryptionKey {
  @IsIn(['EC'])
  kty!: 'EC';

  @IsIn(['P-256'])
  crv!: 'P-256';

  @Matches(/^[A-Za-z0-9_-]{43}$/)
  x!: string;

  @Matches(/^[A-Za-z0-9_-]{43}$/)
  y!: string;

  @Matches(/^[A-Za-z0-9_-]{1,100}$/)
  kid!: string;

  @IsIn(['ECDH-ES'])
  alg!: 'ECDH-ES';

  @IsOptional()
  @IsIn(['enc'])
  use?: 'enc';
}

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

  /**
   * During a rotation of SUBJECT_KEY_SECRET (ADR 0025): the same person's keys under the previous secrets,
   * which a service that has not re-keyed yet may still store her data under. A part still names her by
   * `subjectKey` (or, after the request was re-keyed, by one of these).
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(SUBJECT_KEY, { each: true })
  previousSubjectKeys?: string[];

  @IsISO8601({ strict: true })
  openedAt!: string;

  /** When the answer is due (one month, art. 12.3). */
  @IsISO8601({ strict: true })
  dueAt!: string;

  /**
   * Where present, a part's records go only as `encryptedRecords`: a compact JWE (ECDH-ES, A256GCM) to
   * this key. Absent only in requests from before the rights service existed.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => PartEncryptionKey)
  encryptTo?: PartEncryptionKey;
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

  /**
   * Access, when the request named `encryptTo`: the records as a compact JWE (ECDH-ES, A256GCM) to that
   * key, its `kid` in the protected header; the plaintext is the JSON array `records` would hold.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, {
    message: 'encryptedRecords must be a compact JWE',
  })
  @MaxLength(1_000_000)
  encryptedRecords?: string;

  /** How many records the part holds, encrypted or not. */
  @IsOptional()
  @IsInt()
  @Min(0)
  recordCount?: number;

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

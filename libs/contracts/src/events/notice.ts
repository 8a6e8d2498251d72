import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { defineEvent, envelopeOf } from '../envelope.js';
import { Topics } from '../topics.js';

export class NoticeControllerRef {
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  /** Swedish organisation number, NNNNNN-NNNN. */
  @Matches(/^\d{6}-\d{4}$/)
  organisationNumber!: string;
}

/**
 * How consent to a legal-basis group's purpose is given: `required`, by signing its exact text with e-ID
 * (BankID); `none`, in one step while signed in. Withdrawing never needs a signature (GDPR art. 7.3).
 */
export const CONSENT_SIGNATURES = ['none', 'required'] as const;
export type ConsentSignature = (typeof CONSENT_SIGNATURES)[number];

/** `content.legalBasisGroups[i].consent` of notice.published.v1: optional, on consent groups only. */
export interface NoticeContentConsent {
  signature: ConsentSignature;
}

/** A processing notice was published: the full, frozen content of that version. */
export class NoticePublishedV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  noticeId!: string;

  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  @MaxLength(120)
  slug!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601({ strict: true })
  publishedAt!: string;

  /**
   * The controller by name and organisation number; absent when the notice gives no organisation number
   * (the content still names the controller). Optional since notices may print none: consumers already
   * treated it as absent on terms they stored before it existed.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => NoticeControllerRef)
  controller?: NoticeControllerRef;

  /**
   * Who approved this version, the second person of four-eyes publishing (`official:<HSA-id>`), beside
   * `content.publication.publishedBy` who submitted it. Optional: events of versions published before
   * four-eyes (or by the operators' CLI) have none.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  approvedBy?: string;

  /**
   * The notice as the notice service's JSON representation of that version. A legal-basis group that rests
   * on consent (a basis 6.1.a or 9.2.a) may carry `consent: { signature: 'required' | 'none' }`
   * ({@link NoticeContentConsent}); absent means `none`. Additive: older events and consumers are unaffected.
   */
  @IsObject()
  content!: Record<string, unknown>;
}

export class NoticePublishedV1Envelope extends envelopeOf(NoticePublishedV1) {}

export const NoticePublishedV1Event = defineEvent({
  type: Topics.NoticePublishedV1,
  data: NoticePublishedV1,
  envelope: NoticePublishedV1Envelope,
  key: (d) => d.noticeId,
});

/** A notice was withdrawn: no version of it is current any more (every version stays readable). */
export class NoticeWithdrawnV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  noticeId!: string;

  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  @MaxLength(120)
  slug!: string;

  @IsInt()
  @Min(1)
  lastVersion!: number;

  @IsISO8601({ strict: true })
  withdrawnAt!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class NoticeWithdrawnV1Envelope extends envelopeOf(NoticeWithdrawnV1) {}

export const NoticeWithdrawnV1Event = defineEvent({
  type: Topics.NoticeWithdrawnV1,
  data: NoticeWithdrawnV1,
  envelope: NoticeWithdrawnV1Envelope,
  key: (d) => d.noticeId,
});

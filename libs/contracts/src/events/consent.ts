import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { defineEvent, envelopeOf } from '../envelope.js';
import { Topics } from '../topics.js';

export const CONSENT_STATES = ['given', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** The GDPR articles a consent can rest on: art. 6.1 a, and art. 9.2 a for special categories. */
export const CONSENT_BASES = ['6.1.a', '9.2.a'] as const;
export type ConsentBasis = (typeof CONSENT_BASES)[number];

export class ConsentNoticeRef {
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  @MaxLength(120)
  slug!: string;

  /** The notice version whose text the person was shown. */
  @IsInt()
  @Min(1)
  version!: number;
}

export class ConsentPurposeRef {
  /** The notice's legal-basis group id. */
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  @MaxLength(100)
  id!: string;

  @IsIn(CONSENT_BASES)
  basis!: ConsentBasis;
}

/** How the person was signed in when they changed the consent (no personnummer, no session id). */
export class ConsentMethod {
  /** The e-ID provider: `bankid`, `freja`, ... */
  @IsString()
  @MaxLength(40)
  provider!: string;

  @IsInt()
  @Min(1)
  @Max(4)
  loa!: number;
}

/**
 * A person gave or withdrew consent to one purpose of a processing notice. No personnummer and no text:
 * the person is the subject key, the text is named by the notice version and its digest (SHA-256 over the
 * purpose's basis and text). `sequence` counts the consent's changes (1, 2, ...), so a consumer that also
 * reads the current state elsewhere can tell which is newer. Keyed by consent id: one consent's changes
 * stay in order.
 */
export class ConsentChangedV1 {
  @Matches(/^[A-Za-z0-9_-]{8,100}$/)
  consentId!: string;

  /** Whose consent (also the envelope's subjectKey). */
  @Matches(/^[A-Za-z0-9_-]{16,128}$/)
  subjectKey!: string;

  @ValidateNested()
  @Type(() => ConsentNoticeRef)
  notice!: ConsentNoticeRef;

  @ValidateNested()
  @Type(() => ConsentPurposeRef)
  purpose!: ConsentPurposeRef;

  @IsIn(CONSENT_STATES)
  state!: ConsentState;

  @IsInt()
  @Min(1)
  sequence!: number;

  /** SHA-256 (base64url) over the purpose's basis and text (sv, en) as shown. */
  @Matches(/^[A-Za-z0-9_-]{43}$/)
  textDigest!: string;

  /** The language the text was shown in. */
  @IsIn(['sv', 'en'])
  language!: 'sv' | 'en';

  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentMethod)
  method?: ConsentMethod;

  /** Set when consent was given by signing its text with this e-ID (the notice asked for it); absent otherwise. Additive. */
  @IsOptional()
  @IsIn(['bankid'])
  signedWith?: 'bankid';

  @IsISO8601({ strict: true })
  changedAt!: string;
}

export class ConsentChangedV1Envelope extends envelopeOf(ConsentChangedV1) {}

export const ConsentChangedV1Event = defineEvent({
  type: Topics.ConsentChangedV1,
  data: ConsentChangedV1,
  envelope: ConsentChangedV1Envelope,
  key: (d) => d.consentId,
});

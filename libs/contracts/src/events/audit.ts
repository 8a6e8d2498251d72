import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { defineEvent, envelopeOf } from '../envelope.js';
import { Topics } from '../topics.js';

export class Accessor {
  @IsIn(['citizen', 'official', 'client'])
  kind!: 'citizen' | 'official' | 'client';

  /** Subject key (citizens, officials) or client id; never a personnummer. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  id!: string;

  /** The role that allowed the read (official) or the scope (client). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/)
  unit?: string;
}

export class AccessedResource {
  @IsIn(['conversation', 'message', 'attachment'])
  type!: 'conversation' | 'message' | 'attachment';

  @Matches(/^[A-Za-z0-9_-]{8,100}$/)
  id!: string;

  /** The conversation it belongs to. */
  @Matches(/^[A-Za-z0-9_-]{8,100}$/)
  conversationId!: string;
}

/**
 * Someone read a person's message content: who, in what role and unit, whose data, what, when and why.
 * The citizen's access log (loggutdrag) is built from these. Keyed by the subject key, so one person's
 * log stays in order.
 */
export class AuditAccessedV1 {
  @Matches(/^[A-Za-z0-9_-]{8,100}$/)
  accessId!: string;

  @ValidateNested()
  @Type(() => Accessor)
  accessor!: Accessor;

  /** Whose data was read. */
  @Matches(/^[A-Za-z0-9_-]{16,128}$/)
  subjectKey!: string;

  @ValidateNested()
  @Type(() => AccessedResource)
  resource!: AccessedResource;

  @IsIn(['read', 'download'])
  action!: 'read' | 'download';

  /** Why: the purpose in the processing notice it falls under (e.g. `handlaggning`, `egen-insyn`). */
  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  purpose!: string;

  @IsISO8601({ strict: true })
  accessedAt!: string;
}

export class AuditAccessedV1Envelope extends envelopeOf(AuditAccessedV1) {}

export const AuditAccessedV1Event = defineEvent({
  type: Topics.AuditAccessedV1,
  data: AuditAccessedV1,
  envelope: AuditAccessedV1Envelope,
  key: (d) => d.subjectKey,
});

import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { defineEvent, envelopeOf } from '../envelope.js';
import { Topics } from '../topics.js';

/**
 * Someone signed in: for the audit trail. Carries no personnummer and no name; the person is the
 * envelope's `subjectKey` (and `subjectKey` here) for citizens and officials, the client id for systems.
 */
export class IdentitySignedInV1 {
  /** The session (citizens and officials) or the issued token's id (municipal systems). */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,100}$/)
  sessionId!: string;

  @IsIn(['citizen', 'official', 'client'])
  kind!: 'citizen' | 'official' | 'client';

  /** The subject key (keyed HMAC of the personnummer) or the client id. */
  @IsString()
  @MaxLength(100)
  subject!: string;

  @IsIn(['bankid', 'freja', 'siths', 'client-credentials'])
  method!: 'bankid' | 'freja' | 'siths' | 'client-credentials';

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4)
  loa?: number;

  /** Officials and systems: the unit they act for. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unit?: string;

  @IsISO8601({ strict: true })
  signedInAt!: string;
}

export class IdentitySignedInV1Envelope extends envelopeOf(IdentitySignedInV1) {}

export const IdentitySignedInV1Event = defineEvent({
  type: Topics.IdentitySignedInV1,
  data: IdentitySignedInV1,
  envelope: IdentitySignedInV1Envelope,
  key: (d) => d.sessionId,
});

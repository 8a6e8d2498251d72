import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { IsPersonnummer } from '@insyn/person';
import { PageQuery } from '@insyn/service-kit';
import {
  HOLD_ID,
  HOLD_REASONS,
  HOLD_SCOPES,
  HOLD_STATUSES,
  type Hold,
  type HoldReason,
  type HoldScope,
  type HoldStatus,
  ITEM_ID,
  looksLikePersonnummer,
  NOTE_MAX,
  UNIT_ID,
} from '../domain/hold.js';
import { RULE_ID } from '../../rules/domain/rule.model.js';

/** A short note must not carry personal data; a personnummer (or anything shaped like one) is refused. Never echoes the value. */
export function IsNoteWithoutPersonnummer(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNoteWithoutPersonnummer',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !looksLikePersonnummer(value),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must not contain a personnummer or anything shaped like one (no personal data in notes)`,
      },
    });
}

/** The target of a non-person hold, checked against its scope: a conversation id as the purge contract has it, a unit id, a rule id. */
export function IsTargetOfScope(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTargetOfScope',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const scope = (args.object as { scope?: unknown }).scope;
          if (typeof value !== 'string' || scope === 'person') return false;
          if (scope === 'unit') return UNIT_ID.test(value);
          if (scope === 'rule') return RULE_ID.test(value);
          return ITEM_ID.test(value);
        },
        defaultMessage(args: ValidationArguments): string {
          const scope = (args.object as { scope?: unknown }).scope;
          if (scope === 'person') return `${args.property} is not given for scope person: give personnummer`;
          if (scope === 'unit') return `${args.property} must be a unit id (lower-case letters, digits, hyphens)`;
          if (scope === 'rule') return `${args.property} must be a rule id (2-63 lower-case letters, digits, hyphens)`;
          return `${args.property} must be a ${String(scope)} id: 8-100 letters, digits, '_' or '-'`;
        },
      },
    });
}

/** personnummer is for scope person only. */
export function IsOnlyForPersonScope(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isOnlyForPersonScope',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (_: unknown, args: ValidationArguments) => (args.object as { scope?: unknown }).scope === 'person',
        defaultMessage: (args: ValidationArguments) => `${args.property} is given for scope person only; use target`,
      },
    });
}

const isPerson = (o: { scope?: unknown }) => o.scope === 'person';
/** With an unknown scope only `scope` is reported: which target it needs cannot be told. */
const knownScope = (o: { scope?: unknown }) => (HOLD_SCOPES as readonly unknown[]).includes(o.scope);

export class SetHoldDto {
  @ApiProperty({ enum: HOLD_SCOPES })
  @IsIn(HOLD_SCOPES)
  scope!: HoldScope;

  @ApiPropertyOptional({
    example: 'ÅÅÅÅMMDD-NNNK',
    description: 'scope person only: whose data is held. Only its subject key is stored, never the number.',
  })
  @ValidateIf((o: SetHoldDto) => knownScope(o) && (isPerson(o) || o.personnummer !== undefined))
  @IsPersonnummer()
  @IsOnlyForPersonScope()
  personnummer?: string;

  @ApiPropertyOptional({
    example: 'socialtjansten',
    description: 'scope conversation: the conversation id; unit: a known unit; rule: the id of an existing rule. Not for scope person.',
  })
  @ValidateIf((o: SetHoldDto) => knownScope(o) && (!isPerson(o) || o.target !== undefined))
  @IsTargetOfScope()
  target?: string;

  @ApiProperty({ enum: HOLD_REASONS })
  @IsIn(HOLD_REASONS)
  reason!: HoldReason;

  @ApiPropertyOptional({
    maxLength: NOTE_MAX,
    description: 'Short, without personal data (e.g. a diarienummer). Required for reason "other".',
  })
  @ValidateIf((o: SetHoldDto) => o.reason === 'other' || o.note !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(NOTE_MAX)
  @IsNoteWithoutPersonnummer()
  note?: string;

  @ApiProperty({ example: '2026-12-31T00:00:00Z', description: 'When the hold is looked at again: after now, at most one year ahead' })
  @IsISO8601({ strict: true })
  reviewAt!: string;
}

export class ReviewHoldDto {
  @ApiProperty({ example: '2027-03-31T00:00:00Z', description: 'The new review date: after now, at most one year ahead' })
  @IsISO8601({ strict: true })
  reviewAt!: string;
}

export class ReleaseHoldDto {
  @ApiPropertyOptional({ maxLength: NOTE_MAX, description: 'Why the hold ends (e.g. the case decided), without personal data' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(NOTE_MAX)
  @IsNoteWithoutPersonnummer()
  note?: string;
}

export class HoldIdParams {
  @ApiProperty({ format: 'uuid' })
  @Matches(HOLD_ID, { message: 'id must be a hold id (a lower-case UUID)' })
  id!: string;
}

/** The filters and paging of `GET /v1/holds`. */
export class ListHoldsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: HOLD_SCOPES })
  @IsOptional()
  @IsIn(HOLD_SCOPES, { message: `scope must be one of ${HOLD_SCOPES.join(', ')}` })
  scope?: HoldScope;

  @ApiPropertyOptional({
    enum: HOLD_STATUSES,
    description: 'Active holds or released ones; without it, the active ones, or with `since` both',
  })
  @IsOptional()
  @IsIn(HOLD_STATUSES, { message: 'status must be active or released' })
  status?: HoldStatus;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description:
      'Only holds changed after this instant (set, reviewed, released), active and released alike unless `status` says ' +
      'which, oldest change first (`changedAt`, then id) instead of in the order set: keep the greatest `changedAt` you saw ' +
      'and pass it next time',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' })
  since?: string;
}

export class HoldActorDto {
  @ApiProperty({ enum: ['official', 'client', 'system'] }) kind!: string;
  @ApiProperty({ description: 'HSA id, client id or the producing service' }) id!: string;
}

export class HoldSourceDto {
  @ApiProperty({ enum: ['rights-request'] }) type!: string;
  @ApiProperty() requestId!: string;
}

export class HoldReviewDto {
  @ApiProperty() at!: string;
  @ApiProperty({ type: HoldActorDto }) by!: HoldActorDto;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
}

export class HoldViewDto {
  @ApiProperty({ format: 'uuid' }) holdId!: string;
  @ApiProperty({ enum: HOLD_SCOPES }) scope!: string;
  @ApiProperty({ description: 'person: the subject key; conversation, unit, rule: its id' }) target!: string;
  @ApiProperty({ enum: HOLD_REASONS }) reason!: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ type: HoldActorDto }) setBy!: HoldActorDto;
  @ApiProperty() setAt!: string;
  @ApiProperty() reviewAt!: string;
  @ApiProperty({ description: 'Past its review date (still active: a hold never lapses on its own)' }) reviewOverdue!: boolean;
  @ApiProperty({ type: [HoldReviewDto] }) reviews!: HoldReviewDto[];
  @ApiProperty() active!: boolean;
  @ApiPropertyOptional() releasedAt?: string;
  @ApiPropertyOptional({ type: HoldActorDto }) releasedBy?: HoldActorDto;
  @ApiPropertyOptional() releaseNote?: string;
  @ApiPropertyOptional({ type: HoldSourceDto }) source?: HoldSourceDto;
  @ApiProperty({ description: 'When anything shown here last changed (set, reviewed, released); what `since` selects on' })
  changedAt!: string;
}

/** The API shape of a hold: ISO dates, `active` and `reviewOverdue` worked out at `now`. */
export function holdView(h: Hold, now: Date): HoldViewDto {
  const active = h.releasedAt === undefined;
  return {
    holdId: h.holdId,
    scope: h.scope,
    target: h.target,
    reason: h.reason,
    ...(h.note !== undefined ? { note: h.note } : {}),
    setBy: { ...h.setBy },
    setAt: h.setAt.toISOString(),
    reviewAt: h.reviewAt.toISOString(),
    reviewOverdue: active && h.reviewAt.getTime() <= now.getTime(),
    reviews: h.reviews.map((r) => ({ at: r.at.toISOString(), by: { ...r.by }, from: r.from.toISOString(), to: r.to.toISOString() })),
    active,
    ...(h.releasedAt ? { releasedAt: h.releasedAt.toISOString() } : {}),
    ...(h.releasedBy ? { releasedBy: { ...h.releasedBy } } : {}),
    ...(h.releaseNote !== undefined ? { releaseNote: h.releaseNote } : {}),
    ...(h.source ? { source: { ...h.source } } : {}),
    changedAt: h.changedAt.toISOString(),
  };
}

import { Type } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

/** The one envelope every Insyn event travels in (docs/design.md). */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  /** Unique per event; consumers deduplicate by it. */
  id: string;
  /** The event type, which carries its version: `notice.published.v1`. */
  type: TType;
  /** ISO 8601, when the change happened (from the producer's clock). */
  occurredAt: string;
  /** The producing service. */
  source: string;
  /** Follows one request through every service it touches. */
  correlationId: string;
  /** The person concerned, as the keyed HMAC of the personnummer; never the number itself. */
  subjectKey?: string;
  data: TData;
}

export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v[1-9][0-9]*$/;

/**
 * The envelope as a validated class. Each event extends it with its own typed `data`, so the global
 * ValidationPipe checks the whole event in every Kafka handler, and producers check it before writing.
 */
export class EnvelopeDto<TData extends object> implements EventEnvelope<string, TData> {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  id!: string;

  @Matches(EVENT_TYPE_PATTERN)
  type!: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  source!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  correlationId!: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{16,128}$/, { message: 'subjectKey must be a keyed hash, not a personnummer' })
  subjectKey?: string;

  data!: TData;
}

/**
 * A contract for one event: its type (= topic), the classes that validate it, and how its Kafka key
 * is derived from the aggregate. The key is never null and never a personnummer (docs/style.md 14).
 */
export interface EventContract<TType extends string, TData extends object> {
  readonly type: TType;
  readonly envelope: new () => EnvelopeDto<TData>;
  readonly data: new () => TData;
  key(data: TData): string;
}

export function defineEvent<TType extends string, TData extends object>(
  contract: EventContract<TType, TData>,
): EventContract<TType, TData> {
  if (!EVENT_TYPE_PATTERN.test(contract.type)) throw new Error(`event type ${contract.type} must end with its version, e.g. .v1`);
  return Object.freeze(contract);
}

/** Builds the envelope class for an event, so `data` is validated as `dataClass`. */
export function envelopeOf<TData extends object>(dataClass: new () => TData): new () => EnvelopeDto<TData> {
  class Envelope extends EnvelopeDto<TData> {
    @IsObject()
    @ValidateNested()
    @Type(() => dataClass)
    override data!: TData;
  }
  Object.defineProperty(Envelope, 'name', { value: `${dataClass.name}Envelope` });
  return Envelope;
}

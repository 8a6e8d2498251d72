import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { defineEvent, envelopeOf } from '../envelope.js';
import { Topics } from '../topics.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;
const UNIT = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * A diarienummer as business systems write them (`SOC 2026/123`, `KS-2026-00012`, `Dnr 2024.1234`): a letter
 * or digit first, then letters (Swedish ones too), digits, space and `-/.:_()`, 1-64 characters in all.
 */
export const CASE_REFERENCE = /^[A-Za-z0-9ÅÄÖåäöÉéÜü][A-Za-z0-9ÅÄÖåäöÉéÜü \-/.:_()]{0,63}$/;

export class ActorRef {
  @IsIn(['citizen', 'official', 'client', 'system'])
  kind!: 'citizen' | 'official' | 'client' | 'system';

  /** Subject key (citizens, officials), client id (systems) or the service name; never a personnummer. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  id!: string;
}

/**
 * A conversation was closed: the communication is over. No content, no subject line; the citizen is the
 * envelope's `subjectKey`. Retention starts its clocks from `closedAt`.
 */
export class ConversationClosedV1 {
  @Matches(ID)
  conversationId!: string;

  @Matches(UNIT)
  unit!: string;

  /** The kind of information, for retention rules (e.g. `secure-message`). */
  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  informationType!: string;

  @IsISO8601({ strict: true })
  openedAt!: string;

  @IsISO8601({ strict: true })
  closedAt!: string;

  @ValidateNested()
  @Type(() => ActorRef)
  closedBy!: ActorRef;

  @IsInt()
  @Min(0)
  messageCount!: number;

  /**
   * When the last message was written: rules "efter senaste aktivitet" count from here. Optional, as
   * events written before it was added lack it; retention then counts from `closedAt` (never earlier).
   */
  @IsOptional()
  @IsISO8601({ strict: true })
  lastMessageAt?: string;

  /**
   * The business system's case reference (diarienummer) given when the conversation was opened, when it
   * has one: how officials recognise the conversation in gallring's forecasts. Optional; older events lack it.
   */
  @IsOptional()
  @Matches(CASE_REFERENCE)
  caseReference?: string;
}

export class ConversationClosedV1Envelope extends envelopeOf(ConversationClosedV1) {}

export const ConversationClosedV1Event = defineEvent({
  type: Topics.MessagesConversationClosedV1,
  data: ConversationClosedV1,
  envelope: ConversationClosedV1Envelope,
  key: (d) => d.conversationId,
});

/** The business system acknowledged the conversation's archive package: only now may gallring delete it. */
export class ConversationArchivedV1 {
  @Matches(ID)
  conversationId!: string;

  @Matches(UNIT)
  unit!: string;

  @IsISO8601({ strict: true })
  archivedAt!: string;

  /** The package's OBJID. */
  @Matches(ID)
  packageId!: string;

  @IsIn(['E-ARK-SIP', 'FGS-1.2'])
  profile!: 'E-ARK-SIP' | 'FGS-1.2';

  /** SHA-256 of the delivered package, hex, as the receiver computed it. */
  @Matches(/^[0-9a-f]{64}$/)
  packageSha256!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  receiptId!: string;
}

export class ConversationArchivedV1Envelope extends envelopeOf(ConversationArchivedV1) {}

export const ConversationArchivedV1Event = defineEvent({
  type: Topics.MessagesConversationArchivedV1,
  data: ConversationArchivedV1,
  envelope: ConversationArchivedV1Envelope,
  key: (d) => d.conversationId,
});

/**
 * An official confirmed that a closed conversation is no longer needed ("vid inaktualitet"): retention
 * rules with the trigger `inaktualitet` count from `inaktuellAt`. No content; the citizen is the
 * envelope's `subjectKey`.
 */
export class ConversationInaktuellV1 {
  @Matches(ID)
  conversationId!: string;

  @Matches(UNIT)
  unit!: string;

  @Matches(/^[a-z][a-z0-9-]{1,62}$/)
  informationType!: string;

  @IsISO8601({ strict: true })
  inaktuellAt!: string;

  @ValidateNested()
  @Type(() => ActorRef)
  confirmedBy!: ActorRef;
}

export class ConversationInaktuellV1Envelope extends envelopeOf(ConversationInaktuellV1) {}

export const ConversationInaktuellV1Event = defineEvent({
  type: Topics.MessagesConversationInaktuellV1,
  data: ConversationInaktuellV1,
  envelope: ConversationInaktuellV1Envelope,
  key: (d) => d.conversationId,
});

/**
 * A citizen replied in a conversation: which conversation and message, the unit, the business system's
 * case reference when the conversation has one, and when. No content, no subject line; the citizen is the
 * envelope's `subjectKey`. Business systems learn from it that they have an answer to read.
 */
export class MessageReceivedV1 {
  @Matches(ID)
  conversationId!: string;

  @Matches(ID)
  messageId!: string;

  @Matches(UNIT)
  unit!: string;

  /** The business system's case reference (diarienummer) given when the conversation was opened. */
  @IsOptional()
  @Matches(CASE_REFERENCE)
  caseReference?: string;

  @IsISO8601({ strict: true })
  receivedAt!: string;
}

export class MessageReceivedV1Envelope extends envelopeOf(MessageReceivedV1) {}

export const MessageReceivedV1Event = defineEvent({
  type: Topics.MessagesMessageReceivedV1,
  data: MessageReceivedV1,
  envelope: MessageReceivedV1Envelope,
  key: (d) => d.conversationId,
});

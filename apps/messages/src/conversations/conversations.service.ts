import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Principal, subjectKeysOf } from '@insyn/auth';
import { AuditAccessedV1Event, type ContractViolation, ConversationClosedV1Event, MessageReceivedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { ProblemException, Problems } from '@insyn/observability';
import { parsePersonnummer, SubjectKeyRing } from '@insyn/person';
import { Clock, IdGenerator } from '@insyn/platform';
import { instantPosition, pageOf, pageStart } from '@insyn/service-kit';
import type { MessagesEnv } from '../config/messages-env.js';
import { NotificationTemplates } from '../notifications/notification-templates.js';
import { type NotificationContact, Notifier } from '../notifications/notifier.js';
import { type Capability, mayAccess } from './domain/access.js';
import { checkAttachment } from './domain/attachment-policy.js';
import { CONVERSATION_LIST, listFiltersOf, orderOf, pageFiltersOf } from './domain/list-order.js';
import { safeFileName } from './domain/attachment-policy.js';
import { personnummerContent, sensitiveContent } from './domain/sensitive-text.js';
import { ClosedConversations } from './domain/closed-conversations.js';
import { type Unit, Units } from './domain/units.js';
import { PersonAssertions } from '../keys/person-assertions.js';
import type {
  AttachmentInputDto,
  ConversationSummaryDto,
  ConversationViewDto,
  ListConversationsQueryDto,
  OpenConversationDto,
  ReplyDto,
  StartConversationDto,
  UnitDto,
} from './dto/conversation.dto.js';
import { ConversationKeys } from './persistence/conversation-keys.js';
import { ConversationRepository } from './persistence/conversation.repository.js';
import type { ActorRecord, AttachmentRecord, ConversationRecord, MessageRecord } from './persistence/conversation.schema.js';

export const INFORMATION_TYPE = 'secure-message';

/** Purposes a read is logged under (the processing notice's purposes). */
const PURPOSE: Record<Principal['kind'], string> = { citizen: 'egen-insyn', official: 'handlaggning', client: 'handlaggning' };

/** When a conversation last changed; for one stored before `changedAt` was kept, its latest recorded step. */
function changedAtOf(c: ConversationRecord): Date {
  if (c.changedAt) return c.changedAt;
  const times = [c.lastMessageAt, c.closedAt, c.inaktuellAt, c.archive?.archivedAt].filter((d): d is Date => d instanceof Date);
  return new Date(Math.max(...times.map((d) => d.getTime())));
}

/** Opening, listing, reading, answering and closing conversations; every read of content is logged. */
@Injectable()
export class ConversationsService {
  private readonly logger = new Logger(ConversationsService.name);

  constructor(
    private readonly repo: ConversationRepository,
    private readonly keys: ConversationKeys,
    private readonly units: Units,
    private readonly assertions: PersonAssertions,
    private readonly notifier: Notifier,
    private readonly templates: NotificationTemplates,
    private readonly closedSignal: ClosedConversations,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: ConfigService<MessagesEnv, true>,
    private readonly subjectKeys: SubjectKeyRing,
  ) {}

  /** A municipal system opens a conversation with a citizen for its unit. */
  async open(input: OpenConversationDto, by: Principal): Promise<ConversationViewDto> {
    const unit = this.units.get(by.unit);
    if (!unit)
      throw Problems.unprocessable(
        [{ field: 'unit', messages: [`the caller’s unit ${by.unit ?? '(none)'} is not a unit that holds conversations`] }],
        'Unknown unit.',
      );
    const pnr = parsePersonnummer(input.personnummer, { now: this.clock.now() });
    if (!pnr.ok) throw Problems.validation([{ field: 'personnummer', messages: [`not a valid personnummer (${pnr.reason})`] }]);
    return this.create(unit, pnr.value.normalized, input, by);
  }

  /**
   * A citizen starts a conversation with a unit that accepts them (ADR 0010). Her personnummer, which the
   * archive package needs, comes from the identity service's assertion, checked to be hers.
   */
  async start(unitId: string, input: StartConversationDto, by: Principal): Promise<ConversationViewDto> {
    const unit = this.units.get(unitId);
    if (!unit) throw Problems.notFound(`Unit ${unitId}`);
    if (!unit.acceptsCitizens)
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'unit-not-accepting',
        'The unit does not take conversations from citizens',
        `${unit.name} opens conversations itself; a citizen cannot start one with it. Nothing was stored.`,
      );
    const personnummer = await this.assertions.personnummerOf(input.identityAssertion, by.subject);
    return this.create(unit, personnummer, input, by);
  }

  /** Stores a new conversation with its first message, sealed under a key of its own; no event (the unit's list shows it). */
  private async create(
    unit: Unit,
    personnummer: string,
    input: Pick<OpenConversationDto, 'subject' | 'body' | 'attachments' | 'notify' | 'caseReference'>,
    by: Principal,
  ): Promise<ConversationViewDto> {
    const files = this.files(input.attachments);
    const problems = [
      ...sensitiveContent(input.subject, 'subject'),
      ...(input.caseReference ? personnummerContent(input.caseReference, 'caseReference') : []),
      ...files.problems,
    ];
    if (problems.length) throw Problems.unprocessable(problems, 'The conversation cannot be opened as given; nothing was stored.');

    const now = this.clock.now();
    const id = this.ids.next();
    const key = await this.keys.create(id);
    const author = this.actor(by, unit.name);
    const { message, attachments } = this.sealMessage(key, id, 1, author, input.body, files.items, now);
    const conversation: ConversationRecord = {
      _id: id,
      unit: unit.id,
      informationType: INFORMATION_TYPE,
      subject: input.subject.trim(),
      ...(input.caseReference ? { caseReference: input.caseReference } : {}),
      subjectKey: this.subjectKeys.of(personnummer),
      sealedPersonnummer: this.keys.seal(key, personnummer, id, 'personnummer'),
      ...(input.notify ? { sealedContact: this.keys.seal(key, JSON.stringify(input.notify), id, 'contact') } : {}),
      status: 'open',
      openedAt: now,
      openedBy: author,
      messageCount: 1,
      lastMessageAt: now,
      changedAt: now,
      outbox: [],
    };
    await this.repo.insertConversation(conversation, message, attachments);
    // The citizen who starts it needs no notice of her own message; the unit's contact is told by its queue.
    if (by.kind !== 'citizen') await this.notify(input.notify);
    return this.view(conversation, [message], key, by, unit.name);
  }

  /** The units, and whether each takes conversations from citizens. */
  unitList(): UnitDto[] {
    return this.units.all().map((u) => ({ unit: u.id, name: u.name, acceptsCitizens: u.acceptsCitizens }));
  }

  /**
   * A page of the conversations `by` may see (a citizen her own, an official or system its unit's), with
   * the cursor of the next page when there is one. A case reference filters the unit's list only.
   */
  async list(by: Principal, query: ListConversationsQueryDto): Promise<{ items: ConversationSummaryDto[]; next?: string }> {
    const given = pageFiltersOf({
      ...(query.status ? { status: query.status } : {}),
      ...(query.caseReference ? { caseReference: query.caseReference } : {}),
      ...(query.since ? { since: new Date(query.since) } : {}),
    });
    const start = pageStart(CONVERSATION_LIST, query, given, { valid: (after) => instantPosition(after) !== undefined });
    const filters = listFiltersOf(start.filters);
    if (!filters) throw Problems.validation([{ field: 'cursor', messages: ['not a cursor this list gave; start again without one'] }]);
    if (by.kind === 'citizen' && filters.caseReference)
      throw Problems.validation([{ field: 'caseReference', messages: ['case references are the unit’s; a citizen cannot filter by one'] }]);
    const scope = by.kind === 'citizen' ? { subjectKeys: subjectKeysOf(by) } : by.unit ? { unit: by.unit } : undefined;
    if (!scope) return { items: [] };
    const records = await this.repo.page(scope, filters, instantPosition(start.after), start.limit + 1);
    const recent = orderOf(filters) === 'recent';
    const page = pageOf(records, start, CONVERSATION_LIST, (last) => [
      (recent ? last.lastMessageAt : changedAtOf(last)).toISOString(),
      last._id,
    ]);
    return {
      items: page.items.filter((r) => mayAccess(by, r, 'read')).map((r) => this.summary(r, by)),
      ...(page.next ? { next: page.next } : {}),
    };
  }

  /** The conversation with its messages, decrypted; each read is logged (audit.accessed.v1) before it is returned. */
  async read(conversationId: string, by: Principal): Promise<ConversationViewDto> {
    const conversation = await this.accessible(conversationId, by, 'read');
    const key = await this.keys.get(conversationId);
    const messages = await this.repo.messagesOf(conversationId);
    await this.logAccess(by, conversation, 'conversation', conversationId, 'read');
    // Her read is the unit's read receipt: each message to her gets the time she first saw it. An
    // official's or a system's read changes nothing, and nothing is emitted.
    if (by.kind === 'citizen' && messages.some((m) => m.author.kind !== 'citizen' && !m.readAt))
      await this.repo.markRead(conversationId, this.clock.now());
    return this.view(conversation, messages, key, by);
  }

  async attachment(
    conversationId: string,
    attachmentId: string,
    by: Principal,
  ): Promise<{ fileName: string; mimeType: string; content: Buffer }> {
    const conversation = await this.accessible(conversationId, by, 'read');
    const record = await this.repo.attachment(conversationId, attachmentId);
    const meta = record && (await this.repo.messagesOf(conversationId)).flatMap((m) => m.attachments).find((a) => a.id === attachmentId);
    if (!record || !meta) throw Problems.notFound(`Attachment ${attachmentId}`);
    const key = await this.keys.get(conversationId);
    await this.logAccess(by, conversation, 'attachment', attachmentId, 'download');
    return {
      fileName: this.keys.open(key, meta.sealedFileName, conversationId, `attachment/${attachmentId}/name`),
      mimeType: meta.mimeType,
      content: this.keys.openBytes(key, record.sealedContent, conversationId, `attachment/${attachmentId}`),
    };
  }

  async reply(conversationId: string, input: ReplyDto, by: Principal): Promise<ConversationViewDto> {
    const conversation = await this.accessible(conversationId, by, 'reply');
    const files = this.files(input.attachments);
    if (files.problems.length) throw Problems.unprocessable(files.problems, 'The reply cannot be sent as given; nothing was stored.');
    if (conversation.status !== 'open') throw this.closedProblem();
    const key = await this.keys.get(conversationId);
    const unitName = this.units.get(conversation.unit)?.name ?? conversation.unit;
    const now = this.clock.now();
    const { message, attachments } = this.sealMessage(
      key,
      conversationId,
      conversation.messageCount + 1,
      this.actor(by, unitName),
      input.body,
      files.items,
      now,
    );
    // A citizen's reply tells the unit's business systems, in the same write as the reply (ids only).
    const events =
      by.kind === 'citizen'
        ? [
            this.events.outboxEntry(
              MessageReceivedV1Event,
              {
                conversationId,
                messageId: message._id,
                unit: conversation.unit,
                ...(conversation.caseReference ? { caseReference: conversation.caseReference } : {}),
                receivedAt: now.toISOString(),
              },
              { subjectKey: conversation.subjectKey },
            ),
          ]
        : [];
    if (!(await this.repo.appendMessage(conversationId, message, attachments, events))) {
      const current = await this.repo.find(conversationId);
      if (current?.status !== 'open') throw this.closedProblem();
      throw Problems.conflict('Another reply was sent at the same moment; send yours again.');
    }
    if (events.length) await this.relay.enqueued('conversations', conversationId);
    if (by.kind !== 'citizen' && conversation.sealedContact)
      await this.notify(JSON.parse(this.keys.open(key, conversation.sealedContact, conversationId, 'contact')) as NotificationContact);
    return this.read(conversationId, by);
  }

  async close(conversationId: string, by: Principal): Promise<ConversationSummaryDto> {
    const conversation = await this.accessible(conversationId, by, 'close');
    if (conversation.status !== 'open') throw this.closedProblem();
    const now = this.clock.now();
    const closedBy = this.actor(by);
    const event = this.events.outboxEntry(
      ConversationClosedV1Event,
      {
        conversationId,
        unit: conversation.unit,
        informationType: conversation.informationType,
        openedAt: conversation.openedAt.toISOString(),
        closedAt: now.toISOString(),
        closedBy: { kind: closedBy.kind, id: closedBy.id },
        messageCount: conversation.messageCount,
        lastMessageAt: conversation.lastMessageAt.toISOString(),
      },
      { subjectKey: conversation.subjectKey },
    );
    if (!(await this.repo.close(conversationId, now, closedBy, event))) throw this.closedProblem();
    await this.relay.enqueued('conversations', conversationId);
    this.closedSignal.closed$.next(conversationId);
    return this.summary({ ...conversation, status: 'closed', closedAt: now, archive: { status: 'pending', attempts: 0 } }, by);
  }

  /** The conversation if `by` may do `capability` with it; "not found" otherwise, whether it exists or not. */
  private async accessible(conversationId: string, by: Principal, capability: Capability): Promise<ConversationRecord> {
    const conversation = await this.repo.find(conversationId);
    if (!conversation || !mayAccess(by, conversation, capability)) throw Problems.notFound(`Conversation ${conversationId}`);
    return conversation;
  }

  private async logAccess(
    by: Principal,
    conversation: ConversationRecord,
    type: 'conversation' | 'attachment',
    id: string,
    action: 'read' | 'download',
  ): Promise<void> {
    const now = this.clock.now();
    const accessId = this.ids.next();
    const event = this.events.outboxEntry(
      AuditAccessedV1Event,
      {
        accessId,
        accessor: {
          kind: by.kind,
          id: by.subject,
          ...(by.kind === 'official' ? { role: 'messages-handler' } : by.kind === 'client' ? { role: 'messages:read' } : {}),
          ...(by.unit && by.kind !== 'citizen' ? { unit: by.unit } : {}),
        },
        subjectKey: conversation.subjectKey,
        resource: { type, id, conversationId: conversation._id },
        action,
        purpose: PURPOSE[by.kind],
        accessedAt: now.toISOString(),
      },
      { subjectKey: conversation.subjectKey },
    );
    await this.repo.recordAccess([{ id: accessId, event }], now);
    await this.relay.enqueued('access_events', accessId);
  }

  private files(inputs: AttachmentInputDto[] | undefined): {
    items: { fileName: string; mimeType: string; content: Buffer }[];
    problems: ContractViolation[];
  } {
    const policy = {
      maxBytes: this.config.get('ATTACHMENT_MAX_BYTES', { infer: true }),
      types: this.config
        .get('ATTACHMENT_TYPES', { infer: true })
        .split(',')
        .map((t) => t.trim()),
    };
    const items = (inputs ?? []).map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, content: Buffer.from(a.content, 'base64') }));
    return { items, problems: items.flatMap((f, i) => checkAttachment(i, f, policy)) };
  }

  private sealMessage(
    key: Buffer,
    conversationId: string,
    seq: number,
    author: ActorRecord,
    body: string,
    files: { fileName: string; mimeType: string; content: Buffer }[],
    at: Date,
  ): { message: MessageRecord; attachments: AttachmentRecord[] } {
    const messageId = this.ids.next();
    const attachments: AttachmentRecord[] = [];
    const metas = files.map((f) => {
      const id = this.ids.next();
      attachments.push({
        _id: id,
        conversationId,
        messageId,
        sealedContent: this.keys.sealBytes(key, f.content, conversationId, `attachment/${id}`),
      });
      return {
        id,
        sealedFileName: this.keys.seal(key, safeFileName(f.fileName)!, conversationId, `attachment/${id}/name`),
        mimeType: f.mimeType,
        size: f.content.length,
      };
    });
    const message: MessageRecord = {
      _id: messageId,
      conversationId,
      seq,
      author: author.name ? { ...author, name: this.keys.seal(key, author.name, conversationId, `message/${messageId}/author`) } : author,
      sentAt: at,
      sealedBody: this.keys.seal(key, body, conversationId, `message/${messageId}`),
      attachments: metas,
    };
    return { message, attachments };
  }

  private actor(by: Principal, unitName?: string): ActorRecord {
    if (by.kind === 'client') return { kind: 'client', id: by.subject, ...(unitName ? { name: unitName } : {}) };
    return { kind: by.kind, id: by.subject, ...(by.kind === 'official' && by.name ? { name: by.name } : {}) };
  }

  private view(c: ConversationRecord, messages: MessageRecord[], key: Buffer, by: Principal, unitName?: string): ConversationViewDto {
    return {
      ...this.summary(c, by, unitName),
      messages: messages.map((m) => ({
        messageId: m._id,
        seq: m.seq,
        authorKind: m.author.kind,
        ...(m.author.name ? { authorName: this.keys.open(key, m.author.name, c._id, `message/${m._id}/author`) } : {}),
        sentAt: m.sentAt.toISOString(),
        ...(m.readAt && by.kind !== 'citizen' ? { readAt: m.readAt.toISOString() } : {}),
        body: this.keys.open(key, m.sealedBody, c._id, `message/${m._id}`),
        attachments: m.attachments.map((a) => ({
          attachmentId: a.id,
          fileName: this.keys.open(key, a.sealedFileName, c._id, `attachment/${a.id}/name`),
          mimeType: a.mimeType,
          size: a.size,
        })),
      })),
    };
  }

  /** The failure of a failing archive goes to the unit only: the citizen sees the status. */
  private summary(c: ConversationRecord, by: Principal, unitName?: string): ConversationSummaryDto {
    const failure = c.archive?.status === 'failing' && by.kind !== 'citizen' ? c.archive.failure : undefined;
    return {
      conversationId: c._id,
      unit: c.unit,
      unitName: unitName ?? this.units.get(c.unit)?.name ?? c.unit,
      subject: c.subject,
      status: c.status,
      openedAt: c.openedAt.toISOString(),
      ...(c.closedAt ? { closedAt: c.closedAt.toISOString() } : {}),
      ...(c.inaktuellAt ? { inaktuellAt: c.inaktuellAt.toISOString() } : {}),
      lastMessageAt: c.lastMessageAt.toISOString(),
      changedAt: changedAtOf(c).toISOString(),
      ...(c.caseReference && by.kind !== 'citizen' ? { caseReference: c.caseReference } : {}),
      messageCount: c.messageCount,
      ...(c.archive ? { archive: c.archive.status } : {}),
      ...(failure && c.archive
        ? {
            archiveFailure: {
              reason: failure.reason,
              retryable: failure.retryable,
              since: failure.since.toISOString(),
              lastAttemptAt: failure.lastAttemptAt.toISOString(),
              nextAttemptAt: (c.archive.nextAttemptAt ?? failure.lastAttemptAt).toISOString(),
              attempts: c.archive.attempts,
            },
          }
        : {}),
    };
  }

  private async notify(contact: NotificationContact | undefined): Promise<void> {
    if (!contact || (!contact.email && !contact.phone)) return;
    const text = this.templates.text(contact.lang ?? 'sv');
    try {
      await this.notifier.notify(contact, text);
    } catch (err) {
      // The message is stored; a failed notification must not undo it. Logged without the address.
      this.logger.warn(`notification failed: ${(err as Error).message}`);
    }
  }

  private closedProblem(): ProblemException {
    return new ProblemException(
      HttpStatus.CONFLICT,
      'conversation-closed',
      'The conversation is closed',
      'A closed conversation takes no more messages.',
    );
  }
}

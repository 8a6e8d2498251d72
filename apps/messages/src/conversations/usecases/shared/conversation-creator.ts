import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { SubjectKeyRing } from '@insyn/person';
import { Clock, IdGenerator } from '@insyn/platform';
import { personnummerContent, sensitiveContent } from '../../domain/sensitive-text.js';
import type { Unit } from '../../domain/units.js';
import type { ConversationViewDto, OpenConversationDto } from '../../dto/conversation.dto.js';
import { ConversationKeys } from '../../persistence/conversation-keys.js';
import { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ConversationRecord } from '../../persistence/conversation.schema.js';
import { ContactNotices } from './contact-notices.js';
import { ConversationPresenter } from './conversation-presenter.js';
import { actorOf, MessageSealer } from './message-sealer.js';

export const INFORMATION_TYPE = 'secure-message';

export type NewConversation = Pick<OpenConversationDto, 'subject' | 'body' | 'attachments' | 'notify' | 'caseReference'>;

/**
 * Stores a new conversation with its first message, sealed under a key of its own; no event (the unit's
 * list shows it). Shared by the unit's opening and the citizen's start.
 */
@Injectable()
export class ConversationCreator {
  constructor(
    private readonly repo: ConversationRepository,
    private readonly keys: ConversationKeys,
    private readonly sealer: MessageSealer,
    private readonly presenter: ConversationPresenter,
    private readonly notices: ContactNotices,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly subjectKeys: SubjectKeyRing,
  ) {}

  async create(unit: Unit, personnummer: string, input: NewConversation, by: Principal): Promise<ConversationViewDto> {
    const files = this.sealer.files(input.attachments);
    const problems = [
      ...sensitiveContent(input.subject, 'subject'),
      ...(input.caseReference ? personnummerContent(input.caseReference, 'caseReference') : []),
      ...files.problems,
    ];
    if (problems.length) throw Problems.unprocessable(problems, 'The conversation cannot be opened as given; nothing was stored.');

    const now = this.clock.now();
    const id = this.ids.next();
    const key = await this.keys.create(id);
    const author = actorOf(by, unit.name);
    const { message, attachments } = this.sealer.seal(key, id, 1, author, input.body, files.items, now);
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
    if (by.kind !== 'citizen') await this.notices.notify(input.notify);
    return this.presenter.view(conversation, [message], key, by, unit.name);
  }
}

import { describe, expect, it, jest } from '@jest/globals';
import type { Principal } from '@insyn/auth';
import { Topics } from '@insyn/contracts';
import { problemOf, strictFake } from '@insyn/testing';
import type { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ConversationRecord, MessageRecord } from '../../persistence/conversation.schema.js';
import { ConversationAccess } from '../shared/conversation-access.js';
import { ConversationPresenter } from '../shared/conversation-presenter.js';
import {
  clock,
  conversation,
  events,
  handler,
  herself,
  ID,
  ids,
  keys,
  NOW,
  relay,
  someoneElse,
  SUBJECT_KEY,
  units,
} from '../use-case-fakes.js';
import { ReadConversation } from './read-conversation.usecase.js';

const message = (seq: number, over: Partial<MessageRecord> = {}): MessageRecord => ({
  _id: `m-${seq}`,
  conversationId: ID,
  seq,
  author: { kind: 'official', id: 'sk1_handler-key', name: `sealed[${ID}/message/m-${seq}/author]:Hanna Handläggare` },
  sentAt: new Date('2026-05-01T09:00:00.000Z'),
  sealedBody: `sealed[${ID}/message/m-${seq}]:Välkommen`,
  attachments: [],
  ...over,
});

function setup(found: ConversationRecord | null, messages: MessageRecord[]) {
  // Each access event is inserted with its event as its whole outbox.
  const recordAccess = jest
    .fn<ConversationRepository['recordAccess']>()
    .mockImplementation((entries) => Promise.resolve(entries.map((e) => [e.event])));
  const markRead = jest.fn<ConversationRepository['markRead']>().mockResolvedValue(undefined);
  const repo = strictFake<ConversationRepository>('ConversationRepository', {
    find: () => Promise.resolve(found),
    messagesOf: () => Promise.resolve(messages),
    recordAccess,
    markRead,
  });
  const { relay: outbox, enqueued } = relay();
  const useCase = new ReadConversation(
    repo,
    keys(),
    new ConversationAccess(repo, events(), outbox, clock, ids()),
    new ConversationPresenter(keys(), units()),
    clock,
  );
  return { useCase, recordAccess, markRead, enqueued };
}

describe('ReadConversation', () => {
  it('returns the messages decrypted, after logging the read (audit.accessed.v1) and waking the relay', async () => {
    const { useCase, recordAccess, enqueued } = setup(conversation(), [message(1)]);
    const view = await useCase.execute(ID, handler);
    expect(view.messages).toEqual([
      expect.objectContaining({ messageId: 'm-1', seq: 1, authorKind: 'official', authorName: 'Hanna Handläggare', body: 'Välkommen' }),
    ]);
    expect(recordAccess).toHaveBeenCalledTimes(1);
    const [entries, at] = recordAccess.mock.calls[0]!;
    expect(at).toEqual(NOW);
    expect(entries[0]!.event.topic).toBe(Topics.AuditAccessedV1);
    expect(JSON.parse(entries[0]!.event.value)).toMatchObject({
      subjectKey: SUBJECT_KEY,
      data: {
        action: 'read',
        purpose: 'handlaggning',
        resource: { type: 'conversation', id: ID },
        accessor: { kind: 'official', unit: 'socialtjansten' },
      },
    });
    expect(enqueued).toHaveBeenCalledWith('access_events', entries[0]!.id, [entries[0]!.event]);
  });

  it('the citizen’s read marks the unit’s unread messages read; an official’s read marks nothing', async () => {
    const hers = setup(conversation(), [message(1)]);
    await hers.useCase.execute(ID, herself);
    expect(hers.markRead).toHaveBeenCalledWith(ID, NOW);
    const official = setup(conversation(), [message(1)]);
    await official.useCase.execute(ID, handler);
    expect(official.markRead).not.toHaveBeenCalled();
    const alreadyRead = setup(conversation(), [message(1, { readAt: NOW })]);
    await alreadyRead.useCase.execute(ID, herself);
    expect(alreadyRead.markRead).not.toHaveBeenCalled();
  });

  it('shows read receipts to the unit, not to the citizen', async () => {
    const read = [message(1, { readAt: NOW })];
    expect((await setup(conversation(), read).useCase.execute(ID, handler)).messages[0]!.readAt).toBe(NOW.toISOString());
    expect((await setup(conversation(), read).useCase.execute(ID, herself)).messages[0]!.readAt).toBeUndefined();
  });

  it.each<[string, Principal]>([
    ['another citizen', someoneElse],
    ['an official of another unit', { ...handler, unit: 'bygglov' }],
  ])('answers 404 to %s, and logs nothing', async (_, who) => {
    const { useCase, recordAccess } = setup(conversation(), [message(1)]);
    expect((await problemOf(useCase.execute(ID, who))).getStatus()).toBe(404);
    expect(recordAccess).not.toHaveBeenCalled();
  });
});

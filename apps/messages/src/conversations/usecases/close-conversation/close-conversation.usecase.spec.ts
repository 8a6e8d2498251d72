import { describe, expect, it, jest } from '@jest/globals';
import { Topics } from '@insyn/contracts';
import { problemOf, strictFake } from '@insyn/testing';
import { ClosedConversations } from '../../domain/closed-conversations.js';
import type { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ConversationRecord } from '../../persistence/conversation.schema.js';
import { ConversationAccess } from '../shared/conversation-access.js';
import { ConversationPresenter } from '../shared/conversation-presenter.js';
import { clock, conversation, events, handler, herself, ID, ids, keys, NOW, relay, SUBJECT_KEY, units } from '../use-case-fakes.js';
import { CloseConversation } from './close-conversation.usecase.js';

function setup(found: ConversationRecord | null, closed = true) {
  // Closed: the outbox the write left, here just the event; not open any more: null.
  const close = jest
    .fn<ConversationRepository['close']>()
    .mockImplementation((_id, _at, _by, event) => Promise.resolve(closed ? [event] : null));
  const repo = strictFake<ConversationRepository>('ConversationRepository', { find: () => Promise.resolve(found), close });
  const { relay: outbox, enqueued } = relay();
  const signal = new ClosedConversations();
  const signalled: string[] = [];
  signal.closed$.subscribe((id) => signalled.push(id));
  const useCase = new CloseConversation(
    repo,
    new ConversationAccess(repo, events(), outbox, clock, ids()),
    new ConversationPresenter(keys(), units()),
    signal,
    events(),
    outbox,
    clock,
  );
  return { useCase, close, enqueued, signalled };
}

describe('CloseConversation', () => {
  it('closes with messages.conversation.closed.v1 in the same write, wakes the relay and the archiver', async () => {
    const { useCase, close, enqueued, signalled } = setup(conversation());
    const summary = await useCase.execute(ID, handler);
    expect(summary).toMatchObject({ conversationId: ID, status: 'closed', closedAt: NOW.toISOString(), archive: 'pending' });
    const [id, at, by, entry] = close.mock.calls[0]!;
    expect([id, at, by]).toEqual([ID, NOW, { kind: 'official', id: 'sk1_handler-key', name: 'Hanna Handläggare' }]);
    expect(entry).toMatchObject({ topic: Topics.MessagesConversationClosedV1, key: ID });
    expect(JSON.parse(entry.value)).toMatchObject({
      subjectKey: SUBJECT_KEY,
      data: { conversationId: ID, unit: 'socialtjansten', closedBy: { kind: 'official', id: 'sk1_handler-key' }, messageCount: 1 },
    });
    expect(enqueued).toHaveBeenCalledWith('conversations', ID, [entry]);
    expect(signalled).toEqual([ID]);
  });

  it('names the business system’s case reference on the event when the conversation has one, and leaves it out when not', async () => {
    const withReference = setup(conversation({ caseReference: 'SOC 2026/123' }));
    await withReference.useCase.execute(ID, handler);
    expect(JSON.parse(withReference.close.mock.calls[0]![3].value).data.caseReference).toBe('SOC 2026/123');
    const without = setup(conversation());
    await without.useCase.execute(ID, handler);
    expect(JSON.parse(without.close.mock.calls[0]![3].value).data).not.toHaveProperty('caseReference');
  });

  it('answers 409 conversation-closed for a closed conversation, or one closed meanwhile, and signals nothing', async () => {
    const already = setup(conversation({ status: 'closed', closedAt: NOW }));
    const problem = await problemOf(already.useCase.execute(ID, handler));
    expect([problem.getStatus(), problem.problemType]).toEqual([409, 'conversation-closed']);
    expect(already.close).not.toHaveBeenCalled();
    const meanwhile = setup(conversation(), false);
    expect((await problemOf(meanwhile.useCase.execute(ID, handler))).problemType).toBe('conversation-closed');
    expect(meanwhile.enqueued).not.toHaveBeenCalled();
    expect(meanwhile.signalled).toEqual([]);
  });

  it('answers 404 to the citizen (closing is the unit’s) and for a conversation that does not exist', async () => {
    expect((await problemOf(setup(conversation()).useCase.execute(ID, herself))).getStatus()).toBe(404);
    expect((await problemOf(setup(null).useCase.execute(ID, handler))).getStatus()).toBe(404);
  });
});

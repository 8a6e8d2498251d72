import { describe, expect, it, jest } from '@jest/globals';
import { Topics } from '@insyn/contracts';
import { problemOf, strictFake } from '@insyn/testing';
import type { ConversationViewDto } from '../../dto/conversation.dto.js';
import type { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ConversationRecord } from '../../persistence/conversation.schema.js';
import type { ReadConversation } from '../read-conversation/read-conversation.usecase.js';
import type { ContactNotices } from '../shared/contact-notices.js';
import { ConversationAccess } from '../shared/conversation-access.js';
import { MessageSealer } from '../shared/message-sealer.js';
import {
  clock,
  config,
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
import { ReplyToConversation } from './reply-to-conversation.usecase.js';

const AFTER = { conversationId: ID } as ConversationViewDto;
const CONTACT = `sealed[${ID}/contact]:${JSON.stringify({ email: 'anna@example.se' })}`;

function setup(found: ConversationRecord, appended = true, current: ConversationRecord | null = found) {
  // Appended: the outbox the write left, here just the reply's events; not appended: null.
  const appendMessage = jest
    .fn<ConversationRepository['appendMessage']>()
    .mockImplementation((_id, _message, _attachments, events = []) => Promise.resolve(appended ? events : null));
  const find = jest.fn<ConversationRepository['find']>().mockResolvedValueOnce(found).mockResolvedValue(current);
  const repo = strictFake<ConversationRepository>('ConversationRepository', { find, appendMessage });
  const { relay: outbox, enqueued } = relay();
  const notify = jest.fn<ContactNotices['notify']>().mockResolvedValue(undefined);
  const read = jest.fn<ReadConversation['execute']>().mockResolvedValue(AFTER);
  const idGenerator = ids();
  const useCase = new ReplyToConversation(
    repo,
    keys(),
    units(),
    new ConversationAccess(repo, events(), outbox, clock, idGenerator),
    new MessageSealer(keys(), idGenerator, config()),
    strictFake<ContactNotices>('ContactNotices', { notify }),
    strictFake<ReadConversation>('ReadConversation', { execute: read }),
    events(),
    outbox,
    clock,
  );
  return { useCase, appendMessage, enqueued, notify, read };
}

describe('ReplyToConversation', () => {
  it('the citizen’s reply goes with messages.message.received.v1 in the same write; the relay is woken, nobody notified', async () => {
    const { useCase, appendMessage, enqueued, notify, read } = setup(
      conversation({ caseReference: 'SOC 2026-0042', sealedContact: CONTACT }),
    );
    await expect(useCase.execute(ID, { body: 'Tack' }, herself)).resolves.toBe(AFTER);
    const [id, message, attachments, entries] = appendMessage.mock.calls[0]!;
    expect(id).toBe(ID);
    expect(message).toMatchObject({ conversationId: ID, seq: 2, author: { kind: 'citizen', id: SUBJECT_KEY }, sentAt: NOW });
    expect(message.sealedBody).toBe(`sealed[${ID}/message/${message._id}]:Tack`);
    expect(attachments).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(entries![0]).toMatchObject({ topic: Topics.MessagesMessageReceivedV1, key: ID });
    expect(JSON.parse(entries![0]!.value)).toMatchObject({
      subjectKey: SUBJECT_KEY,
      data: { conversationId: ID, messageId: message._id, unit: 'socialtjansten', caseReference: 'SOC 2026-0042' },
    });
    expect(enqueued).toHaveBeenCalledWith('conversations', ID, entries);
    expect(notify).not.toHaveBeenCalled();
    expect(read).toHaveBeenCalledWith(ID, herself);
  });

  it('the official’s reply carries her name sealed, no event, and notifies the citizen’s contact', async () => {
    const { useCase, appendMessage, enqueued, notify } = setup(conversation({ sealedContact: CONTACT }));
    await useCase.execute(ID, { body: 'Välkommen på tisdag' }, handler);
    const [, message, , entries] = appendMessage.mock.calls[0]!;
    expect(message.author).toEqual({
      kind: 'official',
      id: 'sk1_handler-key',
      name: `sealed[${ID}/message/${message._id}/author]:Hanna Handläggare`,
    });
    expect(entries).toEqual([]);
    expect(enqueued).not.toHaveBeenCalled();
    expect(notify).toHaveBeenCalledWith({ email: 'anna@example.se' });
  });

  it('refuses an attachment the policy does not take, with 422 and nothing stored', async () => {
    const { useCase, appendMessage } = setup(conversation());
    const exe = { fileName: 'a.exe', mimeType: 'application/x-msdownload', content: Buffer.from('MZ').toString('base64') };
    expect((await problemOf(useCase.execute(ID, { body: 'Se bilaga', attachments: [exe] }, herself))).getStatus()).toBe(422);
    expect(appendMessage).not.toHaveBeenCalled();
  });

  it('answers 409 conversation-closed when closed, or closed meanwhile; 409 conflict when another reply took the place', async () => {
    const closed = setup(conversation({ status: 'closed' }));
    expect((await problemOf(closed.useCase.execute(ID, { body: 'Hej' }, herself))).problemType).toBe('conversation-closed');
    expect(closed.appendMessage).not.toHaveBeenCalled();
    const closedMeanwhile = setup(conversation(), false, conversation({ status: 'closed' }));
    expect((await problemOf(closedMeanwhile.useCase.execute(ID, { body: 'Hej' }, herself))).problemType).toBe('conversation-closed');
    const raced = setup(conversation(), false);
    const problem = await problemOf(raced.useCase.execute(ID, { body: 'Hej' }, herself));
    expect([problem.getStatus(), problem.problemType]).toEqual([409, 'conflict']);
    expect(raced.enqueued).not.toHaveBeenCalled();
  });

  it('answers 404 to someone who may not reply', async () => {
    const { useCase, appendMessage } = setup(conversation());
    expect((await problemOf(useCase.execute(ID, { body: 'Hej' }, someoneElse))).getStatus()).toBe(404);
    expect(appendMessage).not.toHaveBeenCalled();
  });
});

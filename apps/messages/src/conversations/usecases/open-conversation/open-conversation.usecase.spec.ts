import { describe, expect, it, jest } from '@jest/globals';
import type { Principal } from '@insyn/auth';
import { SubjectKeyRing } from '@insyn/person';
import { problemOf, strictFake } from '@insyn/testing';
import type { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ContactNotices } from '../shared/contact-notices.js';
import { ConversationCreator } from '../shared/conversation-creator.js';
import { ConversationPresenter } from '../shared/conversation-presenter.js';
import { MessageSealer } from '../shared/message-sealer.js';
import { clock, config, ids, keys, NOW, system, units } from '../use-case-fakes.js';
import { OpenConversation } from './open-conversation.usecase.js';

const ANNA = '199908072391';
const ring = new SubjectKeyRing({ current: 'the-subject-key-secret-of-the-unit-test-00' });

function setup() {
  const insertConversation = jest.fn<ConversationRepository['insertConversation']>().mockResolvedValue(undefined);
  const notify = jest.fn<ContactNotices['notify']>().mockResolvedValue(undefined);
  const idGenerator = ids();
  const creator = new ConversationCreator(
    strictFake<ConversationRepository>('ConversationRepository', { insertConversation }),
    keys(),
    new MessageSealer(keys(), idGenerator, config()),
    new ConversationPresenter(keys(), units()),
    strictFake<ContactNotices>('ContactNotices', { notify }),
    clock,
    idGenerator,
    ring,
  );
  return { useCase: new OpenConversation(units(), creator, clock), insertConversation, notify };
}

const input = {
  personnummer: '19990807-2391',
  subject: 'Kallelse till möte',
  body: 'Välkommen på tisdag',
  notify: { email: 'anna@example.se' },
};

describe('OpenConversation', () => {
  it('stores the conversation under her subject key, personnummer and contact sealed, and notifies her contact', async () => {
    const { useCase, insertConversation, notify } = setup();
    const view = await useCase.execute({ ...input, caseReference: 'SOC 2026-0042' }, system);
    const [conversation, message, attachments] = insertConversation.mock.calls[0]!;
    expect(conversation).toMatchObject({
      unit: 'socialtjansten',
      informationType: 'secure-message',
      subject: 'Kallelse till möte',
      caseReference: 'SOC 2026-0042',
      subjectKey: ring.of(ANNA),
      sealedPersonnummer: `sealed[${conversation._id}/personnummer]:${ANNA}`,
      sealedContact: `sealed[${conversation._id}/contact]:${JSON.stringify(input.notify)}`,
      status: 'open',
      openedAt: NOW,
      openedBy: { kind: 'client', id: 'case-system', name: 'Socialtjänsten' },
      messageCount: 1,
      outbox: [],
    });
    expect(message).toMatchObject({ conversationId: conversation._id, seq: 1 });
    expect(attachments).toEqual([]);
    expect(notify).toHaveBeenCalledWith(input.notify);
    expect(view).toMatchObject({ conversationId: conversation._id, unitName: 'Socialtjänsten', caseReference: 'SOC 2026-0042' });
    expect(view.messages.map((m) => [m.authorName, m.body])).toEqual([['Socialtjänsten', 'Välkommen på tisdag']]);
  });

  it('refuses a subject that holds personal data (422), and an invalid personnummer (400); nothing stored', async () => {
    const { useCase, insertConversation } = setup();
    expect((await problemOf(useCase.execute({ ...input, subject: 'Angående 19990807-2391' }, system))).getStatus()).toBe(422);
    expect((await problemOf(useCase.execute({ ...input, personnummer: '19990807-2392' }, system))).getStatus()).toBe(400);
    expect(insertConversation).not.toHaveBeenCalled();
  });

  it('refuses a caller whose unit holds no conversations (422)', async () => {
    const { useCase } = setup();
    const elsewhere: Principal = { ...system, unit: 'okand' };
    const problem = await problemOf(useCase.execute(input, elsewhere));
    expect(problem.getStatus()).toBe(422);
  });
});

import { describe, expect, it, jest } from '@jest/globals';
import { SubjectKeyRing } from '@insyn/person';
import { problemOf, strictFake } from '@insyn/testing';
import type { PersonAssertions } from '../../../keys/person-assertions.js';
import type { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ContactNotices } from '../shared/contact-notices.js';
import { ConversationCreator } from '../shared/conversation-creator.js';
import { ConversationPresenter } from '../shared/conversation-presenter.js';
import { MessageSealer } from '../shared/message-sealer.js';
import { clock, config, herself, ids, keys, SUBJECT_KEY, units } from '../use-case-fakes.js';
import { StartConversation } from './start-conversation.usecase.js';

const ANNA = '199908072391';
const ring = new SubjectKeyRing({ current: 'the-subject-key-secret-of-the-unit-test-00' });

function setup() {
  const insertConversation = jest.fn<ConversationRepository['insertConversation']>().mockResolvedValue(undefined);
  const notify = jest.fn<ContactNotices['notify']>().mockResolvedValue(undefined);
  const personnummerOf = jest.fn<PersonAssertions['personnummerOf']>().mockResolvedValue(ANNA);
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
  const useCase = new StartConversation(units(), strictFake<PersonAssertions>('PersonAssertions', { personnummerOf }), creator);
  return { useCase, insertConversation, notify, personnummerOf };
}

const input = { identityAssertion: 'eyJ.assertion', subject: 'Fråga om ansökan', body: 'Hej', notify: { email: 'anna@example.se' } };

describe('StartConversation', () => {
  it('stores her conversation with the personnummer from her assertion, checked to be hers; her own message notifies nobody', async () => {
    const { useCase, insertConversation, notify, personnummerOf } = setup();
    await useCase.execute('socialtjansten', input, herself);
    expect(personnummerOf).toHaveBeenCalledWith('eyJ.assertion', SUBJECT_KEY);
    const [conversation] = insertConversation.mock.calls[0]!;
    expect(conversation).toMatchObject({
      unit: 'socialtjansten',
      subjectKey: ring.of(ANNA),
      sealedPersonnummer: `sealed[${conversation._id}/personnummer]:${ANNA}`,
      openedBy: { kind: 'citizen', id: SUBJECT_KEY },
    });
    expect(notify).not.toHaveBeenCalled();
  });

  it('answers 404 for an unknown unit, 422 unit-not-accepting for a unit that opens conversations itself; nothing read or stored', async () => {
    const { useCase, insertConversation, personnummerOf } = setup();
    expect((await problemOf(useCase.execute('okand', input, herself))).getStatus()).toBe(404);
    const problem = await problemOf(useCase.execute('bygglov', input, herself));
    expect([problem.getStatus(), problem.problemType]).toEqual([422, 'unit-not-accepting']);
    expect(personnummerOf).not.toHaveBeenCalled();
    expect(insertConversation).not.toHaveBeenCalled();
  });
});

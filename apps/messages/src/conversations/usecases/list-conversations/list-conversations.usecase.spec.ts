import { describe, expect, it, jest } from '@jest/globals';
import { problemOf, strictFake } from '@insyn/testing';
import type { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ConversationRecord } from '../../persistence/conversation.schema.js';
import { ConversationPresenter } from '../shared/conversation-presenter.js';
import { conversation, handler, herself, keys, SUBJECT_KEY, units } from '../use-case-fakes.js';
import { ListConversations } from './list-conversations.usecase.js';

const ids = ['0190a3c4-0000-7000-8000-000000000001', '0190a3c4-0000-7000-8000-000000000002', '0190a3c4-0000-7000-8000-000000000003'];

function setup(records: ConversationRecord[]) {
  const page = jest.fn<ConversationRepository['page']>().mockResolvedValue(records);
  const useCase = new ListConversations(
    strictFake<ConversationRepository>('ConversationRepository', { page }),
    new ConversationPresenter(keys(), units()),
  );
  return { useCase, page };
}

describe('ListConversations', () => {
  it('pages the unit’s list newest first, one more than the limit read to know of a next page', async () => {
    const records = ids.map((id, i) =>
      conversation({ _id: id, lastMessageAt: new Date(Date.UTC(2026, 4, 3 - i)), caseReference: 'SOC 1' }),
    );
    const { useCase, page } = setup(records);
    const result = await useCase.execute(handler, { limit: 2 });
    expect(page).toHaveBeenCalledWith({ unit: 'socialtjansten' }, {}, undefined, 3);
    expect(result.items.map((c) => [c.conversationId, c.caseReference])).toEqual([
      [ids[0], 'SOC 1'],
      [ids[1], 'SOC 1'],
    ]);
    expect(result.next).toEqual(expect.any(String));
  });

  it('scopes the citizen’s list to her subject keys, without the unit’s case references, and refuses her a case-reference filter', async () => {
    const { useCase, page } = setup([conversation({ caseReference: 'SOC 1' })]);
    const result = await useCase.execute(herself, {});
    expect(page.mock.calls[0]![0]).toEqual({ subjectKeys: [SUBJECT_KEY] });
    expect(result.items[0]!.caseReference).toBeUndefined();
    expect(result.next).toBeUndefined();
    expect((await problemOf(useCase.execute(herself, { caseReference: 'SOC 1' }))).getStatus()).toBe(400);
  });

  it('answers 400 for a cursor it did not give', async () => {
    const { useCase, page } = setup([]);
    expect((await problemOf(useCase.execute(handler, { cursor: 'not-a-cursor' }))).getStatus()).toBe(400);
    expect(page).not.toHaveBeenCalled();
  });
});

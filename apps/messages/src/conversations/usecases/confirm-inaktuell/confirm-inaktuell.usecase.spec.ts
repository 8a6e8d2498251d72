import { describe, expect, it, jest } from '@jest/globals';
import type { Principal } from '@insyn/auth';
import { Topics } from '@insyn/contracts';
import { EventFactory, type MessagingOptions, type OutboxRelay } from '@insyn/messaging';
import type { Clock, IdGenerator } from '@insyn/platform';
import type { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { ConversationRecord } from '../../persistence/conversation.schema.js';
import { ConfirmInaktuell } from './confirm-inaktuell.usecase.js';
import { problemOf, strictFake } from '@insyn/testing';

const ID = '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const SUBJECT_KEY = 'sk1_anna-anna-anna-anna';
const now = new Date('2026-09-01T08:30:00.000Z');
const closedAt = new Date('2026-05-04T12:00:00.000Z');

const conversation = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  _id: ID,
  unit: 'socialtjansten',
  informationType: 'secure-message',
  subject: 'Kallelse',
  subjectKey: SUBJECT_KEY,
  sealedPersonnummer: 'sealed',
  status: 'closed',
  openedAt: new Date('2026-05-01T09:00:00.000Z'),
  openedBy: { kind: 'client', id: 'case-system' },
  closedAt,
  closedBy: { kind: 'official', id: 'sk1_handler' },
  messageCount: 2,
  lastMessageAt: closedAt,
  outbox: [],
  ...over,
});

const handler: Principal = {
  kind: 'official',
  subject: 'sk1_handler-key',
  name: 'Hanna Handläggare',
  unit: 'socialtjansten',
  roles: ['messages-handler'],
  scopes: [],
};

const herself: Principal = { kind: 'citizen', subject: SUBJECT_KEY, loa: 3, roles: [], scopes: [] };
const reader: Principal = { kind: 'client', subject: 'reader', unit: 'socialtjansten', roles: [], scopes: ['messages:read'] };

type Confirm = ConversationRepository['confirmInaktuell'];

/** The use case with a repository that throws on any call the test did not mock (docs/style.md 17). */
function setup(found: (ConversationRecord | null)[], confirmed = true) {
  const find = jest.fn<ConversationRepository['find']>();
  for (const f of found) find.mockResolvedValueOnce(f);
  // Confirmed: the outbox the write left, here just the event; not applied: null.
  const confirmInaktuell = jest.fn<Confirm>().mockImplementation((_id, _at, _by, event) => Promise.resolve(confirmed ? [event] : null));
  const repo = strictFake<ConversationRepository>('ConversationRepository', { find, confirmInaktuell });
  const enqueued = jest.fn<OutboxRelay['enqueued']>().mockResolvedValue(undefined);
  const clock: Clock = { now: () => now };
  const ids: IdGenerator = { next: () => '0190a3c4-0000-7000-8000-00000000e0e0' };
  const events = new EventFactory({ service: 'messages' } as MessagingOptions, clock, ids);
  const useCase = new ConfirmInaktuell(repo, events, { enqueued } as unknown as OutboxRelay, clock);
  return { useCase, confirmInaktuell, enqueued };
}

describe('ConfirmInaktuell', () => {
  it('stores the time and who confirmed (kind and id, no name) with the event in one write, then wakes the relay', async () => {
    const { useCase, confirmInaktuell, enqueued } = setup([conversation()]);
    await expect(useCase.execute(ID, handler)).resolves.toEqual({ conversationId: ID, inaktuellAt: now.toISOString() });
    expect(confirmInaktuell).toHaveBeenCalledTimes(1);
    const [id, at, by, entry] = confirmInaktuell.mock.calls[0]!;
    expect([id, at, by]).toEqual([ID, now, { kind: 'official', id: 'sk1_handler-key' }]);
    expect(entry).toMatchObject({ topic: Topics.MessagesConversationInaktuellV1, key: ID });
    expect(JSON.parse(entry.value)).toMatchObject({
      type: Topics.MessagesConversationInaktuellV1,
      source: 'messages',
      subjectKey: SUBJECT_KEY,
      data: {
        conversationId: ID,
        unit: 'socialtjansten',
        informationType: 'secure-message',
        inaktuellAt: now.toISOString(),
        confirmedBy: { kind: 'official', id: 'sk1_handler-key' },
      },
    });
    expect(entry.value).not.toContain('Hanna');
    expect(entry.value).not.toContain('Kallelse');
    expect(enqueued).toHaveBeenCalledWith('conversations', ID, [entry]);
  });

  it('the unit’s system confirms as a client', async () => {
    const { useCase, confirmInaktuell } = setup([conversation()]);
    const system: Principal = { kind: 'client', subject: 'case-system', unit: 'socialtjansten', roles: [], scopes: ['messages:send'] };
    await useCase.execute(ID, system);
    expect(confirmInaktuell.mock.calls[0]![2]).toEqual({ kind: 'client', id: 'case-system' });
  });

  it('asked again: the first time, and nothing written or emitted', async () => {
    const first = new Date('2026-08-01T10:00:00.000Z');
    const { useCase, confirmInaktuell, enqueued } = setup([conversation({ inaktuellAt: first })]);
    await expect(useCase.execute(ID, handler)).resolves.toEqual({ conversationId: ID, inaktuellAt: first.toISOString() });
    expect(confirmInaktuell).not.toHaveBeenCalled();
    expect(enqueued).not.toHaveBeenCalled();
  });

  it('an open conversation: 409, nothing written', async () => {
    const { useCase, confirmInaktuell } = setup([conversation({ status: 'open', closedAt: undefined })]);
    const problem = await problemOf(useCase.execute(ID, handler));
    expect(problem.getStatus()).toBe(409);
    expect(problem.problemType).toBe('conversation-open');
    expect(confirmInaktuell).not.toHaveBeenCalled();
  });

  it.each([
    ['does not exist', null, handler],
    ['belongs to another unit', conversation({ unit: 'skola' }), handler],
    ['is asked by the citizen herself', conversation(), herself],
    ['is asked by the unit’s read-only system', conversation(), reader],
  ])('404 when the conversation %s', async (_, found, who) => {
    const { useCase, confirmInaktuell } = setup([found]);
    const problem = await problemOf(useCase.execute(ID, who));
    expect(problem.getStatus()).toBe(404);
    expect(confirmInaktuell).not.toHaveBeenCalled();
  });

  it('lost a race with another confirmation: answers with the other one’s time, emits nothing', async () => {
    const theirs = new Date('2026-09-01T08:29:59.000Z');
    const { useCase, enqueued } = setup([conversation(), conversation({ inaktuellAt: theirs })], false);
    await expect(useCase.execute(ID, handler)).resolves.toEqual({ conversationId: ID, inaktuellAt: theirs.toISOString() });
    expect(enqueued).not.toHaveBeenCalled();
  });

  it('purged meanwhile: 404', async () => {
    const { useCase } = setup([conversation(), null], false);
    expect((await problemOf(useCase.execute(ID, handler))).getStatus()).toBe(404);
  });
});

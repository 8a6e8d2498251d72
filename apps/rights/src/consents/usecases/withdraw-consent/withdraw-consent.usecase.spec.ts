import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { EventFactory, type MessagingOptions, type OutboxRelay } from '@insyn/messaging';
import type { Clock, IdGenerator } from '@insyn/platform';
import { problemOf, strictFake } from '@insyn/testing';
import type { ConsentIndex } from '../../check/consent-index.js';
import { changeOf, type Consent, newConsent } from '../../domain/consent.js';
import type { ConsentsRepository } from '../../persistence/consents.repository.js';
import { ConsentWriter } from '../consent-writer.js';
import { citizen, smsTerms, SUBJECT } from '../use-case-fakes.js';
import { WithdrawConsentUseCase } from './withdraw-consent.usecase.js';

const givenAt = new Date('2026-03-01T10:00:00Z');
const now = new Date('2026-04-01T10:00:00Z');
const clock: Clock = { now: () => now };
const input = { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'sv' as const };

describe('WithdrawConsentUseCase', () => {
  let existing: Consent | null;
  let append: jest.Mock<ConsentsRepository['append']>;
  let enqueued: jest.Mock<OutboxRelay['enqueued']>;
  let useCase: WithdrawConsentUseCase;

  beforeEach(() => {
    const terms = smsTerms({ version: 4 });
    existing = newConsent('consent-1', SUBJECT, changeOf(1, 'given', terms, terms.consentPurposes[0]!, 'en', citizen().method, givenAt));
    append = jest.fn<ConsentsRepository['append']>().mockImplementation((...args) => Promise.resolve([args[4]]));
    enqueued = jest.fn<OutboxRelay['enqueued']>().mockResolvedValue(undefined);
    const ids: IdGenerator = { next: () => 'event-0001' };
    const events = new EventFactory({ service: 'rights' } as MessagingOptions, clock, ids);
    const consents = strictFake<ConsentsRepository>('ConsentsRepository', {
      append,
      findForPurpose: (subjectKey, notice, purpose) =>
        Promise.resolve(existing && subjectKey === SUBJECT && notice === existing.notice && purpose === existing.purpose ? existing : null),
    });
    const writer = new ConsentWriter(
      consents,
      ids,
      events,
      { enqueued } as unknown as OutboxRelay,
      { apply: () => undefined } as unknown as ConsentIndex,
    );
    // Withdrawing needs no notice: a consent under a withdrawn notice can still be withdrawn.
    useCase = new WithdrawConsentUseCase(consents, writer, clock);
  });

  it('appends the withdrawal of what was given: its notice version and text, now, and how the person signed in now', async () => {
    const { consent, changed } = await useCase.execute(citizen({ provider: 'freja', sessionId: 'session-0002' }), input);
    expect(changed).toBe(true);
    expect(append).toHaveBeenCalledTimes(1);
    const [id, subjectKey, expected, change, event] = append.mock.calls[0]!;
    expect([id, subjectKey, expected]).toEqual(['consent-1', SUBJECT, 1]);
    expect(change).toMatchObject({
      sequence: 2,
      state: 'withdrawn',
      at: now,
      notice: { slug: 'sms-avisering', version: 4 },
      text: { sv: 'Ditt samtycke.', en: 'Your consent.' },
      language: 'sv',
      method: { provider: 'freja', loa: 3, sessionId: 'session-0002' },
    });
    expect(JSON.parse(event.value)).toMatchObject({ data: { state: 'withdrawn', sequence: 2, consentId: 'consent-1' } });
    expect(consent).toMatchObject({ state: 'withdrawn', sequence: 2, history: [{ state: 'given' }, { state: 'withdrawn' }] });
    expect(enqueued).toHaveBeenCalledWith('consents', 'consent-1', [event]); // the outbox the update left
  });

  it.each([
    ['never given', () => null],
    ['withdrawn already', (c: Consent) => ({ ...c, state: 'withdrawn' as const })],
  ])('is 409 when the consent is %s, and writes nothing', async (_, state) => {
    existing = state(existing!);
    const problem = await problemOf(useCase.execute(citizen(), input));
    expect(problem).toMatchObject({ status: 409, problemType: 'consent-not-given' });
    expect(append).not.toHaveBeenCalled();
  });

  it('is 409 when the consent keeps changing meanwhile', async () => {
    append.mockResolvedValue(null);
    const problem = await problemOf(useCase.execute(citizen(), input));
    expect(problem).toMatchObject({ status: 409 });
    expect(append).toHaveBeenCalledTimes(3);
    expect(enqueued).not.toHaveBeenCalled();
  });
});

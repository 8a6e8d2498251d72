import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { strictFake } from '@insyn/testing';
import { RuleActivatedV1Event, validatePayload } from '@insyn/contracts';
import { EventFactory, type MessagingOptions, type OutboxRelay } from '@insyn/messaging';
import type { Clock, IdGenerator } from '@insyn/platform';
import { factory } from '../../domain/rule.fixtures.js';
import type { Rule } from '../../domain/rule.model.js';
import type { RulesRepository } from '../../persistence/rules.repository.js';
import { ActivateVersionUseCase } from './activate-version.usecase.js';

const now = new Date('2025-06-01T10:00:00Z');

describe('ActivateVersionUseCase', () => {
  const clock: Clock = { now: () => now };
  let rule: Rule;
  let activate: jest.Mock<RulesRepository['activate']>;
  let enqueued: jest.Mock<OutboxRelay['enqueued']>;
  let useCase: ActivateVersionUseCase;

  beforeEach(() => {
    rule = factory.rule([
      factory.version({ status: 'active', activatedAt: new Date('2025-01-11T00:00:00Z') }),
      factory.version({ version: 2, after: 'P1Y', decision: factory.decision({ reference: 'KS-2025/0200' }) }),
    ]);
    rule.approval = { version: 2, requestedBy: 'official:a', requestedByName: 'Anna Admin', requestedAt: new Date('2025-05-30T08:00:00Z') };
    // Like the repository: answers with the rule's outbox as the update left it (here only this event).
    activate = jest
      .fn<RulesRepository['activate']>()
      .mockImplementation((_id, _expected, _versions, _at, event) => Promise.resolve([event]));
    const findById = jest.fn<RulesRepository['findById']>().mockResolvedValue(rule);
    enqueued = jest.fn<OutboxRelay['enqueued']>().mockResolvedValue(undefined);
    const ids: IdGenerator = { next: () => 'event-0001' };
    const events = new EventFactory({ service: 'retention' } as MessagingOptions, clock, ids);
    useCase = new ActivateVersionUseCase(strictFake<RulesRepository>('RulesRepository', { findById, activate }), clock, events, {
      enqueued,
    } as unknown as OutboxRelay);
  });

  it('writes the activation in one update conditional on the revision, the draft and the active version', async () => {
    const result = await useCase.execute(rule.ruleId, 2, { id: 'official:b', name: 'Bo Beslut' });
    expect(activate).toHaveBeenCalledTimes(1);
    const [ruleId, expected, versions, at] = activate.mock.calls[0]!;
    expect(ruleId).toBe(rule.ruleId);
    expect(expected).toEqual({ revision: rule.revision, version: 2, previousActive: 1 });
    expect(versions.map((v) => v.status)).toEqual(['superseded', 'active']);
    expect(versions[1]).toMatchObject({
      activatedBy: 'official:b',
      requestedBy: 'official:a',
      requestedByName: 'Anna Admin',
      approvedBy: 'official:b',
      approvedByName: 'Bo Beslut',
    });
    expect(at).toBe(now);
    expect(result).toMatchObject({ activeVersion: 2, draftVersion: null, revision: rule.revision + 1 });
  });

  it('puts retention.rule.activated.v1 with the whole version and its decision on the outbox in the same update, keyed by rule id', async () => {
    await useCase.execute(rule.ruleId, 2, { id: 'official:b', name: 'Bo Beslut' });
    const entry = activate.mock.calls[0]![4];
    expect(entry).toMatchObject({ id: 'event-0001', topic: 'retention.rule.activated.v1', key: rule.ruleId });
    const envelope = JSON.parse(entry.value) as { type: string; source: string; data: Record<string, unknown> };
    expect(envelope).toMatchObject({ type: 'retention.rule.activated.v1', source: 'retention' });
    expect(envelope.data).toEqual({
      ruleId: rule.ruleId,
      version: 2,
      unit: 'socialtjansten',
      informationType: 'secure-message',
      action: 'archive-then-delete',
      trigger: 'conversation-closed',
      after: 'P1Y',
      preconditions: ['archived', 'receipt-received'],
      decision: factory.decision({ reference: 'KS-2025/0200' }),
      activatedAt: now.toISOString(),
      requestedBy: 'official:a',
      approvedBy: 'official:b',
    });
    expect(validatePayload(RuleActivatedV1Event, envelope.data)).toEqual([]);
    // The officials' names stay in the rule's own record.
    expect(entry.value).not.toContain('Bo Beslut');
    // The relay gets the outbox the update left, so it sends it without reading the rule again.
    expect(enqueued).toHaveBeenCalledWith('rules', rule.ruleId, [entry]);
  });

  it('answers 409 when the rule changed meanwhile, and wakes no relay', async () => {
    activate.mockResolvedValue(null);
    await expect(useCase.execute(rule.ruleId, 2, { id: 'official:b', name: 'Bo Beslut' })).rejects.toMatchObject({ status: 409 });
    expect(enqueued).not.toHaveBeenCalled();
  });

  it('refuses (403) the one who submitted it, and (409) a version nobody submitted; writes nothing', async () => {
    await expect(useCase.execute(rule.ruleId, 2, { id: 'official:a' })).rejects.toMatchObject({ status: 403, problemType: 'four-eyes' });
    rule.approval = null;
    await expect(useCase.execute(rule.ruleId, 2, { id: 'official:b' })).rejects.toMatchObject({
      status: 409,
      problemType: 'nothing-pending',
    });
    expect(activate).not.toHaveBeenCalled();
  });

  it('writes nothing when the activation is refused', async () => {
    rule.versions[1]!.decision = factory.decision({ reference: 'KS-2024/0113' });
    await expect(useCase.execute(rule.ruleId, 2, { id: 'official:b', name: 'Bo Beslut' })).rejects.toMatchObject({
      status: 409,
      problemType: 'decision-not-renewed',
    });
    expect(activate).not.toHaveBeenCalled();
    expect(enqueued).not.toHaveBeenCalled();
  });
});

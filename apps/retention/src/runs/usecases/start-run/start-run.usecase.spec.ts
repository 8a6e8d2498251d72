import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { EventFactory, type MessagingOptions, type OutboxRelay } from '@insyn/messaging';
import type { Clock, IdGenerator } from '@insyn/platform';
import type { CandidatesQuery } from '../../../candidates/candidates.query.js';
import type { HoldsQuery } from '../../../holds/holds.query.js';
import type { RuleCatalog } from '../../../rules/domain/rule.validation.js';
import type { RulesQuery } from '../../../rules/rules.query.js';
import type { Run } from '../../domain/run.js';
import type { RuleSchedulesRepository } from '../../persistence/rule-schedules.repository.js';
import type { RunsRepository } from '../../persistence/runs.repository.js';
import type { RunsConfig } from '../../runs.config.js';
import type { FinishRun } from '../finish-run/finish-run.usecase.js';
import { activeRule, NO_HOLDS } from '../use-case-fakes.js';
import { RuleVersionSuperseded, StartRun, TooManyHolds } from './start-run.usecase.js';
import { strictFake } from '@insyn/testing';

const NOW = new Date('2026-03-16T01:00:00Z');
const RUN_ID = '0190f5a2-0000-7000-8000-000000000001';
const rule = activeRule;

describe('StartRun', () => {
  const clock: Clock = { now: () => NOW };
  let claimRun: jest.Mock<RuleSchedulesRepository['claimRun']>;
  let releaseRun: jest.Mock<RuleSchedulesRepository['releaseRun']>;
  let findSchedule: jest.Mock<RuleSchedulesRepository['find']>;
  let activeVersion: jest.Mock<RulesQuery['activeVersion']>;
  let activeExclusions: jest.Mock<HoldsQuery['activeExclusions']>;
  let insert: jest.Mock<RunsRepository['insert']>;
  let find: jest.Mock<RunsRepository['find']>;
  let enqueued: jest.Mock<OutboxRelay['enqueued']>;
  let useCase: StartRun;

  beforeEach(() => {
    claimRun = jest.fn<RuleSchedulesRepository['claimRun']>().mockResolvedValue(true);
    releaseRun = jest.fn<RuleSchedulesRepository['releaseRun']>().mockResolvedValue(undefined);
    findSchedule = jest.fn<RuleSchedulesRepository['find']>().mockResolvedValue(null);
    activeVersion = jest.fn<RulesQuery['activeVersion']>().mockResolvedValue(rule());
    activeExclusions = jest.fn<HoldsQuery['activeExclusions']>().mockResolvedValue(NO_HOLDS);
    insert = jest.fn<RunsRepository['insert']>().mockImplementation((_run, outbox) => Promise.resolve(outbox));
    find = jest.fn<RunsRepository['find']>().mockResolvedValue(null);
    enqueued = jest.fn<OutboxRelay['enqueued']>().mockResolvedValue(undefined);
    const setExpected = jest.fn<RunsRepository['setExpected']>().mockResolvedValue(undefined);
    const countDue = jest.fn<CandidatesQuery['countDue']>().mockResolvedValue(7);
    const eventIds: IdGenerator = { next: () => 'event-0001' };
    const runIds: IdGenerator = { next: () => RUN_ID };
    useCase = new StartRun(
      strictFake<RunsRepository>('RunsRepository', { insert, find, setExpected }),
      strictFake<RuleSchedulesRepository>('RuleSchedulesRepository', { claimRun, releaseRun, find: findSchedule }),
      strictFake<HoldsQuery>('HoldsQuery', { activeExclusions }),
      strictFake<CandidatesQuery>('CandidatesQuery', { countDue }),
      strictFake<FinishRun>('FinishRun', {}),
      new EventFactory({ service: 'retention' } as MessagingOptions, clock, eventIds),
      strictFake<OutboxRelay>('OutboxRelay', { enqueued }),
      { chunkSize: 500 } as RunsConfig,
      strictFake<RuleCatalog>('RuleCatalog', { ownerOf: () => 'messages' }),
      strictFake<RulesQuery>('RulesQuery', { activeVersion }),
      clock,
      runIds,
    );
  });

  it('reads the active version again after claiming the rule, and starts the run when it is still the one given', async () => {
    const result = (await useCase.execute({
      rule: rule(),
      origin: 'schedule',
      executedBy: 'service:retention-scheduler',
      slot: NOW,
    })) as Run;
    expect(result).toMatchObject({ runId: RUN_ID, rule: { id: 'sakra-meddelanden-soc', version: 2, after: 'P1Y' }, status: 'running' });
    expect(claimRun).toHaveBeenCalledWith('sakra-meddelanden-soc', RUN_ID, NOW, NOW);
    expect(activeVersion).toHaveBeenCalledWith('sakra-meddelanden-soc');
    expect(claimRun.mock.invocationCallOrder[0]!).toBeLessThan(activeVersion.mock.invocationCallOrder[0]!);
    expect(activeVersion.mock.invocationCallOrder[0]!).toBeLessThan(insert.mock.invocationCallOrder[0]!);
    expect(insert.mock.calls[0]![1]).toHaveLength(1); // the first purge request, in the same write
    expect(enqueued).toHaveBeenCalledWith('runs', RUN_ID, insert.mock.calls[0]![1]); // the relay sends it without reading the run
    expect(releaseRun).not.toHaveBeenCalled();
  });

  it('refuses with a 409 problem and lets the rule go when a newer version was activated after the caller read the rule', async () => {
    // The scheduler read v2 (P1Y) at the start of its pass; v3 (P5Y, a new decision) was activated since.
    activeVersion.mockResolvedValue(rule({ version: 3, after: 'P5Y' }));
    const refused = useCase.execute({ rule: rule(), origin: 'schedule', executedBy: 'service:retention-scheduler', slot: NOW });
    await expect(refused).rejects.toBeInstanceOf(RuleVersionSuperseded);
    await expect(refused).rejects.toMatchObject({
      status: 409,
      problemType: 'rule-version-superseded',
      extensions: { ruleVersion: 2, activeVersion: 3 },
      message: expect.stringContaining('Version 2 of the rule sakra-meddelanden-soc was superseded by version 3'),
    });
    expect(releaseRun).toHaveBeenCalledWith('sakra-meddelanden-soc', RUN_ID);
    // Nothing asked, nothing stored, no hold read.
    expect(insert).not.toHaveBeenCalled();
    expect(enqueued).not.toHaveBeenCalled();
    expect(activeExclusions).not.toHaveBeenCalled();
  });

  it('refuses (422) holds on more persons than one purge request can name, asking nothing and letting the rule go', async () => {
    const subjectKeys = Array.from({ length: 20_000 }, (_, i) => `sk1_${String(i).padStart(43, '0')}`);
    activeExclusions.mockResolvedValue({ ...NO_HOLDS, subjectKeys });
    const refused = useCase.execute({ rule: rule(), origin: 'manual', executedBy: 'official:SE2120000001-ark1' });
    await expect(refused).rejects.toBeInstanceOf(TooManyHolds);
    await expect(refused).rejects.toMatchObject({ status: 422, problemType: 'too-many-holds', extensions: { heldPersons: 20_000 } });
    expect(releaseRun).toHaveBeenCalledWith('sakra-meddelanden-soc', RUN_ID);
    expect(insert).not.toHaveBeenCalled();
    // As many as fit start as usual.
    activeExclusions.mockResolvedValue({ ...NO_HOLDS, subjectKeys: subjectKeys.slice(0, 15_000) });
    await expect(useCase.execute({ rule: rule(), origin: 'manual', executedBy: 'official:SE2120000001-ark1' })).resolves.toMatchObject({
      status: 'running',
    });
  });

  it('refuses the same way when the rule has no active version any more', async () => {
    activeVersion.mockResolvedValue(null);
    await expect(useCase.execute({ rule: rule(), origin: 'manual', executedBy: 'official:SE2120000001-ark1' })).rejects.toMatchObject({
      status: 409,
      extensions: { ruleVersion: 2, activeVersion: null },
      message: expect.stringContaining('is no longer active'),
    });
    expect(releaseRun).toHaveBeenCalledWith('sakra-meddelanden-soc', RUN_ID);
    expect(insert).not.toHaveBeenCalled();
  });

  it('reads nothing again when another run holds the rule (the claim decides first)', async () => {
    claimRun.mockResolvedValue(false);
    findSchedule.mockResolvedValue({
      _id: 'sakra-meddelanden-soc',
      holder: null,
      leaseUntil: new Date(0),
      openRunId: 'open-run',
      openedAt: NOW,
      lastSlotAt: null,
    });
    expect(await useCase.execute({ rule: rule(), origin: 'manual', executedBy: 'official:SE2120000001-ark1' })).toEqual({
      inProgress: 'open-run',
    });
    expect(activeVersion).not.toHaveBeenCalled();
  });

  it('leaves the expected count open (null) for an owner whose items retention never hears of: the access log', async () => {
    const logRule = rule({ informationType: 'access-log', trigger: 'last-activity' });
    activeVersion.mockResolvedValue(logRule);
    const countDue = jest.fn<CandidatesQuery['countDue']>().mockResolvedValue(7);
    const setExpected = jest.fn<RunsRepository['setExpected']>().mockResolvedValue(undefined);
    const rights = new StartRun(
      strictFake<RunsRepository>('RunsRepository', { insert, find, setExpected }),
      strictFake<RuleSchedulesRepository>('RuleSchedulesRepository', { claimRun, releaseRun, find: findSchedule }),
      strictFake<HoldsQuery>('HoldsQuery', { activeExclusions }),
      strictFake<CandidatesQuery>('CandidatesQuery', { countDue }),
      strictFake<FinishRun>('FinishRun', {}),
      new EventFactory({ service: 'retention' } as MessagingOptions, clock, { next: () => 'event-0001' }),
      strictFake<OutboxRelay>('OutboxRelay', { enqueued }),
      { chunkSize: 500 } as RunsConfig,
      strictFake<RuleCatalog>('RuleCatalog', { ownerOf: () => 'rights' }),
      strictFake<RulesQuery>('RulesQuery', { activeVersion }),
      clock,
      { next: () => RUN_ID },
    );
    const run = (await rights.execute({ rule: logRule, origin: 'manual', executedBy: 'official:x' })) as Run;
    expect(run).toMatchObject({ expected: null, method: 'delete', selection: { service: 'rights', trigger: 'last-activity' } });
    await new Promise((r) => setImmediate(r));
    expect(countDue).not.toHaveBeenCalled();
    expect(setExpected).not.toHaveBeenCalled();
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Clock } from '@insyn/platform';
import type { CandidateItem } from '../candidates/candidate.js';
import type { CandidatesQuery } from '../candidates/candidates.query.js';
import { dueDate } from '../domain/schedule/retention-calendar.js';
import { parseDuration } from '../domain/schedule/iso-duration.js';
import type { ActiveExclusions, HoldsQuery } from '../holds/holds.query.js';
import type { ActiveRule } from '../rules/domain/rule.model.js';
import type { RuleCatalog } from '../rules/domain/rule.validation.js';
import type { RulesQuery } from '../rules/rules.query.js';
import { ForecastService } from './forecast.service.js';
import { problemOf } from '@insyn/testing';

// 11:00 in Stockholm (CET) on 2026-03-15. With P2Y, everything closed up to 2024-03-14 (local) is due now;
// the 30-day window ends at 2026-04-14 00:00 CEST, so it takes closings up to 2024-04-13 (local).
const NOW = new Date('2026-03-15T10:00:00Z');
const P2Y = parseDuration('P2Y');

const rule = (over: Partial<ActiveRule> = {}): ActiveRule => ({
  ruleId: 'sakra-meddelanden-soc',
  unit: 'socialtjansten',
  informationType: 'secure-message',
  version: 3,
  action: 'archive-then-delete',
  trigger: 'conversation-closed',
  after: 'P2Y',
  preconditions: ['archived', 'receipt-received'],
  schedule: '0 2 * * *',
  decision: { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0113', section: 'punkt 4.2' },
  activatedAt: new Date('2024-04-01T00:00:00Z'),
  activatedBy: 'official:SE2120000001-ark1',
  ...over,
});

const NO_HOLDS: ActiveExclusions = { subjectKeys: [], itemIds: [], unitHeld: false, ruleHeld: false, holdIds: [] };
const ARCHIVED = new Date('2025-01-01T00:00:00Z');
const item = (id: string, closedAt: string, over: Partial<CandidateItem> = {}): CandidateItem => ({
  _id: id,
  subjectKey: `subject-key-of-${id}`,
  triggeredAt: new Date(closedAt),
  archivedAt: ARCHIVED,
  ...over,
});

function setup(items: CandidateItem[], opts: { rule?: ActiveRule | null; holds?: ActiveExclusions } = {}) {
  const streamed: { triggeredBefore: Date; triggeredFrom?: Date }[] = [];
  const triggers: string[] = [];
  let pulled = 0;
  const candidates = {
    stream(
      unit: string,
      informationType: string,
      trigger: string,
      triggeredBefore: Date,
      triggeredFrom?: Date,
    ): AsyncIterable<CandidateItem> {
      triggers.push(trigger);
      streamed.push({ triggeredBefore, ...(triggeredFrom ? { triggeredFrom } : {}) });
      // As the database would: only the selection, handed over one at a time.
      const selected = items.filter(
        (i) =>
          i.triggeredAt < triggeredBefore &&
          (!triggeredFrom || i.triggeredAt >= triggeredFrom) &&
          unit === 'socialtjansten' &&
          !!informationType,
      );
      return (async function* () {
        for (const i of selected) {
          pulled += 1;
          yield await Promise.resolve(i);
        }
      })();
    },
  } as unknown as CandidatesQuery;
  const rules = {
    activeVersion: () => Promise.resolve(opts.rule === undefined ? rule() : opts.rule),
    retiredAt: () => Promise.resolve(null),
  } as unknown as RulesQuery;
  const holds = { activeExclusions: () => Promise.resolve(opts.holds ?? NO_HOLDS) } as unknown as HoldsQuery;
  const clock: Clock = { now: () => NOW };
  const owners: Record<string, string> = { 'secure-message': 'messages', 'access-log': 'rights' };
  const catalog = { ownerOf: (type: string) => owners[type] } as unknown as RuleCatalog;
  return { service: new ForecastService(rules, holds, candidates, clock, catalog), streamed, triggers, pulled: () => pulled };
}

describe('ForecastService', () => {
  it('counts items already due, due within 30 days and within 90 days', async () => {
    const items = [
      item('closed-long-ago', '2023-06-01T12:00:00Z'), // due 2025-06-02: already due
      item('closed-2y-10d-ago', '2024-03-05T09:00:00Z'), // due 2026-03-06: already due
      item('closed-2y-less-10d', '2024-03-25T09:00:00Z'), // due 2026-03-26: within 30 days
      item('closed-2y-less-60d', '2024-05-14T09:00:00Z'), // due 2026-05-15: within 90, not 30
      item('closed-2y-less-100d', '2024-06-23T09:00:00Z'), // due 2026-06-24: beyond 90 days
    ];
    const { service, streamed, pulled } = setup(items);
    const f = await service.forecast('sakra-meddelanden-soc');
    expect(f).toMatchObject({
      ruleId: 'sakra-meddelanden-soc',
      version: 3,
      asOf: NOW,
      alreadyDue: { due: 2, held: 0, blocked: 0 },
      windows: [
        { days: 30, due: 1, held: 0, blocked: 0, from: NOW, until: new Date('2026-04-13T22:00:00Z') },
        { days: 90, due: 2, held: 0, blocked: 0, from: NOW, until: new Date('2026-06-12T22:00:00Z') },
      ],
    });
    // One pass over the cursor, up to the widest window; the item beyond it is never read.
    expect(streamed).toEqual([{ triggeredBefore: new Date('2024-06-12T22:00:00Z') }]);
    expect(pulled()).toBe(4);
  });

  it('the boundary day: an item is not counted as due a day early', async () => {
    // 2024-03-14 23:59 local is due 2026-03-15 00:00 (today); 2024-03-15 00:00 local is due tomorrow.
    const lastDue = item('last-due-today', '2024-03-14T22:59:59Z');
    const firstNotDue = item('due-tomorrow', '2024-03-14T23:00:00Z');
    expect(dueDate(lastDue.triggeredAt, P2Y)).toEqual(new Date('2026-03-14T23:00:00Z'));
    expect(dueDate(firstNotDue.triggeredAt, P2Y)).toEqual(new Date('2026-03-15T23:00:00Z'));
    // At the 30-day window's edge: 2024-04-13 local falls due at its end (2026-04-14 00:00), 2024-04-14 a day later.
    const lastIn30 = item('last-in-30-days', '2024-04-13T21:59:59Z');
    const firstAfter30 = item('first-after-30-days', '2024-04-13T22:00:00Z');
    const { service } = setup([lastDue, firstNotDue, lastIn30, firstAfter30]);
    const f = await service.forecast('sakra-meddelanden-soc');
    expect(f.alreadyDue).toMatchObject({ due: 1, triggeredBefore: new Date('2024-03-14T23:00:00Z') });
    expect(f.windows[0]).toMatchObject({ days: 30, due: 2, triggeredFrom: new Date('2024-03-14T23:00:00Z') });
    expect(f.windows[1]).toMatchObject({ days: 90, due: 3 });
  });

  it('counts held items (person or conversation) and unarchived ones apart, each once', async () => {
    const items = [
      item('held-person', '2024-03-01T09:00:00Z', { subjectKey: 'held-subject-key-0001', archivedAt: undefined }),
      item('held-convo-1', '2024-03-20T09:00:00Z'),
      item('unarchived-1', '2024-03-02T09:00:00Z', { archivedAt: undefined }),
      item('unarchived-2', '2024-04-20T09:00:00Z', { archivedAt: undefined }),
      item('no-subject-1', '2024-03-20T09:00:00Z', { subjectKey: undefined }),
    ];
    const holds = { ...NO_HOLDS, subjectKeys: ['held-subject-key-0001'], itemIds: ['held-convo-1'], holdIds: ['h1', 'h2'] };
    const { service } = setup(items, { holds });
    const f = await service.forecast('sakra-meddelanden-soc');
    expect(f.alreadyDue).toMatchObject({ due: 0, held: 1, blocked: 1 });
    expect(f.windows[0]).toMatchObject({ due: 1, held: 1, blocked: 0 });
    expect(f.windows[1]).toMatchObject({ due: 1, held: 1, blocked: 1 });
  });

  it('a rule without the archived precondition blocks nothing', async () => {
    const { service } = setup([item('unarchived-1', '2024-03-02T09:00:00Z', { archivedAt: undefined })], {
      rule: rule({ action: 'delete', preconditions: [] }),
    });
    expect((await service.forecast('sakra-meddelanden-soc')).alreadyDue).toMatchObject({ due: 1, held: 0, blocked: 0 });
  });

  it('a receipt precondition blocks the unarchived as the run does, whatever the action', async () => {
    const { service } = setup([item('unarchived-1', '2024-03-02T09:00:00Z', { archivedAt: undefined })], {
      rule: rule({ action: 'delete', preconditions: ['receipt-received'] }),
    });
    expect((await service.forecast('sakra-meddelanden-soc')).alreadyDue).toMatchObject({ due: 0, held: 0, blocked: 1 });
  });

  it.each([
    ['the unit', { unitHeld: true }],
    ['the rule', { ruleHeld: true }],
  ])('a hold on %s holds everything', async (_, held) => {
    const items = [
      item('a-closed-early', '2024-03-01T09:00:00Z'),
      item('b-closed-later', '2024-04-01T09:00:00Z', { archivedAt: undefined }),
    ];
    const { service } = setup(items, { holds: { ...NO_HOLDS, ...held } });
    const f = await service.forecast('sakra-meddelanden-soc');
    expect(f.alreadyDue).toMatchObject({ due: 0, held: 1, blocked: 0 });
    expect(f.windows.map((w) => [w.due, w.held, w.blocked])).toEqual([
      [0, 1, 0],
      [0, 1, 0],
    ]);
  });

  it('one window when asked for one', async () => {
    const { service, streamed } = setup([item('closed-2y-less-60d', '2024-05-14T09:00:00Z')]);
    const f = await service.forecast('sakra-meddelanden-soc', [30]);
    expect(f.windows).toHaveLength(1);
    expect(f.windows[0]).toMatchObject({ days: 30, due: 0 });
    expect(streamed[0]!.triggeredBefore).toEqual(new Date('2024-04-13T22:00:00Z'));
  });

  it('refuses a rule that keeps forever with 422', async () => {
    const { service } = setup([], { rule: rule({ action: 'keep', after: null, preconditions: [], schedule: null }) });
    const problem = await problemOf(service.forecast('sakra-meddelanden-soc'));
    expect(problem.getStatus()).toBe(422);
    expect(problem.problemType).toBe('keeps-forever');
  });

  it('counts "vid inaktualitet" rules from the confirmation, and refuses triggers nobody reports (422)', async () => {
    const inaktuell = setup([item('confirmed-long-ago', '2025-01-10T10:00:00Z')], {
      rule: rule({ trigger: 'inaktualitet', after: 'P1Y' }),
    });
    expect((await inaktuell.service.forecast('sakra-meddelanden-soc')).alreadyDue).toMatchObject({ due: 1 });
    expect(inaktuell.triggers).toEqual(['inaktualitet']);
    const { service } = setup([], { rule: rule({ trigger: 'case-closed' }) });
    const problem = await problemOf(service.forecast('sakra-meddelanden-soc'));
    expect(problem.getStatus()).toBe(422);
    expect(problem.problemType).toBe('trigger-unsupported');
  });

  it('refuses (422) a rule over items retention never hears of (the rights service’s access log), rather than forecast nothing due', async () => {
    const { service, triggers } = setup([item('a-conversation', '2024-01-10T10:00:00Z')], {
      rule: rule({ informationType: 'access-log', trigger: 'last-activity', after: 'P1Y' }),
    });
    const problem = await problemOf(service.forecast('sakra-meddelanden-soc'));
    expect(problem.getStatus()).toBe(422);
    expect(problem.problemType).toBe('forecast-unavailable');
    expect(triggers).toEqual([]);
  });

  it('404 for an unknown rule or one without an active version', async () => {
    const { service } = setup([], { rule: null });
    expect((await problemOf(service.forecast('no-such-rule'))).getStatus()).toBe(404);
  });
});

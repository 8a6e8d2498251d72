import { describe, expect, it } from '@jest/globals';
import type { ListedCandidate } from '../../candidates/candidate.js';
import { parseDuration } from '../../domain/schedule/iso-duration.js';
import { listForecastItems, planForecast, rowRange } from './forecast.js';

const now = new Date('2026-03-16T10:00:00Z');
const P2Y = parseDuration('P2Y');
const noHolds = { all: false, subjectKeys: new Set<string>(), itemIds: new Set<string>() };

async function* items(list: ListedCandidate[], read: string[] = []): AsyncGenerator<ListedCandidate> {
  for (const item of list) {
    read.push(item._id);
    yield await Promise.resolve(item);
  }
}

describe('the items behind a forecast row', () => {
  it('takes the rows’ trigger ranges from the plan the counts use', () => {
    const plan = planForecast(now, P2Y, [30, 90]);
    expect(rowRange(plan, 'now')).toEqual({ before: plan.cutoff });
    expect(rowRange(plan, '30')).toEqual({ from: plan.cutoff, before: plan.windows[0]!.triggeredBefore });
    expect(rowRange(plan, '90')).toEqual({ from: plan.cutoff, before: plan.windows[1]!.triggeredBefore });
  });

  it('gives each item its due date (00:00 Swedish time after the period) and disposition, and stops reading once a page and one more are found', async () => {
    const closed = new Date('2024-03-15T13:00:00Z');
    const list: ListedCandidate[] = [
      { _id: 'conv-a', triggeredAt: closed, archivedAt: closed, caseReference: 'SOC 2024/1' },
      { _id: 'conv-b', triggeredAt: closed, subjectKey: 'sk1_held' },
      { _id: 'conv-c', triggeredAt: closed },
      { _id: 'conv-d', triggeredAt: closed, archivedAt: closed },
      { _id: 'conv-e', triggeredAt: closed, archivedAt: closed },
    ];
    const holds = { ...noHolds, subjectKeys: new Set(['sk1_held']) };
    const read: string[] = [];
    const page = await listForecastItems(items(list, read), P2Y, holds, true, 1, 'due');
    expect(page).toEqual([
      {
        conversationId: 'conv-a',
        caseReference: 'SOC 2024/1',
        triggeredAt: closed,
        dueAt: new Date('2026-03-15T23:00:00Z'),
        disposition: 'due',
        archivedAt: closed,
      },
      { conversationId: 'conv-d', triggeredAt: closed, dueAt: new Date('2026-03-15T23:00:00Z'), disposition: 'due', archivedAt: closed },
    ]);
    expect(read).toEqual(['conv-a', 'conv-b', 'conv-c', 'conv-d']);
    const all = await listForecastItems(items(list), P2Y, holds, true, 10);
    expect(all.map((i) => i.disposition)).toEqual(['due', 'held', 'blocked', 'due', 'due']);
    expect(JSON.stringify(all)).not.toContain('sk1_');
  });
});

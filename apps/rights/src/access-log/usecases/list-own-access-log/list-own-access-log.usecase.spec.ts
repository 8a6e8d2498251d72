import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@insyn/auth';
import { ANNA, BRITT, entry, InMemoryAccessLog, OFFICIAL, units } from '../access-log-fakes.js';
import { ListOwnAccessLog } from './list-own-access-log.usecase.js';

const citizen = (subject: string): Principal => ({ kind: 'citizen', subject, roles: [], scopes: [] });

function seeded(): InMemoryAccessLog {
  const log = new InMemoryAccessLog();
  for (let n = 1; n <= 5; n++) void log.record(entry({ accessId: `acc-a000000${n}`, accessedAt: new Date(Date.UTC(2026, 0, n, 12)) }));
  void log.record(entry({ accessId: 'acc-b0000001', subjectKey: BRITT }));
  return log;
}

describe('ListOwnAccessLog', () => {
  it('gives the citizen her own entries only, newest first, without the official’s identity', async () => {
    const page = await new ListOwnAccessLog(seeded(), units()).execute(citizen(ANNA), { limit: 50 });
    expect(page.entries.map((e) => e.accessId)).toEqual(['acc-a0000005', 'acc-a0000004', 'acc-a0000003', 'acc-a0000002', 'acc-a0000001']);
    expect(page.nextCursor).toBeUndefined();
    expect(JSON.stringify(page)).not.toContain(OFFICIAL);
    expect(page.entries[0]?.accessor).toEqual({
      kind: 'official',
      role: 'messages-handler',
      unit: 'socialtjansten',
      unitName: 'Individ- och familjeomsorgen',
    });
  });

  it('pages with the cursor until the last page, each entry once', async () => {
    const useCase = new ListOwnAccessLog(seeded(), units());
    const first = await useCase.execute(citizen(ANNA), { limit: 2 });
    const { decodeCursor } = await import('../../domain/access-entry.js');
    const second = await useCase.execute(citizen(ANNA), { limit: 2, cursor: decodeCursor(first.nextCursor!)! });
    const third = await useCase.execute(citizen(ANNA), { limit: 2, cursor: decodeCursor(second.nextCursor!)! });
    expect([first, second, third].flatMap((p) => p.entries.map((e) => e.accessId))).toEqual([
      'acc-a0000005',
      'acc-a0000004',
      'acc-a0000003',
      'acc-a0000002',
      'acc-a0000001',
    ]);
    expect(third.nextCursor).toBeUndefined();
  });

  it('keeps to the period asked for: from inclusive, to exclusive', async () => {
    const page = await new ListOwnAccessLog(seeded(), units()).execute(citizen(ANNA), {
      limit: 50,
      from: new Date(Date.UTC(2026, 0, 2, 12)),
      to: new Date(Date.UTC(2026, 0, 4, 12)),
    });
    expect(page.entries.map((e) => e.accessId)).toEqual(['acc-a0000003', 'acc-a0000002']);
  });

  it('shows Britt nothing of Anna’s', async () => {
    const page = await new ListOwnAccessLog(seeded(), units()).execute(citizen(BRITT), { limit: 50 });
    expect(page.entries.map((e) => e.accessId)).toEqual(['acc-b0000001']);
  });
});

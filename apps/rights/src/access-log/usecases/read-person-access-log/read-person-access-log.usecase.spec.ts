import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@insyn/auth';
import { ListOwnAccessLog } from '../list-own-access-log/list-own-access-log.usecase.js';
import { ANNA, entry, InMemoryAccessLog, OFFICIAL, sequentialIds, units } from '../access-log-fakes.js';
import { ReadPersonAccessLog } from './read-person-access-log.usecase.js';

const now = new Date('2026-04-01T09:00:00Z');
const DPO = 'sk1_dpo-ddddddddddddddddddddddddddddddddddddddddd';
const official = (roles: string[]): Principal => ({ kind: 'official', subject: DPO, roles, scopes: [], unit: 'kommunstyrelsen' });

describe('ReadPersonAccessLog', () => {
  it('returns the person’s log to the rights function, and logs the read in it: kind, role, unit, resource access-log', async () => {
    const log = new InMemoryAccessLog();
    await log.record(entry());
    const useCase = new ReadPersonAccessLog(log, units(), { now: () => now }, sequentialIds('read'));
    const page = await useCase.execute(ANNA, official(['dpo']), { limit: 50 });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ accessor: { id: OFFICIAL }, source: 'messages' });
    expect(log.entries.get('read-00000001')).toEqual({
      accessId: 'read-00000001',
      subjectKey: ANNA,
      accessor: { kind: 'official', id: DPO, role: 'dpo', unit: 'kommunstyrelsen' },
      resource: { type: 'access-log' },
      action: 'read',
      purpose: 'dataskyddstillsyn',
      accessedAt: now,
      source: 'rights',
      unit: 'kommunstyrelsen',
      recordedAt: now,
    });

    // Anna sees that her log was read, by whom in role and unit only.
    const hers = await new ListOwnAccessLog(log, units()).execute({ kind: 'citizen', subject: ANNA, roles: [], scopes: [] }, { limit: 50 });
    expect(hers.entries[0]).toEqual({
      accessId: 'read-00000001',
      accessedAt: now.toISOString(),
      action: 'read',
      purpose: 'dataskyddstillsyn',
      accessor: { kind: 'official', role: 'dpo', unit: 'kommunstyrelsen' },
      resource: { type: 'access-log' },
    });
    expect(JSON.stringify(hers)).not.toContain(DPO);
  });

  it('logs a rights handler’s read under the purpose of handling her rights', async () => {
    const log = new InMemoryAccessLog();
    await new ReadPersonAccessLog(log, units(), { now: () => now }, sequentialIds('read')).execute(
      ANNA,
      official(['rights-handler', 'dpo']),
      { limit: 50 },
    );
    expect(log.entries.get('read-00000001')).toMatchObject({ accessor: { role: 'rights-handler' }, purpose: 'rattighetshantering' });
  });

  it('returns nothing when the read cannot be logged', async () => {
    const log = new InMemoryAccessLog();
    await log.record(entry());
    log.failRecord = true;
    await expect(
      new ReadPersonAccessLog(log, units(), { now: () => now }, sequentialIds()).execute(ANNA, official(['dpo']), { limit: 50 }),
    ).rejects.toThrow('database down');
  });

  it('refuses an official without a rights role (the route’s guard already does)', async () => {
    const log = new InMemoryAccessLog();
    await expect(
      new ReadPersonAccessLog(log, units(), { now: () => now }, sequentialIds()).execute(ANNA, official(['messages-handler']), {
        limit: 50,
      }),
    ).rejects.toThrow(/rights-handler or dpo/);
    expect(log.entries.size).toBe(0);
  });
});

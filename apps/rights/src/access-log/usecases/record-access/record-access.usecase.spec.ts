import { describe, expect, it } from '@jest/globals';
import type { AuditAccessedV1 } from '@insyn/contracts';
import { ANNA, InMemoryAccessLog, OFFICIAL, units } from '../access-log-fakes.js';
import { RecordAccess } from './record-access.usecase.js';

const now = new Date('2026-03-01T10:00:05Z');
const read = (over: Partial<AuditAccessedV1> = {}): AuditAccessedV1 => ({
  accessId: 'acc-00000001',
  accessor: { kind: 'official', id: OFFICIAL, role: 'messages-handler', unit: 'socialtjansten' },
  subjectKey: ANNA,
  resource: { type: 'conversation', id: 'conv-00000001', conversationId: 'conv-00000001' },
  action: 'read',
  purpose: 'handlaggning',
  accessedAt: '2026-03-01T10:00:00.000Z',
  ...over,
});

describe('RecordAccess', () => {
  it('stores the read in the person’s log, gallrad under the unit that read', async () => {
    const log = new InMemoryAccessLog();
    expect(await new RecordAccess(log, units(), { now: () => now }).execute(read(), 'messages')).toBe('recorded');
    expect(log.entries.get('acc-00000001')).toEqual({
      accessId: 'acc-00000001',
      subjectKey: ANNA,
      accessor: { kind: 'official', id: OFFICIAL, role: 'messages-handler', unit: 'socialtjansten' },
      resource: { type: 'conversation', id: 'conv-00000001', conversationId: 'conv-00000001' },
      action: 'read',
      purpose: 'handlaggning',
      accessedAt: new Date('2026-03-01T10:00:00.000Z'),
      source: 'messages',
      unit: 'socialtjansten',
      recordedAt: now,
    });
  });

  it('puts a read no unit made (the citizen’s own) under the log’s own unit', async () => {
    const log = new InMemoryAccessLog();
    await new RecordAccess(log, units(), { now: () => now }).execute(
      read({ accessor: { kind: 'citizen', id: ANNA }, purpose: 'egen-insyn' }),
      'messages',
    );
    expect(log.entries.get('acc-00000001')?.unit).toBe('kommunstyrelsen');
  });

  it('stores a read once, whatever event brings it again; the first report stays', async () => {
    const log = new InMemoryAccessLog();
    const useCase = new RecordAccess(log, units(), { now: () => now });
    await useCase.execute(read(), 'messages');
    expect(await useCase.execute(read({ purpose: 'annat' }), 'messages')).toBe('duplicate');
    expect(log.entries.size).toBe(1);
    expect(log.entries.get('acc-00000001')?.purpose).toBe('handlaggning');
  });
});

import { describe, expect, it } from '@jest/globals';
import type { PurgeSelection } from '@insyn/contracts';
import { selectionFilter, triggerField } from './purge-selection.js';

const selection: PurgeSelection = {
  service: 'messages',
  unit: 'socialtjansten',
  informationType: 'secure-message',
  triggeredBefore: '2026-06-01T00:00:00.000Z',
  requireArchived: true,
};

describe('selectionFilter', () => {
  it('compares with the closing when the request names no trigger (as before the trigger existed)', () => {
    expect(selectionFilter(selection)).toEqual({
      unit: 'socialtjansten',
      informationType: 'secure-message',
      status: 'closed',
      closedAt: { $lt: new Date('2026-06-01T00:00:00.000Z') },
    });
  });

  it('compares with the closing for the trigger conversation-closed', () => {
    expect(selectionFilter({ ...selection, trigger: 'conversation-closed' })).toEqual(selectionFilter(selection));
  });

  it('compares with the inaktualitet confirmation for the trigger inaktualitet, and not with the closing', () => {
    const filter = selectionFilter({ ...selection, trigger: 'inaktualitet' });
    expect(filter).toEqual({
      unit: 'socialtjansten',
      informationType: 'secure-message',
      status: 'closed',
      inaktuellAt: { $lt: new Date('2026-06-01T00:00:00.000Z') },
    });
    expect(filter).not.toHaveProperty('closedAt');
  });

  it('compares with the last message for the trigger last-activity: closed conversations only, however long an open one was silent', () => {
    expect(selectionFilter({ ...selection, trigger: 'last-activity' })).toEqual({
      unit: 'socialtjansten',
      informationType: 'secure-message',
      status: 'closed',
      lastMessageAt: { $lt: new Date('2026-06-01T00:00:00.000Z') },
    });
  });

  it('knows no date for case-closed (the business system knows when a case closes): no field, and no filter', () => {
    expect(triggerField({ trigger: 'case-closed' })).toBeUndefined();
    expect(() => selectionFilter({ ...selection, trigger: 'case-closed' })).toThrow(/cannot select by the trigger case-closed/);
  });

  it('keeps the field order of the schema’s indexes: unit, informationType, status, then the date', () => {
    for (const trigger of [undefined, 'conversation-closed', 'inaktualitet', 'last-activity'] as const)
      expect(Object.keys(selectionFilter({ ...selection, ...(trigger ? { trigger } : {}) }))).toEqual([
        'unit',
        'informationType',
        'status',
        triggerField({ ...(trigger ? { trigger } : {}) }),
      ]);
  });
});

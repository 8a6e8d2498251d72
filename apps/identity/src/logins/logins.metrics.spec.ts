import { describe, expect, it } from '@jest/globals';
import { countEidOrder, eidOrders } from './logins.metrics.js';

async function count(labels: Record<string, string>): Promise<number> {
  const values = (await eidOrders().get()).values;
  return values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))?.value ?? 0;
}

describe('e-ID order metrics', () => {
  it('count outcomes by provider with the provider hint as reason', async () => {
    const before = await count({ provider: 'bankid', outcome: 'failed', reason: 'userCancel' });
    countEidOrder('bankid', 'failed', 'userCancel');
    expect(await count({ provider: 'bankid', outcome: 'failed', reason: 'userCancel' })).toBe(before + 1);
  });

  it('never take free text as a label value', async () => {
    const before = await count({ provider: 'freja', outcome: 'failed', reason: 'other' });
    countEidOrder('freja', 'failed', 'error: 19900101-1234 was refused');
    expect(await count({ provider: 'freja', outcome: 'failed', reason: 'other' })).toBe(before + 1);
  });
});

import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { deletedIdsSha256, MAX_DELETED_IDS, purgeCompletion } from './index.js';

const chunk = {
  requestId: 'req-00000001',
  runId: 'run-00000001',
  chunk: 0,
  method: 'delete' as const,
  skippedHeld: 1,
  blockedUnarchived: 2,
  remaining: false,
};

describe('the purge answer, as every owning service writes it', () => {
  it('digests the ids sorted and one per line, whatever their order', () => {
    const expected = createHash('sha256').update('a-1\nb-2\nc-3').digest('hex');
    expect(deletedIdsSha256(['c-3', 'a-1', 'b-2'])).toBe(expected);
    expect(deletedIdsSha256([])).toBe(createHash('sha256').update('').digest('hex'));
  });

  it('lists the ids sorted up to MAX_DELETED_IDS, and only the digest above it', () => {
    const now = new Date('2026-12-04T10:00:00Z');
    const small = purgeCompletion('rights', { ...chunk, ids: ['b', 'a'] }, now);
    expect(small).toMatchObject({ service: 'rights', deleted: 2, deletedIds: ['a', 'b'], completedAt: now.toISOString() });
    expect(small.deletedIdsSha256).toBe(deletedIdsSha256(['a', 'b']));
    const many = Array.from({ length: MAX_DELETED_IDS + 1 }, (_, i) => `id-${i}`);
    const large = purgeCompletion('messages', { ...chunk, ids: many }, now);
    expect(large.deleted).toBe(MAX_DELETED_IDS + 1);
    expect(large).not.toHaveProperty('deletedIds');
  });

  it('keeps a stored digest and completion time, and carries a refusal’s reason', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    const answer = purgeCompletion(
      'messages',
      { ...chunk, ids: [], deletedIdsSha256: 'stored', completedAt: at, error: 'unknown unit' },
      new Date(),
    );
    expect(answer).toMatchObject({ deletedIdsSha256: 'stored', completedAt: at.toISOString(), error: 'unknown unit', deleted: 0 });
  });
});

import { describe, expect, it } from '@jest/globals';
import { bySize } from './outbox-relay.js';
import type { OutboxDocument } from './persistence/outbox-documents.js';

const doc = (id: string, ...sizes: number[]): OutboxDocument => ({
  _id: id,
  outbox: sizes.map((size, i) => ({ id: `${id}-${i}`, topic: 't', key: 'k', value: 'x'.repeat(size - 1), createdAt: new Date(0) })),
});
const ids = (runs: OutboxDocument[][]) => runs.map((run) => run.map((d) => d._id));

describe('bySize: a round of outbox documents in sends the broker takes', () => {
  it('keeps the order and fills each send up to the limit', () => {
    expect(ids(bySize([doc('a', 40), doc('b', 40), doc('c', 30), doc('d', 50)], 100))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('counts every event of a document, and never splits one', () => {
    expect(ids(bySize([doc('a', 30, 30), doc('b', 30, 30)], 100))).toEqual([['a'], ['b']]);
  });

  it('sends a document larger than the limit on its own', () => {
    expect(ids(bySize([doc('a', 10), doc('big', 500), doc('b', 10)], 100))).toEqual([['a'], ['big'], ['b']]);
  });

  it('is one send for a small round and none for an empty one', () => {
    expect(ids(bySize([doc('a', 1), doc('b', 1)], 100))).toEqual([['a', 'b']]);
    expect(bySize([], 100)).toEqual([]);
  });
});

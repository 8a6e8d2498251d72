import { describe, expect, it } from '@jest/globals';
import { lagSamples } from './messaging-metrics.js';

describe('consumer lag', () => {
  it('is the partition end minus the committed offset, from the start of a partition never committed', () => {
    const ends = new Map([
      [
        'notice.published.v1',
        [
          { partition: 0, high: '120', low: '0' },
          { partition: 1, high: '40', low: '10' },
          { partition: 2, high: '7', low: '0' },
        ],
      ],
    ]);
    const committed = [
      {
        topic: 'notice.published.v1',
        partitions: [
          { partition: 0, offset: '100' },
          { partition: 1, offset: '-1' },
          { partition: 2, offset: '7' },
          { partition: 9, offset: '3' },
        ],
      },
    ];
    expect(lagSamples('insyn-rights', committed, ends)).toEqual([
      { labels: { group: 'insyn-rights', topic: 'notice.published.v1', partition: '0' }, value: 20 },
      { labels: { group: 'insyn-rights', topic: 'notice.published.v1', partition: '1' }, value: 30 },
      { labels: { group: 'insyn-rights', topic: 'notice.published.v1', partition: '2' }, value: 0 },
    ]);
  });
});

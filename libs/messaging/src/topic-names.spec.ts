import { describe, expect, it } from '@jest/globals';
import { TOPIC_PREFIX_PATTERN, TopicNames } from './topic-names.js';

describe('topic names on the broker', () => {
  it('carry the installation prefix there and lose it on the way back', () => {
    const names = new TopicNames('umea-test.');
    expect(names.onBroker('notice.published.v1')).toBe('umea-test.notice.published.v1');
    expect(names.inInsyn('umea-test.notice.published.v1')).toBe('notice.published.v1');
  });

  it('are the Insyn names without a prefix', () => {
    const names = TopicNames.fromEnv({});
    expect(names.onBroker('insyn.dead-letter.v1')).toBe('insyn.dead-letter.v1');
    expect(names.inInsyn('insyn.dead-letter.v1')).toBe('insyn.dead-letter.v1');
  });

  it('leave a broker name without the prefix as it is', () => {
    expect(new TopicNames('a.').inInsyn('b.notice.published.v1')).toBe('b.notice.published.v1');
  });

  it('take only what Kafka allows in a topic name as a prefix', () => {
    for (const ok of ['umea.', 'test-1_', 'a']) expect(TOPIC_PREFIX_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', 'a b', 'a/b', 'å.', 'x'.repeat(101)]) expect(TOPIC_PREFIX_PATTERN.test(bad)).toBe(false);
  });
});

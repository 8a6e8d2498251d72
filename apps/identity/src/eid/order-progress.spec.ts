import { describe, expect, it } from '@jest/globals';
import { CollectThrottle, splitHint } from './order-progress.js';

describe('splitHint', () => {
  it('reads a provider hint, an error met while collecting, and none as outstandingTransaction', () => {
    expect(splitHint('userSign')).toEqual({ hintCode: 'userSign' });
    expect(splitHint('error:unavailable')).toEqual({ errorCode: 'unavailable' });
    expect(splitHint(undefined)).toEqual({ hintCode: 'outstandingTransaction' });
  });
});

describe('CollectThrottle', () => {
  const at = (ms: number) => new Date(ms);

  it('lets one collect per interval through per order, whatever the number of polls', () => {
    const throttle = new CollectThrottle(() => 1_000);
    expect(throttle.due('a', at(0))).toBe(true);
    expect(throttle.due('a', at(500))).toBe(false);
    expect(throttle.due('b', at(500))).toBe(true);
    expect(throttle.due('a', at(1_000))).toBe(true);
    throttle.forget('a');
    expect(throttle.due('a', at(1_001))).toBe(true);
  });

  it('forgets the oldest order beyond its size, which may then be collected early once', () => {
    const throttle = new CollectThrottle(() => 1_000, 2);
    throttle.due('a', at(0));
    throttle.due('b', at(0));
    throttle.due('c', at(0));
    expect(throttle.due('a', at(10))).toBe(true);
    expect(throttle.due('c', at(10))).toBe(false);
  });
});

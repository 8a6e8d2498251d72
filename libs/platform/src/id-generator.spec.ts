import { describe, expect, it } from '@jest/globals';
import { uuidv7 } from './id-generator.js';

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 UUID that sorts by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(uuidv7(1_700_000_000_000)).not.toBe(a);
  });

  it('never hands out the same random bytes twice, across the refills of its pool', () => {
    // 409 ids to a 4 KiB pool: 5 000 ids of one millisecond go through a dozen refills.
    const ids = Array.from({ length: 5_000 }, () => uuidv7(1_700_000_000_000));
    for (const id of ids) expect(id).toMatch(/^018bcfe5-6800-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // The 74 random bits of neighbours share no run of 8 bytes, as bytes handed out twice would.
    const random = ids.map((id) => id.replaceAll('-', '').slice(12));
    expect(new Set(random.map((r) => r.slice(4, 20))).size).toBe(ids.length);
  });
});

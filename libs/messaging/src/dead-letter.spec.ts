import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DEAD_LETTER_MAX_BYTES, type DeadLetterRecord, fitDeadLetter } from './dead-letter.js';

const record = (value: string | null, more: Partial<DeadLetterRecord> = {}): DeadLetterRecord => ({
  consumer: 'HoldsConsumer.onOpened',
  originalTopic: 'rights.request.opened.v1',
  partition: 0,
  offset: '42',
  key: 'k',
  value,
  reason: 'contract-violation',
  error: 'breaks its contract',
  attempts: 0,
  deadLetteredAt: '2026-12-04T20:00:00.000Z',
  ...more,
});
const bytes = (r: DeadLetterRecord) => Buffer.byteLength(JSON.stringify(r));

describe('fitDeadLetter', () => {
  it('keeps a record that fits as it is', () => {
    const r = record('{"id":"e1"}');
    expect(fitDeadLetter(r)).toBe(r);
  });

  it('cuts a value near the broker’s largest message to the beginning, with the whole value’s size and digest', () => {
    const value = `{"id":"e1","data":{"padding":"${'x'.repeat(1_040_000)}"}}`;
    const fitted = fitDeadLetter(record(value));
    expect(bytes(fitted)).toBeLessThanOrEqual(DEAD_LETTER_MAX_BYTES);
    expect(value.startsWith(fitted.value!)).toBe(true);
    expect(fitted.value!.length).toBeGreaterThan(400_000);
    expect(fitted.valueTruncated).toEqual({ bytes: value.length, sha256: createHash('sha256').update(value).digest('hex') });
  });

  it('fits a value that escapes to six bytes a character, and caps the error and the violations', () => {
    const fitted = fitDeadLetter(
      record('\u0001'.repeat(400_000), {
        error: 'e'.repeat(100_000),
        violations: Array.from({ length: 5_000 }, (_, i) => ({ field: `data.items.${i}`, messages: ['must be a string'] })),
      }),
    );
    expect(bytes(fitted)).toBeLessThanOrEqual(DEAD_LETTER_MAX_BYTES);
    expect(fitted.error).toHaveLength(2_000);
    expect(fitted.violations).toHaveLength(100);
    expect(fitted.valueTruncated?.bytes).toBe(400_000);
  });
});

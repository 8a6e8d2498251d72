import { describe, expect, it } from '@jest/globals';
import { isDuplicateKeyError } from './mongo-errors.js';

describe('isDuplicateKeyError', () => {
  it('is true only for the duplicate-key code', () => {
    expect(isDuplicateKeyError(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }))).toBe(true);
    expect(isDuplicateKeyError(Object.assign(new Error('other'), { code: 112 }))).toBe(false);
    expect(isDuplicateKeyError(new Error('no code'))).toBe(false);
    expect(isDuplicateKeyError(undefined)).toBe(false);
    expect(isDuplicateKeyError('11000')).toBe(false);
  });
});

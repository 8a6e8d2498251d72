import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TEST_USERS } from './test-users.js';
import { isPersonalNumber } from './personal-number.js';

describe('isPersonalNumber (BankID requirement.personalNumber)', () => {
  it.each(DEFAULT_TEST_USERS.map((u) => u.personalNumber))('accepts the test person %s', (pnr) => {
    expect(isPersonalNumber(pnr)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '199908072392'],
    ['the 10-digit form', '9908072391'],
    ['a separator', '19990807-2391'],
    ['letters', '19990807239X'],
    ['not a string', 199908072391],
  ])('refuses %s', (_why, value) => {
    expect(isPersonalNumber(value)).toBe(false);
  });
});

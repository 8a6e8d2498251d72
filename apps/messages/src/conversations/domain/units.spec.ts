import { describe, expect, it } from '@jest/globals';
import { parseUnits } from './units.js';

describe('parseUnits (MESSAGES_UNITS)', () => {
  it('takes conversations from citizens only where the unit says so', () => {
    const units = parseUnits(
      JSON.stringify({
        socialtjansten: { name: 'Individ- och familjeomsorgen', acceptsCitizens: true },
        'halso-och-sjukvard': { name: 'HoS' },
      }),
    );
    expect([...units.values()]).toEqual([
      { id: 'socialtjansten', name: 'Individ- och familjeomsorgen', acceptsCitizens: true },
      { id: 'halso-och-sjukvard', name: 'HoS', acceptsCitizens: false },
    ]);
  });

  it.each([
    ['a unit without a name', { socialtjansten: {} }, /needs a lower-case id and a "name"/],
    ['an id in capitals', { Socialtjansten: { name: 'x' } }, /needs a lower-case id/],
    ['acceptsCitizens that is not a boolean', { socialtjansten: { name: 'x', acceptsCitizens: 'yes' } }, /must be true or false/],
  ])('stops the boot on %s', (_name, raw, message) => {
    expect(() => parseUnits(JSON.stringify(raw))).toThrow(message);
  });
});

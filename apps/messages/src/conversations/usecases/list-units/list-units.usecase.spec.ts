import { describe, expect, it } from '@jest/globals';
import { units } from '../use-case-fakes.js';
import { ListUnits } from './list-units.usecase.js';

describe('ListUnits', () => {
  it('lists every unit with its name and whether it takes conversations from citizens (false when left out)', () => {
    expect(new ListUnits(units()).execute()).toEqual([
      { unit: 'socialtjansten', name: 'Socialtjänsten', acceptsCitizens: true },
      { unit: 'bygglov', name: 'Bygglov', acceptsCitizens: false },
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { validateSync } from 'class-validator';
import { IsPersonnummer } from './is-personnummer.decorator.js';

class SignInDto {
  @IsPersonnummer()
  personalNumber!: unknown;
}

class StrictDto {
  @IsPersonnummer({ allowCoordination: false })
  personalNumber!: unknown;
}

function messages(dto: object): string[] {
  return validateSync(dto).flatMap((e) => Object.values(e.constraints ?? {}));
}

function make<T extends object>(Type: new () => T, personalNumber: unknown): T {
  return Object.assign(new Type(), { personalNumber });
}

describe('@IsPersonnummer', () => {
  it.each(['199908072391', '990807-2391', '197010632391'])('accepts %s', (value) => {
    expect(messages(make(SignInDto, value))).toEqual([]);
  });

  it.each([
    ['199908072392', 'check digit'],
    ['199913072394', 'not a valid date'],
    ['1999-08-07', '12 digits'],
    [199908072391, '12 digits'],
    [undefined, '12 digits'],
  ])('rejects %p and says why (%s)', (value, why) => {
    const [message, ...rest] = messages(make(SignInDto, value));
    expect(rest).toEqual([]);
    expect(message).toContain('personalNumber');
    expect(message).toContain(why);
    expect(message).not.toContain(String(value));
  });

  it('refuses samordningsnummer when asked to', () => {
    expect(messages(make(StrictDto, '197010632391'))).toEqual([
      'personalNumber must be a personnummer; a samordningsnummer is not accepted here',
    ]);
    expect(messages(make(StrictDto, '199908072391'))).toEqual([]);
  });
});

import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { parsePersonnummer, type PersonnummerError } from './personnummer.js';

export interface IsPersonnummerOptions {
  /** Accept samordningsnummer (default true). */
  allowCoordination?: boolean;
}

const REASONS: Record<PersonnummerError, string> = {
  format: 'must be a personnummer: 12 digits YYYYMMDDNNNC, or YYMMDD-NNNC',
  date: 'is not a personnummer: the date part is not a valid date',
  checksum: 'is not a personnummer: the check digit (last digit) is wrong',
  'coordination-not-allowed': 'must be a personnummer; a samordningsnummer is not accepted here',
  future: 'is not a personnummer: the birth date is in the future',
};

/**
 * A personnummer or samordningsnummer in any form Skatteverket writes (see parsePersonnummer); the
 * message says why it failed. The value is not rewritten: normalise it with parsePersonnummer in the
 * use case. The message never repeats the value, so it is safe to return and log.
 */
export function IsPersonnummer(options: IsPersonnummerOptions = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isPersonnummer',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate(value: unknown): boolean {
          return typeof value === 'string' && parsePersonnummer(value, options).ok;
        },
        defaultMessage(args: ValidationArguments): string {
          const value: unknown = args.value;
          const result = typeof value === 'string' ? parsePersonnummer(value, options) : undefined;
          const reason = result && !result.ok ? result.reason : 'format';
          return `${args.property} ${REASONS[reason]}`;
        },
      },
    });
  };
}

import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isPersonnummer } from '@insyn/person';

/**
 * A personnummer or samordningsnummer in the 12-digit wire form BankID and Freja use (YYYYMMDDNNNC, no
 * separator), with a valid check digit (Luhn, eid-protocols.md section 5) and date, per @insyn/person.
 */
export function isPersonalNumber(value: unknown): value is string {
  return typeof value === 'string' && /^\d{12}$/.test(value) && isPersonnummer(value);
}

/** class-validator: a 12-digit personnummer with a valid check digit. */
export function IsPersonalNumber(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPersonalNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a 12-digit personnummer (YYYYMMDDNNNC) with a valid check digit', ...options },
      validator: { validate: (value: unknown) => isPersonalNumber(value) },
    });
}

import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * A 12-digit personnummer or samordningsnummer (YYYYMMDDNNNC) whose check digit is right: Luhn over the
 * nine digits YYMMDDNNN, weights 2,1,2,1,… from the left (eid-protocols.md section 5). The date itself
 * is not checked, like ActiveLogin.Identity, so Skatteverket's odd test numbers pass.
 */
export function isPersonalNumber(value: unknown): value is string {
  if (typeof value !== 'string' || !/^(18|19|20)\d{10}$/.test(value)) return false;
  const digits = value.slice(2);
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10 === Number(digits[9]);
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

/**
 * Swedish personnummer and samordningsnummer (coordination numbers), as Skatteverket writes them.
 * Sources: Skatteverket's format (12 digits `YYYYMMDDNNNC`, 10 digits with `-`, or `+` from the age of 100;
 * samordningsnummer: the day plus 60) and its Luhn check digit over `YYMMDDNNN`, as personnummer/js and
 * ActiveLogin.Identity implement them; BankID, Freja and Sweden Connect send 12 digits.
 *
 * Accepted input forms (surrounding whitespace is ignored, nothing else is):
 * - 12 digits `YYYYMMDDNNNC` or `YYYYMMDD-NNNC` (what BankID, Freja and Sweden Connect send);
 * - 10 digits `YYMMDD-NNNC`, `YYMMDDNNNC` (younger than 100 at `now`) or `YYMMDD+NNNC` (100 or older).
 *
 * Samordningsnummer edge cases: Skatteverket issues coordination numbers with an unknown birth month
 * (`00`) or an unknown birth day (day `60`), and its own test data has days 89–91 in months that are too
 * short for them. We ACCEPT these (as ActiveLogin.Identity does) and report `birthDate: undefined`: a
 * rejected valid number would lock a real person out of sign-in, and the number reaches us from an e-ID
 * provider that has already vetted it; the check digit still catches typing errors. Ordinary
 * personnummer must be a real calendar date.
 */

export type PersonnummerKind = 'personnummer' | 'samordningsnummer';

export interface Personnummer {
  /** 12 digits, no separator, the form every e-ID uses. Samordningsnummer keep their day + 60. */
  normalized: string;
  kind: PersonnummerKind;
  /** The birth date when the number gives one (samordningsnummer may leave month or day unknown). */
  birthDate: string | undefined;
  /** Legal sex as registered when the number was issued: odd 9th digit male, even female. Only a hint. */
  sexHint: 'male' | 'female';
}

export type PersonnummerError = 'format' | 'date' | 'checksum' | 'coordination-not-allowed' | 'future';

export type ParseResult = { ok: true; value: Personnummer } | { ok: false; reason: PersonnummerError };

export interface ParseOptions {
  /** The reference time for the century of 10-digit numbers and the future check (default: now). */
  now?: Date;
  /** Accept samordningsnummer (default true). */
  allowCoordination?: boolean;
}

const FORMAT = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;

/** Parses and validates a personnummer or samordningsnummer. Never throws. */
export function parsePersonnummer(input: string, options: ParseOptions = {}): ParseResult {
  const now = options.now ?? new Date();
  const allowCoordination = options.allowCoordination ?? true;
  if (typeof input !== 'string') return fail('format');
  const match = FORMAT.exec(input.trim());
  if (!match) return fail('format');
  const [, cc, yy = '', mm = '', dd = '', separator = '', serial = '', check = ''] = match;
  // A century and a '+' together are contradictory: '+' only disambiguates the 10-digit form.
  if (cc !== undefined && separator === '+') return fail('format');

  const month = Number(mm);
  const rawDay = Number(dd);
  const coordination = rawDay >= 60;
  const day = coordination ? rawDay - 60 : rawDay;

  // Month 00 and day 00 (day 60 for samordningsnummer) mean "unknown"; only samordningsnummer may use them.
  if (month > 12 || day > 31) return fail('date');
  if (!coordination && (month === 0 || day === 0)) return fail('date');

  const nowYear = now.getUTCFullYear();
  let year: number;
  if (cc !== undefined) {
    year = Number(cc + yy);
  } else {
    // The most recent year with these two digits whose (month, day) is not after `now`; '+' is 100 years earlier.
    year = Math.floor(nowYear / 100) * 100 + Number(yy);
    if (year > nowYear || (year === nowYear && compareMonthDay(month, day, now) > 0)) year -= 100;
    if (separator === '+') year -= 100;
  }

  const known = month !== 0 && day !== 0;
  const realDate = known && isRealDate(year, month, day);
  // Skatteverket's test data has samordningsnummer with day 89–91 in short months: accepted, date unknown.
  if (known && !realDate && !coordination) return fail('date');

  if (luhnCheckDigit(`${yy}${mm}${dd}${serial}`) !== Number(check)) return fail('checksum');
  if (coordination && !allowCoordination) return fail('coordination-not-allowed');

  // Earliest possible birth date, so an unknown month or day never makes a number "future".
  const earliest = Date.UTC(year, Math.max(month, 1) - 1, realDate ? day : 1);
  if (earliest > now.getTime()) return fail('future');

  const lastSerialDigit = Number(serial.slice(-1));
  return {
    ok: true,
    value: {
      normalized: `${String(year).padStart(4, '0')}${mm}${dd}${serial}${check}`,
      kind: coordination ? 'samordningsnummer' : 'personnummer',
      birthDate: realDate ? `${String(year).padStart(4, '0')}-${mm}-${String(day).padStart(2, '0')}` : undefined,
      sexHint: lastSerialDigit % 2 === 1 ? 'male' : 'female',
    },
  };
}

/** Whether `input` is a valid personnummer or samordningsnummer in any accepted form. */
export function isPersonnummer(input: unknown, options: ParseOptions = {}): input is string {
  return typeof input === 'string' && parsePersonnummer(input, options).ok;
}

/**
 * `YYYYMMDD-****` for screens and receipts where the person must recognise their number but the last
 * four digits (which make it identifying) are not needed. Logs never carry even this.
 * Anything that is not 12 digits (with an optional '-') comes back fully masked.
 */
export function maskPersonnummer(pnr12: string): string {
  const match = /^(\d{8})-?\d{4}$/.exec(pnr12);
  return match ? `${match[1]}-****` : '********-****';
}

/** Luhn check digit over `digits` with weights 2, 1, 2, … from the left. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const product = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function compareMonthDay(month: number, day: number, now: Date): number {
  return month * 100 + day - ((now.getUTCMonth() + 1) * 100 + now.getUTCDate());
}

function fail(reason: PersonnummerError): ParseResult {
  return { ok: false, reason };
}

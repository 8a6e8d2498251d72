import { type Message, type MessageLanguage, say, textOf } from './notice.messages.js';
import { LANGUAGES } from './notice.model.js';

/**
 * Small, dependency-free checks for validating plain objects (parsed YAML, JSON bodies) against the
 * notice model. Every problem is reported with a path so an admin form or a YAML author can find the
 * exact spot, e.g. `legalBasisGroups[0].bases[1].code` (the style of every problem's `errors`).
 */

export interface Violation {
  /** Path into the checked object (`purposes[0].sv`); '' is the object itself. */
  field: string;
  messages: string[];
}

/** A violation before it is written out in a language: its messages by id and parameters. */
export interface MessageViolation {
  field: string;
  messages: Message[];
}

/** The violations in a language (English unless asked otherwise). */
export function inLanguage(violations: readonly MessageViolation[], lang: MessageLanguage = 'en'): Violation[] {
  return violations.map((v) => ({ field: v.field, messages: v.messages.map((m) => textOf(m, lang)) }));
}

/** Size limits: large enough for any real notice, small enough to keep one from exhausting memory or a page. */
export const LIMITS = {
  text: 2000,
  shortText: 300,
  listItems: 100,
  email: 254,
  id: 100,
} as const;

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a list of unknowns, or an empty list; for rules that only look at well-formed parts. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Collects messages per field, in the order found, without repeating the same message. */
export class Violations {
  private readonly byField = new Map<string, Message[]>();

  add(field: string, message: Message): void {
    const messages = this.byField.get(field) ?? [];
    const same = textOf(message, 'en');
    if (!messages.some((m) => textOf(m, 'en') === same)) messages.push(message);
    this.byField.set(field, messages);
  }

  /** Whether anything was reported at `path` or below it. */
  has(path: string): boolean {
    return [...this.byField.keys()].some((f) => f === path || f.startsWith(`${path}.`));
  }

  list(): MessageViolation[] {
    return [...this.byField].map(([field, messages]) => ({ field, messages }));
  }
}

interface Presence {
  optional?: boolean;
}

/**
 * The checks, bound to one violation list and to the languages the notice declares (a notice that
 * declares English must have English text everywhere). Each returns the value when it is usable, so
 * callers can go on to cross-field rules, and `undefined` otherwise.
 */
export class Checker {
  constructor(
    readonly violations: Violations,
    readonly languages: readonly string[],
  ) {}

  report(field: string, message: Message): void {
    this.violations.add(field, message);
  }

  private missing(path: string, value: unknown, opts: Presence): boolean {
    if (value !== undefined && value !== null) return false;
    if (opts.optional !== true) this.report(path, say('required'));
    return true;
  }

  /** An object with only the allowed keys; unknown keys are reported so typos in YAML do not silently vanish. */
  object(path: string, value: unknown, allowed: readonly string[], opts: Presence = {}): PlainObject | undefined {
    if (this.missing(path, value, opts)) return undefined;
    if (!isPlainObject(value)) {
      this.report(path, say('notObject'));
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.report(at(path, key), say('unknownField'));
    }
    return value;
  }

  string(path: string, value: unknown, opts: Presence & { max?: number; pattern?: RegExp; hint?: Message } = {}): string | undefined {
    if (this.missing(path, value, opts)) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      this.report(path, say('notString'));
      return undefined;
    }
    const max = opts.max ?? LIMITS.shortText;
    if (value.length > max) {
      this.report(path, say('tooLong', { length: value.length, max }));
      return undefined;
    }
    if (opts.pattern !== undefined && !opts.pattern.test(value)) {
      this.report(path, opts.hint ?? say('noMatch', { pattern: String(opts.pattern) }));
      return undefined;
    }
    return value;
  }

  /** Localised text: Swedish always, English when declared, no other languages. */
  localised(path: string, value: unknown, opts: Presence = {}): void {
    if (this.missing(path, value, opts)) return;
    if (!isPlainObject(value)) {
      this.report(path, say('notLocalised'));
      return;
    }
    for (const key of Object.keys(value)) {
      if (!(LANGUAGES as readonly string[]).includes(key)) {
        this.report(at(path, key), say('unknownLanguage', { language: key, allowed: LANGUAGES }));
      }
    }
    if (value.sv === undefined || value.sv === null) this.report(at(path, 'sv'), say('swedishRequired'));
    else this.string(at(path, 'sv'), value.sv, { max: LIMITS.text });

    if (value.en !== undefined && value.en !== null) this.string(at(path, 'en'), value.en, { max: LIMITS.text });
    else if (this.languages.includes('en')) {
      this.report(at(path, 'en'), say('englishRequired'));
    }
  }

  integer(path: string, value: unknown, opts: Presence & { min: number; max: number }): number | undefined {
    if (this.missing(path, value, opts)) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < opts.min || value > opts.max) {
      this.report(path, say('notInteger', { min: opts.min, max: opts.max }));
      return undefined;
    }
    return value;
  }

  boolean(path: string, value: unknown, opts: Presence = {}): boolean | undefined {
    if (this.missing(path, value, opts)) return undefined;
    if (typeof value !== 'boolean') {
      this.report(path, say('notBoolean'));
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[], opts: Presence = {}): T | undefined {
    if (this.missing(path, value, opts)) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.report(path, say('notOneOf', { allowed }));
      return undefined;
    }
    return value as T;
  }

  /**
   * A list checked item by item. An oversized list is reported and its items are not checked, so a
   * hostile document cannot make validation itself expensive.
   */
  list(
    path: string,
    value: unknown,
    each: (itemPath: string, item: unknown, index: number) => void,
    opts: Presence & { min?: number; max?: number } = {},
  ): unknown[] | undefined {
    if (this.missing(path, value, opts)) return undefined;
    if (!Array.isArray(value)) {
      this.report(path, say('notList'));
      return undefined;
    }
    const max = opts.max ?? LIMITS.listItems;
    if (value.length > max) {
      this.report(path, say('tooManyItems', { count: value.length, max }));
      return undefined;
    }
    if (value.length < (opts.min ?? 0)) {
      this.report(path, opts.min === 1 ? say('atLeastOneItem') : say('atLeastItems', { min: opts.min ?? 0 }));
    }
    const items = value as unknown[];
    items.forEach((item, index) => each(at(path, index), item, index));
    return items;
  }
}

// ---------------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------------

export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Swedish style as written on notices: "090-16 32 15", "+46 90 16 32 15". */
export const PHONE = /^\+?\d[\d -]{4,19}$/;
/** Swedish postcode, "901 84". Every address in a notice is the controller's, the DPO's or IMY's. */
export const POSTAL_CODE = /^\d{3} ?\d{2}$/;
/** SFS number: year and running number, "2018:218". */
export const SFS_NUMBER = /^\d{4}:[1-9]\d{0,3}$/;
/** GDPR article, paragraph, point: "6", "9.3", "17.3.b". The GDPR has 99 articles. */
export const GDPR_ARTICLE = /^[1-9]\d?(\.[1-9]\d?(\.[a-z])?)?$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Why an organisationsnummer is wrong, or undefined when it is right. Besides the format, the
 * third digit of a legal person's number is at least 2 (a personnummer has a month, 01–12, there),
 * which keeps a person's personnummer from being published as a controller's number by mistake;
 * the last digit is a Luhn check digit.
 */
export function organisationNumberProblem(value: string): Message | undefined {
  const match = /^(\d{6})-(\d{4})$/.exec(value);
  if (match === null) return say('orgnrFormat');
  const digits = `${match[1]}${match[2]}`;
  if (Number(digits[2]) < 2) return say('orgnrPersonnummer');
  if (!luhnValid(digits)) return say('orgnrCheckDigit');
  return undefined;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** EU and EEA states: sending data to them is not a third-country transfer under GDPR chapter V. */
export const EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'IS',
  'LI',
  'NO',
]);

import { createHmac } from 'node:crypto';

/**
 * The person is the subjectKey: a keyed HMAC of the personnummer (docs/design.md). Services store, index and
 * publish the key; the raw number lives only where the processing needs it. The key is deterministic
 * (the same person always gets the same key under one secret) and not reversible without the secret,
 * which also stops a dictionary attack over the small personnummer space.
 *
 * The prefix names the key's generation (`sk1_`, `sk2_`, …: the generation of the secret that made it), so
 * the secret can rotate: a stored key says which secret made it, and keys of two generations can be told
 * apart (and re-keyed) while both are in use (ADR 0025, {@link SubjectKeyRing}).
 */
export class SubjectKeys {
  /** The prefix of the first generation, the only one before rotation existed. */
  static readonly PREFIX = 'sk1_';
  static readonly MIN_SECRET_BYTES = 32;
  readonly prefix: string;
  private readonly secret: Buffer;

  constructor(
    secret: string | Buffer,
    readonly generation = 1,
  ) {
    const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (bytes.length < SubjectKeys.MIN_SECRET_BYTES) {
      throw new RangeError(`SubjectKeys: the secret must be at least ${SubjectKeys.MIN_SECRET_BYTES} bytes (got ${bytes.length})`);
    }
    if (!Number.isInteger(generation) || generation < 1) throw new RangeError('SubjectKeys: the generation is a whole number from 1');
    this.secret = bytes;
    this.prefix = `sk${generation}_`;
  }

  /** The subject key of a 12-digit personnummer or samordningsnummer (`YYYYMMDDNNNC`, no separator). */
  of(personnummer12: string): string {
    // One form only: a 10-digit or hyphenated number would give the same person a second key.
    if (!/^\d{12}$/.test(personnummer12)) throw new TypeError('SubjectKeys.of: expected 12 digits without separator');
    return this.unchecked(personnummer12);
  }

  /** {@link of} without the format check, for the enumeration of {@link SubjectKeyRing.rekey}. */
  unchecked(personnummer12: string): string {
    return this.prefix + createHmac('sha256', this.secret).update(personnummer12, 'ascii').digest('base64url');
  }

  /** Whether `key` was made by a secret of this generation (its prefix; the hash itself is not checked). */
  made(key: string): boolean {
    return key.startsWith(this.prefix);
  }
}

/** The subject-key secrets of one deployment: the current one, its generation, and those it replaced. */
export interface SubjectKeySecrets {
  /** SUBJECT_KEY_SECRET: every new key is made with it. */
  current: string | Buffer;
  /** SUBJECT_KEY_GENERATION (default 1): the generation of the current secret, the `N` of `skN_`. */
  generation?: number;
  /**
   * SUBJECT_KEY_PREVIOUS_SECRETS, newest first: the secrets of generations `generation - 1`,
   * `generation - 2`, … whose keys are still stored somewhere (until the re-keying has finished).
   */
  previous?: readonly (string | Buffer)[];
  /** The birth years {@link SubjectKeyRing.rekey} searches (default: {@link FIRST_BIRTH_YEAR} to this year). Tests narrow it. */
  birthYears?: PersonnummerSpace;
}

/** How far back the re-keying looks for birth years: before 1870 no living person was born. */
export const FIRST_BIRTH_YEAR = 1870;

/** The birth years the re-keying searches (default {@link FIRST_BIRTH_YEAR} to the current year). */
export interface PersonnummerSpace {
  fromYear: number;
  toYear: number;
}

/** What a re-keying learnt about a set of stored keys of previous generations. */
export interface Rekeying {
  /** Old key → the current key of the same person. */
  map: Map<string, string>;
  /** Stored keys of a previous generation whose person was not found (keep the previous secret while any). */
  unmapped: string[];
  /** Stored keys of a generation no configured secret has (an earlier rotation's secret was removed too soon). */
  unknownGeneration: string[];
  /** How many personnummer were tried. */
  tried: number;
}

/**
 * The subject-key secrets during and after a rotation (ADR 0025): keys are made with the current secret,
 * and a person is looked up by her keys under every configured secret (current first), so what was stored
 * under a previous secret is still found. {@link rekey} finds the current key of stored previous keys, so
 * each service can rewrite what it stores and the previous secret can then be removed.
 */
export class SubjectKeyRing {
  readonly current: SubjectKeys;
  /** The previous generations, newest first. */
  readonly previous: readonly SubjectKeys[];
  private readonly birthYears: PersonnummerSpace | undefined;

  constructor(secrets: SubjectKeySecrets) {
    this.birthYears = secrets.birthYears;
    const generation = secrets.generation ?? 1;
    const previous = secrets.previous ?? [];
    if (previous.length >= generation)
      throw new RangeError(
        `SubjectKeyRing: generation ${generation} cannot have ${previous.length} previous secrets (the first generation is 1)`,
      );
    this.current = new SubjectKeys(secrets.current, generation);
    this.previous = previous.map((secret, i) => new SubjectKeys(secret, generation - 1 - i));
    const all = [secrets.current, ...previous].map((s) => Buffer.from(s).toString('hex'));
    if (new Set(all).size !== all.length) throw new RangeError('SubjectKeyRing: a previous secret repeats the current one or another');
  }

  get generation(): number {
    return this.current.generation;
  }

  /** Whether a rotation is going on (previous secrets configured). */
  get rotating(): boolean {
    return this.previous.length > 0;
  }

  /** The current subject key of a 12-digit personnummer: what new data is stored under. */
  of(personnummer12: string): string {
    return this.current.of(personnummer12);
  }

  /** The person's keys under every configured secret, current first: what her data may be stored under. */
  keysOf(personnummer12: string): string[] {
    return [this.current.of(personnummer12), ...this.previous.map((k) => k.of(personnummer12))];
  }

  /** The person's keys under the previous secrets only (newest first); empty outside a rotation. */
  previousKeysOf(personnummer12: string): string[] {
    return this.previous.map((k) => k.of(personnummer12));
  }

  /** Whether `key` is one of the person's keys under a configured secret. */
  matches(personnummer12: string, key: string): boolean {
    const made = [this.current, ...this.previous].find((k) => k.made(key));
    return made !== undefined && made.of(personnummer12) === key;
  }

  /** Whether `key` was made with the current secret. */
  isCurrent(key: string): boolean {
    return this.current.made(key);
  }

  /** The prefixes of every key a service must still rewrite: all generations but the current one. */
  stalePrefixes(): string[] {
    return Array.from({ length: this.generation - 1 }, (_, i) => `sk${i + 1}_`);
  }

  /**
   * The current key of each stored key of a previous generation. Without the personnummer, the only way
   * from one key to the other is the HMAC's own: every valid personnummer and samordningsnummer of the
   * birth years in `space` is keyed with the previous secret(s) until each stored key is found (about 0.8
   * million numbers a birth year; some minutes of one core for the whole space, ADR 0025). Yields to the
   * event loop between slices so a service keeps answering while it runs.
   */
  async rekey(staleKeys: Iterable<string>, space: PersonnummerSpace = this.birthYears ?? defaultSpace()): Promise<Rekeying> {
    const wanted = new Map<number, Set<string>>();
    const unknownGeneration: string[] = [];
    for (const key of new Set(staleKeys)) {
      if (this.isCurrent(key)) continue;
      const secret = this.previous.find((k) => k.made(key));
      if (!secret) {
        unknownGeneration.push(key);
        continue;
      }
      const set = wanted.get(secret.generation) ?? new Set<string>();
      set.add(key);
      wanted.set(secret.generation, set);
    }
    const map = new Map<string, string>();
    let tried = 0;
    const searched = this.previous.filter((k) => wanted.has(k.generation));
    const left = () => searched.some((k) => (wanted.get(k.generation)?.size ?? 0) > 0);
    if (left()) {
      let slice = 0;
      for (const pnr of personnummerIn(space)) {
        tried++;
        for (const k of searched) {
          const set = wanted.get(k.generation)!;
          if (set.size === 0) continue;
          const key = k.unchecked(pnr);
          if (set.delete(key)) map.set(key, this.current.unchecked(pnr));
        }
        if (++slice === 20_000) {
          slice = 0;
          if (!left()) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
    const unmapped = [...wanted.values()].flatMap((set) => [...set]);
    return { map, unmapped, unknownGeneration, tried };
  }
}

function defaultSpace(): PersonnummerSpace {
  return { fromYear: FIRST_BIRTH_YEAR, toYear: new Date().getUTCFullYear() };
}

const SERIALS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** Each serial's share of the Luhn sum over `YYMMDDNNN` (its digits at positions 6-8, weights 2, 1, 2). */
const SERIAL_SUMS = SERIALS.map((serial) => luhnSum(serial, 6));

/**
 * Every 12-digit number `parsePersonnummer` accepts with a birth year in `space`: personnummer on each real
 * date, and samordningsnummer with month 00-12 and day 60-91 (unknown month or day, and Skatteverket's
 * test days in short months, included), each with its one valid check digit.
 */
export function* personnummerIn(space: PersonnummerSpace): Generator<string> {
  for (let year = space.fromYear; year <= space.toYear; year++) {
    const yyyy = String(year).padStart(4, '0');
    const yy = yyyy.slice(2);
    for (let month = 0; month <= 12; month++) {
      const mm = String(month).padStart(2, '0');
      const days = month === 0 ? 0 : new Date(Date.UTC(year, month, 0)).getUTCDate();
      // Ordinary personnummer (real dates), then samordningsnummer (day + 60, 60 being "day unknown").
      const ddList: string[] = [];
      if (month !== 0) for (let d = 1; d <= days; d++) ddList.push(String(d).padStart(2, '0'));
      for (let d = 60; d <= 91; d++) ddList.push(String(d));
      for (const dd of ddList) {
        const dateSum = luhnSum(`${yy}${mm}${dd}`, 0);
        const prefix = `${yyyy}${mm}${dd}`;
        for (let i = 0; i < 1000; i++) yield `${prefix}${SERIALS[i]}${(10 - ((dateSum + SERIAL_SUMS[i]!) % 10)) % 10}`;
      }
    }
  }
}

/** The Luhn sum of `digits` standing at `offset` in the number (weights 2, 1, 2, … from the number's start). */
function luhnSum(digits: string, offset: number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const product = Number(digits[i]) * ((offset + i) % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return sum;
}

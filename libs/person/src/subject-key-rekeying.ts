import type { PersonnummerSpace, SubjectKeyRing } from './subject-keys.js';

/** One place a service stores subject keys (a collection and its field), as the re-keying sees it. */
export interface SubjectKeyStore {
  /** For the log: "conversations", "consents". */
  what: string;
  /** The distinct stored keys starting with one of `prefixes` (the previous generations'). */
  staleKeys(prefixes: string[]): Promise<string[]>;
  /** Stores `current` wherever `stale` is stored (a conditional update on `stale`: idempotent); how many changed. */
  rewrite(stale: string, current: string): Promise<number>;
}

export interface RekeyReport {
  rewritten: number;
  /** Stale keys found in the stores before the re-keying. */
  found: number;
  /** Stale keys still stored afterwards: the previous secrets must stay while this is not 0. */
  left: number;
}

export interface RekeyOptions {
  /** The birth years to search (tests narrow them); the ring's, else every living person's. */
  space?: PersonnummerSpace;
  /** Told how many people each store still has under previous secrets (a metric). */
  counted?: (what: string, left: number) => void;
  /** Keys searched for in vain: not searched again, and added to by this round. Kept by the caller between rounds. */
  unfound?: Set<string>;
}

/**
 * Moves what a service stores under keys of previous subject-key secrets to the current secret's keys
 * (ADR 0025): collects the stale keys of every store, finds each one's current key ({@link SubjectKeyRing.rekey}),
 * rewrites them, and counts again. Idempotent and safe on several instances at once (each rewrite is
 * conditional on the stale key; a second instance finds nothing left to change). Logs one line an operator
 * waits for (`subject keys: none left under previous secrets in …`), or how many are left and why.
 */
export async function rekeyStores(
  ring: SubjectKeyRing,
  stores: SubjectKeyStore[],
  log: { log(message: string): void; warn(message: string): void },
  options: RekeyOptions = {},
): Promise<RekeyReport> {
  const { space, counted, unfound } = options;
  const prefixes = ring.stalePrefixes();
  if (prefixes.length === 0) return { rewritten: 0, found: 0, left: 0 };
  const stale = new Map<SubjectKeyStore, string[]>();
  for (const store of stores) stale.set(store, await store.staleKeys(prefixes));
  const all = new Set([...stale.values()].flat());
  // Keys an earlier round searched for in vain are not searched again (each search costs minutes).
  const sought = [...all].filter((k) => !unfound?.has(k));
  let rewritten = 0;
  if (sought.length > 0) {
    log.log(`subject keys: re-keying ${sought.length} people stored under previous secrets (${stores.map((s) => s.what).join(', ')})`);
    const { map, unmapped, unknownGeneration, tried } = await ring.rekey(sought, space);
    for (const key of [...unmapped, ...unknownGeneration]) unfound?.add(key);
    for (const [store, keys] of stale)
      for (const key of keys) {
        const current = map.get(key);
        if (current !== undefined) rewritten += await store.rewrite(key, current);
      }
    if (unmapped.length)
      log.warn(`subject keys: ${unmapped.length} stored keys match no personnummer of the ${tried} tried; keep the previous secrets`);
    if (unknownGeneration.length)
      log.warn(`subject keys: ${unknownGeneration.length} stored keys are of a generation whose secret is not configured`);
  }
  let left = 0;
  for (const store of stores) {
    const still = (await store.staleKeys(prefixes)).length;
    counted?.(store.what, still);
    left += still;
  }
  const where = stores.map((s) => s.what).join(', ');
  if (left === 0) log.log(`subject keys: none left under previous secrets in ${where} (${rewritten} records re-keyed)`);
  else log.warn(`subject keys: ${left} people still stored under previous secrets in ${where}; keep the secrets`);
  return { rewritten, found: all.size, left };
}

/** A pattern matching keys with one of `prefixes` (`skN_`: letters, digits and `_`, nothing to escape), for a query. */
export function prefixPattern(prefixes: string[]): RegExp {
  if (prefixes.some((p) => !/^sk\d+_$/.test(p))) throw new TypeError('prefixPattern: expected skN_ prefixes');
  return new RegExp(`^(?:${prefixes.join('|')})`);
}

/** How often a service re-keys again while a rotation lasts: what an old token or session wrote meanwhile. */
export const REKEY_EVERY_MS = 15 * 60_000;

/**
 * Runs `task` now and then every `everyMs` until stopped, never two at once (a round still running skips
 * the next tick), each failure given to `failed`; the timer does not keep the process alive. Returns the
 * stop function.
 */
export function repeatRekeying(task: () => Promise<unknown>, failed: (err: Error) => void, everyMs = REKEY_EVERY_MS): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    task()
      .catch((err: unknown) => failed(err instanceof Error ? err : new Error(String(err))))
      .finally(() => (running = false));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

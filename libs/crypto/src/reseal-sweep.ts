/** What sealing one stored item again did (see {@link SecretBox.reseal}, {@link KeyProvider.rewrap}). */
export type ResealOutcome = 'resealed' | 'current' | 'changed';

export interface ResealSweep<T> {
  /** What is sealed, for the log: "request parts", "signed consents' evidence". */
  what: string;
  /** Up to `limit` items after the item id `after` (all from the start when null), in id order. */
  page(after: string | null, limit: number): Promise<T[]>;
  id(item: T): string;
  /** Seals the item's values again with the current secret and stores them if the item did not change meanwhile. */
  reseal(item: T): Promise<ResealOutcome>;
}

const PAGE = 200;
/** Rounds over what changed while it was being sealed again, before giving up until the next start. */
const ROUNDS = 5;

/**
 * Moves everything a rotated secret or key sealed under the current one: pages through the stored items, seals
 * each again, and goes over those that changed meanwhile (their writer sealed them with the new secret,
 * or a later round does). Logs whether anything is left under the previous secret, which is what an
 * operator waits for before removing it. Safe to run on several instances at once: every write is
 * conditional on what was read.
 */
export async function resealAll<T>(
  sweep: ResealSweep<T>,
  logger: { log(message: string): void; warn(message: string): void },
): Promise<{ resealed: number; left: number }> {
  let resealed = 0;
  let changed: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const retry = round === 0 ? null : new Set(changed);
    changed = [];
    let after: string | null = null;
    for (;;) {
      const items = await sweep.page(after, PAGE);
      for (const item of items) {
        if (retry && !retry.has(sweep.id(item))) continue;
        const outcome = await sweep.reseal(item);
        if (outcome === 'resealed') resealed++;
        else if (outcome === 'changed') changed.push(sweep.id(item));
      }
      if (items.length < PAGE) break;
      after = sweep.id(items[items.length - 1]!);
    }
    if (changed.length === 0) break;
  }
  const done = `key rotation, ${sweep.what}: ${resealed} sealed again with the current key`;
  if (changed.length === 0) logger.log(`${done}; none left under a previous one`);
  else logger.warn(`${done}; ${changed.length} kept changing and are tried again at the next start`);
  return { resealed, left: changed.length };
}

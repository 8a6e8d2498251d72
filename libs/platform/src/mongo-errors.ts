/** MongoDB's duplicate-key error code (E11000): a unique index refused the write. */
export const DUPLICATE_KEY = 11000;

/**
 * Whether a write failed on a unique index: the way "exists already" is told apart from a real failure
 * by every insert that relies on a unique `_id` or index (idempotent inserts, claims, append-only chains).
 */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * A new Idempotency-Key for one operation (a random UUID). Make it once per thing you mean to do, store it
 * with the work, and send the same key on every retry of that request: the service then does it once and
 * answers a retry with the first answer (`Idempotent-Replayed: true`), for 24 hours.
 */
export function idempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

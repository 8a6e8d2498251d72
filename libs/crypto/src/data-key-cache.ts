import { privateCopy } from './aes-gcm.js';

export type DataKeyCacheOptions = {
  /** At most this many data keys are held; the least recently used leaves first (default 1000). */
  maxEntries?: number;
  /** A key leaves this long after it was cached, however often it is read (default 5 minutes). */
  ttlMs?: number;
  /** Milliseconds since the epoch (default `Date.now`); tests pass a fake. A `Clock` fits: `() => clock.now().getTime()`. */
  now?: () => number;
};

type Entry = { key: Buffer; expiresAt: number };
type Loading = { promise: Promise<Buffer>; waiters: number };

/**
 * Unwrapped data keys by context (conversation id), so reading a conversation unwraps its key once, not
 * once per message. Bounded (LRU) with an absolute TTL, so a key stays in memory only while it is used.
 *
 * Ownership: a Buffer handed to the cache (`set`, or returned by a `getOrLoad` loader) becomes the
 * cache's, and the cache zeroes it (`fill(0)`) when it leaves: eviction, expiry, `delete`, `clear`.
 * Readers get their own copy, which a later eviction does not touch; they may zero it when done.
 *
 * Zeroing is best effort. JavaScript cannot guarantee that a key is erased from memory: the garbage
 * collector may have copied it, OpenSSL keeps its own copies while a cipher runs, strings (base64) cannot
 * be overwritten at all, and memory may be swapped or dumped. Zeroing shortens the exposure; it is no
 * substitute for keeping the process and its core dumps private.
 *
 * Crypto-shredding: call `delete(conversationId)` when a conversation's wrapped key is deleted, so the
 * process stops holding a key that no longer exists anywhere else.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Loading>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: DataKeyCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1)
      throw new RangeError('DataKeyCache: maxEntries must be a positive integer');
    if (!Number.isFinite(this.ttlMs) || this.ttlMs <= 0) throw new RangeError('DataKeyCache: ttlMs must be a positive number');
  }

  /** Keys held now, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  /** A copy of the cached key, or undefined when it is not cached or has expired. */
  get(context: string): Buffer | undefined {
    const entry = this.entries.get(context);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.drop(context, entry);
      return undefined;
    }
    this.entries.delete(context);
    this.entries.set(context, entry); // most recently used last
    return privateCopy(entry.key);
  }

  /** Caches `dataKey` (the cache now owns it and will zero it). Evicts the least recently used beyond the bound. */
  set(context: string, dataKey: Buffer): void {
    const previous = this.entries.get(context);
    if (previous !== undefined) {
      this.entries.delete(context);
      if (previous.key !== dataKey) previous.key.fill(0);
    }
    this.entries.set(context, { key: dataKey, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) this.prune();
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      this.drop(oldest, entry);
    }
  }

  /**
   * A copy of the cached key, or of what `load` returns (typically `() => keys.unwrap(wrapped, id)`),
   * which is then cached. Concurrent calls for one context share one load; a failed load is not cached.
   */
  async getOrLoad(context: string, load: () => Promise<Buffer>): Promise<Buffer> {
    const cached = this.get(context);
    if (cached !== undefined) return cached;
    let loading = this.loading.get(context);
    if (loading === undefined) {
      loading = this.startLoad(context, load);
    }
    loading.waiters += 1;
    let loaded: Buffer | undefined;
    try {
      loaded = await loading.promise;
      return privateCopy(loaded);
    } finally {
      loading.waiters -= 1;
      // The loaded Buffer itself went to nobody: the cache holds its own copy. The last waiter erases it.
      if (loading.waiters === 0) loaded?.fill(0);
    }
  }

  /** Forgets (and zeroes) the key of a context, and keeps a load in flight from caching it. */
  delete(context: string): boolean {
    this.loading.delete(context);
    const entry = this.entries.get(context);
    if (entry === undefined) return false;
    this.drop(context, entry);
    return true;
  }

  /** Zeroes and forgets every key. */
  clear(): void {
    this.loading.clear();
    for (const [context, entry] of this.entries) this.drop(context, entry);
  }

  /** Zeroes and forgets expired keys now (they are otherwise swept when read or when the cache is full). */
  prune(): void {
    const now = this.now();
    for (const [context, entry] of this.entries) if (entry.expiresAt <= now) this.drop(context, entry);
  }

  private startLoad(context: string, load: () => Promise<Buffer>): Loading {
    const promise = load().then(
      (key) => {
        // Cache it only if nobody deleted the context meanwhile (a conversation shredded mid-read).
        if (this.loading.get(context) === loading) {
          this.loading.delete(context);
          this.set(context, privateCopy(key));
        }
        return key;
      },
      (error: unknown) => {
        if (this.loading.get(context) === loading) this.loading.delete(context);
        throw error;
      },
    );
    const loading: Loading = { promise, waiters: 0 };
    this.loading.set(context, loading);
    return loading;
  }

  private drop(context: string, entry: Entry): void {
    this.entries.delete(context);
    entry.key.fill(0);
  }
}

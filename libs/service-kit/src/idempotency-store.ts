import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Clock, isDuplicateKeyError } from '@insyn/platform';
import type { Connection } from 'mongoose';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';
/** How long a key is remembered (the draft's "expiry"; Stripe keeps them 24 h as well). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** A request holding its key this long is taken to have died with its process; a retry may take the key over. */
export const IDEMPOTENCY_LOCK_MS = 60_000;
const SWEEP_EVERY_MS = 10 * 60_000;

/** One request as the store tells it apart: who asked, with which key, and what exactly (the fingerprint). */
export interface IdempotentRequest {
  /** The caller (`kind:subject`): keys are per caller, so another client's key never collides. */
  caller: string;
  /** The `Idempotency-Key` as the client sent it (never stored: only a hash of it with the caller). */
  key: string;
  /** SHA-256 (hex) of the method, path, caller and body. */
  fingerprint: string;
}

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export type Claim =
  { outcome: 'claimed' } | { outcome: 'replay'; answer: StoredAnswer } | { outcome: 'in-progress' } | { outcome: 'mismatch' };

interface KeyRecord {
  _id: string;
  fingerprint: string;
  state: 'processing' | 'done';
  createdAt: Date;
  expiresAt: Date;
  lockedUntil: Date;
  answer?: { status: number; sealed: Buffer };
}

/** The SHA-256 fingerprint of a request (method, path, caller, JSON body), as the draft recommends. */
export function requestFingerprint(method: string, path: string, caller: string, body: unknown): string {
  return createHash('sha256')
    .update([method.toUpperCase(), path, caller, JSON.stringify(body ?? null)].join('\n'))
    .digest('hex');
}

/**
 * Idempotency keys in the app's own database (collection `idempotency_keys`), one document per caller and
 * key. A key is claimed by inserting its document (the unique `_id` makes a concurrent claim fail), then
 * completed with the first answer. The answer is sealed (AES-256-GCM) under a key derived from the client's
 * Idempotency-Key and the caller, which are not stored: what a conversation's answer holds (message bodies)
 * stays unreadable at rest, as the conversations themselves do. Expired keys are removed by a sweep (the
 * MongoDB-protocol server has no TTL indexes) and ignored until then.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyStore.name);
  private timer?: NodeJS.Timeout;
  private indexed = false;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly clock: Clock,
  ) {}

  private get keys() {
    return this.connection.collection<KeyRecord>(IDEMPOTENCY_COLLECTION);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweepQuietly(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Claims the key for this request, or says what an earlier request with it left. */
  async claim(request: IdempotentRequest): Promise<Claim> {
    await this.ensureIndex();
    const id = recordId(request);
    const now = this.clock.now();
    const record: KeyRecord = {
      _id: id,
      fingerprint: request.fingerprint,
      state: 'processing',
      createdAt: now,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      lockedUntil: new Date(now.getTime() + IDEMPOTENCY_LOCK_MS),
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.keys.insertOne(record);
        return { outcome: 'claimed' };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const existing = await this.keys.findOne({ _id: id });
      if (!existing) continue; // released or swept meanwhile: claim it again
      if (existing.expiresAt <= now) {
        // Expired but not swept yet: it no longer counts.
        await this.keys.deleteOne({ _id: id, expiresAt: { $lte: now } });
        continue;
      }
      if (existing.fingerprint !== request.fingerprint) return { outcome: 'mismatch' };
      if (existing.state === 'done' && existing.answer) return { outcome: 'replay', answer: open(request, existing.answer) };
      if (existing.lockedUntil > now) return { outcome: 'in-progress' };
      // The request that held it stopped without an answer (its process died): this one takes it over.
      const taken = await this.keys.updateOne(
        { _id: id, state: 'processing', lockedUntil: { $lte: now } },
        { $set: { lockedUntil: new Date(now.getTime() + IDEMPOTENCY_LOCK_MS) } },
      );
      return taken.matchedCount === 1 ? { outcome: 'claimed' } : { outcome: 'in-progress' };
    }
    return { outcome: 'in-progress' };
  }

  /** Records the first answer; later requests with the key and the same fingerprint get it back. */
  async complete(request: IdempotentRequest, answer: StoredAnswer): Promise<void> {
    await this.keys.updateOne(
      { _id: recordId(request), fingerprint: request.fingerprint, state: 'processing' },
      { $set: { state: 'done', answer: { status: answer.status, sealed: seal(request, answer) } } },
    );
  }

  /** The request failed: the key is free again, so the client may retry it (a rejected request changed nothing). */
  async release(request: IdempotentRequest): Promise<void> {
    await this.keys.deleteOne({ _id: recordId(request), fingerprint: request.fingerprint, state: 'processing' });
  }

  /** Deletes the keys past their expiry; the number deleted. */
  async sweep(): Promise<number> {
    const res = await this.keys.deleteMany({ expiresAt: { $lte: this.clock.now() } });
    return res.deletedCount;
  }

  private async sweepQuietly(): Promise<void> {
    try {
      const deleted = await this.sweep();
      if (deleted > 0) this.logger.log(`idempotency keys expired: ${deleted}`);
    } catch (err) {
      this.logger.warn(`idempotency sweep failed: ${(err as Error).message}`);
    }
  }

  private async ensureIndex(): Promise<void> {
    if (this.indexed) return;
    await this.keys.createIndex({ expiresAt: 1 });
    this.indexed = true;
  }
}

function recordId(request: IdempotentRequest): string {
  return createHash('sha256').update(`${request.caller}\n${request.key}`).digest('hex');
}

function answerKey(request: IdempotentRequest): Buffer {
  return Buffer.from(hkdfSync('sha256', request.key, request.caller, 'insyn idempotency answer v1', 32));
}

function seal(request: IdempotentRequest, answer: StoredAnswer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', answerKey(request), iv);
  const text = Buffer.concat([cipher.update(JSON.stringify(answer.body ?? null), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), text]);
}

function open(request: IdempotentRequest, stored: { status: number; sealed: unknown }): StoredAnswer {
  const sealed = asBuffer(stored.sealed);
  const decipher = createDecipheriv('aes-256-gcm', answerKey(request), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  return { status: stored.status, body: JSON.parse(text) as unknown };
}

/** The driver gives binary fields back as BSON Binary. */
function asBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const inner = (value as { buffer?: Uint8Array }).buffer;
  if (inner instanceof Uint8Array) return Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
  throw new TypeError('not binary data');
}

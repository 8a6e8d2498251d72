import { assertNonEmpty, encodeAad, fromBase64Url, KEY_BYTES, open, privateCopy, seal } from './aes-gcm.js';
import { DecryptionError, UnknownKekError } from './errors.js';
import { KeyProvider, type WrappedKey } from './key-provider.js';

/** KEK ids: what a file, a KMS key id or an ARN needs, and nothing that could break a log line. */
export const KEK_ID = /^[A-Za-z0-9._:/-]{1,256}$/;

/** Format version of a wrapped key made by a key ring: `0x01 || IV(12) || wrapped data key(32) || tag(16)`. */
const WRAP_HEADER = Buffer.of(0x01);
const WRAP_LABEL = 'insyn.crypto.wrapped-data-key.v1';

/** KEKs held in process memory: the common core of the file and static providers. */
export abstract class KeyRingProvider extends KeyProvider {
  private readonly current: string;
  private readonly keks: ReadonlyMap<string, Buffer>;

  protected constructor(current: string, keks: ReadonlyMap<string, Uint8Array>) {
    super();
    for (const [kekId, kek] of keks) {
      if (!KEK_ID.test(kekId)) throw new TypeError(`invalid key-encryption key id '${kekId.slice(0, 64)}'`);
      if (kek.length !== KEY_BYTES) {
        throw new RangeError(`key-encryption key '${kekId}' is ${kek.length} bytes; a key-encryption key must be ${KEY_BYTES} bytes`);
      }
    }
    if (!keks.has(current)) throw new TypeError(`the current key-encryption key '${current}' is not among the keys`);
    this.current = current;
    this.keks = new Map([...keks].map(([kekId, kek]) => [kekId, privateCopy(kek)]));
  }

  /** Only the current KEK in the ring: every stored key is wrapped by it (another could not be opened at all). */
  override mayHoldOlderKeks(): boolean {
    return this.keks.size > 1;
  }

  currentKekId(): string {
    return this.current;
  }

  wrap(dataKey: Buffer, context: string): Promise<WrappedKey> {
    return new Promise((resolve) => {
      assertNonEmpty(context, 'context');
      if (!Buffer.isBuffer(dataKey) || dataKey.length !== KEY_BYTES) throw new RangeError(`a data key must be ${KEY_BYTES} bytes`);
      const kekId = this.current;
      const sealed = seal(this.kek(kekId), dataKey, WRAP_HEADER, encodeAad(WRAP_LABEL, kekId, context));
      resolve({ kekId, wrapped: sealed.toString('base64url') });
    });
  }

  unwrap(wrapped: WrappedKey, context: string): Promise<Buffer> {
    return new Promise((resolve) => {
      assertNonEmpty(context, 'context');
      const sealed = fromBase64Url(wrapped.wrapped);
      if (sealed === undefined) throw new DecryptionError('unwrap failed: the wrapped key is not base64url');
      const dataKey = open(this.kek(wrapped.kekId), sealed, WRAP_HEADER, encodeAad(WRAP_LABEL, wrapped.kekId, context));
      if (dataKey.length !== KEY_BYTES) {
        dataKey.fill(0);
        throw new DecryptionError('unwrap failed: the wrapped key does not hold a data key');
      }
      resolve(dataKey);
    });
  }

  private kek(kekId: string): Buffer {
    const kek = this.keks.get(kekId);
    if (kek === undefined) throw new UnknownKekError(kekId);
    return kek;
  }
}

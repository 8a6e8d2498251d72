import { randomBytes } from 'node:crypto';
import { KEY_BYTES } from './aes-gcm.js';
import { KeyRingProvider } from './key-ring.js';

export type StaticKeys = {
  /** The kekId that `wrap` uses. */
  current: string;
  /** KEKs by id: 32 bytes each, as Buffers or base64 / base64url strings. */
  keys: Record<string, Uint8Array | string>;
};

/** KEKs given in memory: for tests (and tools), never for data that must outlive the process. */
export class StaticKeyProvider extends KeyRingProvider {
  constructor(keys: StaticKeys) {
    super(
      keys.current,
      new Map(Object.entries(keys.keys).map(([kekId, kek]) => [kekId, typeof kek === 'string' ? Buffer.from(kek, 'base64') : kek])),
    );
  }

  /** A provider with one fresh random KEK. */
  static random(kekId = 'test-kek'): StaticKeyProvider {
    return new StaticKeyProvider({ current: kekId, keys: { [kekId]: randomBytes(KEY_BYTES) } });
  }
}

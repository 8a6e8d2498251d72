import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { resealAll } from '@insyn/crypto';
import type { DataKeyRecord } from '../../persistence/conversation.schema.js';
import { ConversationKeys } from '../../persistence/conversation-keys.js';

/**
 * KEK rotation (docs/operations/runbooks.md): after `current` in the KEK file points at a new key, every
 * conversation's data key still wrapped by an older KEK is wrapped again by the current one, in the
 * background after start. No message is decrypted or encrypted again; the log says when none is left, and
 * the older key can then leave the file. Safe on several instances: each write is conditional.
 */
@Injectable()
export class RewrapDataKeysUseCase implements OnApplicationBootstrap {
  private readonly logger = new Logger(RewrapDataKeysUseCase.name);

  constructor(private readonly keys: ConversationKeys) {}

  onApplicationBootstrap(): void {
    // With the current KEK alone in the file there is nothing to look for: no scan of data_keys at each start.
    if (!this.keys.rotationPossible()) return;
    void this.keys
      .pageWrappedByOlderKek(null, 1)
      .then((older) => (older.length === 0 ? undefined : this.execute()))
      .catch((err: Error) => this.logger.error(`wrapping data keys again failed: ${err.message}`));
  }

  execute(): Promise<{ resealed: number; left: number }> {
    return resealAll<DataKeyRecord>(
      {
        what: 'conversation data keys (KEK)',
        page: (after, limit) => this.keys.pageWrappedByOlderKek(after, limit),
        id: (k) => k._id,
        reseal: (k) => this.keys.rewrap(k),
      },
      this.logger,
    );
  }
}

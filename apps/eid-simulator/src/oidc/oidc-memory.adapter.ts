import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { OidcClients } from './oidc-clients.js';

interface Stored {
  payload: AdapterPayload;
  expiresAt?: number;
}

/**
 * oidc-provider's storage, in memory like the rest of the simulator. Clients come from OidcClients
 * (read-only here); sessions, interactions, codes and tokens live in one map per model with their TTL.
 */
export function memoryAdapterFactory(clients: OidcClients, now: () => number = Date.now): new (model: string) => Adapter {
  const stores = new Map<string, Map<string, Stored>>();
  const grantIndex = new Map<string, Set<string>>();

  return class MemoryAdapter implements Adapter {
    private readonly store: Map<string, Stored>;

    constructor(private readonly model: string) {
      this.store = stores.get(model) ?? new Map<string, Stored>();
      stores.set(model, this.store);
    }

    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      this.store.set(id, { payload, ...(expiresIn ? { expiresAt: now() + expiresIn * 1000 } : {}) });
      if (payload.grantId) {
        const ids = grantIndex.get(payload.grantId) ?? new Set<string>();
        ids.add(`${this.model}:${id}`);
        grantIndex.set(payload.grantId, ids);
      }
      return Promise.resolve();
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return Promise.resolve(clients.metadata(id));
      const stored = this.store.get(id);
      if (stored?.expiresAt !== undefined && stored.expiresAt <= now()) {
        this.store.delete(id);
        return Promise.resolve(undefined);
      }
      return Promise.resolve(stored?.payload);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findBy((p) => p.userCode === userCode);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findBy((p) => p.uid === uid);
    }

    async consume(id: string): Promise<void> {
      const payload = await this.find(id);
      if (payload) payload.consumed = Math.floor(now() / 1000);
    }

    destroy(id: string): Promise<void> {
      this.store.delete(id);
      return Promise.resolve();
    }

    revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grantIndex.get(grantId) ?? []) {
        const sep = key.indexOf(':');
        stores.get(key.slice(0, sep))?.delete(key.slice(sep + 1));
      }
      grantIndex.delete(grantId);
      return Promise.resolve();
    }

    private async findBy(match: (p: AdapterPayload) => boolean): Promise<AdapterPayload | undefined> {
      for (const [id, stored] of this.store) {
        if (match(stored.payload)) return this.find(id);
      }
      return undefined;
    }
  };
}

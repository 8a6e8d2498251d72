import type { OutboxEntry, WrittenOutbox } from '@insyn/messaging';
import type { ClientAuditRecord, ClientRecord } from './client.entity.js';
import { type BootstrapClient, type ClientAuditTrail, ClientsRepository, type StoredClient } from './clients.repository.js';

const stored = (r: ClientRecord): StoredClient => {
  const { audit: _audit, outbox: _outbox, ...client } = structuredClone(r);
  return client;
};

/** The registry in memory, with the Mongo repository's preconditions (for the use cases' unit tests). */
export class InMemoryClientsRepository extends ClientsRepository {
  readonly records = new Map<string, ClientRecord>();

  findById(clientId: string): Promise<StoredClient | null> {
    const r = this.records.get(clientId);
    return Promise.resolve(r ? stored(r) : null);
  }

  list(): Promise<StoredClient[]> {
    return Promise.resolve([...this.records.values()].sort((a, b) => a._id.localeCompare(b._id)).map(stored));
  }

  auditTrails(filter: { clientId?: string; unit?: string }): Promise<ClientAuditTrail[]> {
    const match = (r: ClientRecord) => (!filter.clientId || r._id === filter.clientId) && (!filter.unit || r.unit === filter.unit);
    return Promise.resolve([...this.records.values()].filter(match).map((r) => ({ clientId: r._id, audit: [...(r.audit ?? [])] })));
  }

  insert(record: ClientRecord): Promise<boolean> {
    if (this.records.has(record._id)) return Promise.resolve(false);
    this.records.set(record._id, structuredClone(record));
    return Promise.resolve(true);
  }

  upsertBootstrap(client: BootstrapClient, now: Date): Promise<void> {
    const { clientId, ...fields } = client;
    const known = this.records.get(clientId);
    this.records.set(clientId, {
      createdAt: now,
      createdBy: 'bootstrap',
      ...known,
      ...fields,
      _id: clientId,
      disabled: false,
      status: 'active',
      updatedAt: now,
    });
    return Promise.resolve();
  }

  decide(
    clientId: string,
    decidedBy: string,
    status: 'active' | 'refused',
    audit: ClientAuditRecord,
    now: Date,
  ): Promise<StoredClient | null> {
    const r = this.records.get(clientId);
    if (!r || r.status !== 'pending' || r.filedBy === decidedBy) return Promise.resolve(null);
    return this.change(r, { status, updatedAt: now }, audit);
  }

  replaceSecret(clientId: string, secretHash: string, audit: ClientAuditRecord, now: Date): Promise<StoredClient | null> {
    const r = this.records.get(clientId);
    return r ? this.change(r, { secretHash, updatedAt: now }, audit) : Promise.resolve(null);
  }

  setDisabled(clientId: string, disabled: boolean, audit: ClientAuditRecord, now: Date): Promise<StoredClient | null> {
    const r = this.records.get(clientId);
    return r ? this.change(r, { disabled, updatedAt: now }, audit) : Promise.resolve(null);
  }

  recordTokenIssued(clientId: string, entry: OutboxEntry, at: Date): Promise<WrittenOutbox | null> {
    const r = this.records.get(clientId);
    if (!r) return Promise.resolve(null);
    const outbox = [...(r.outbox ?? []), entry];
    this.records.set(clientId, { ...r, outbox, lastTokenAt: at });
    return Promise.resolve(structuredClone(outbox));
  }

  private change(r: ClientRecord, set: Partial<ClientRecord>, audit: ClientAuditRecord): Promise<StoredClient> {
    const next = { ...r, ...set, audit: [...(r.audit ?? []), audit] };
    this.records.set(r._id, next);
    return Promise.resolve(stored(next));
  }
}

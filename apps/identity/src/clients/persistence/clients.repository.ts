import type { OutboxEntry, WrittenOutbox } from '@insyn/messaging';
import type { ClientAuditRecord, ClientRecord } from './client.entity.js';

/** A client as the registry reads it: without its audit trail and its outbox. */
export type StoredClient = Omit<ClientRecord, 'audit' | 'outbox'>;

/** The fields IDENTITY_BOOTSTRAP_CLIENTS sets on a client, creating it when absent. */
export interface BootstrapClient {
  clientId: string;
  name: string;
  secretHash: string;
  scopes: string[];
  unit: string;
}

/** One client's audit trail. */
export interface ClientAuditTrail {
  clientId: string;
  audit: ClientAuditRecord[];
}

/**
 * The registry of municipal systems (docs/style.md 10). Each method is one query or one atomic
 * single-document update (docs/style.md 12); every change is audited in the same update.
 */
export abstract class ClientsRepository {
  abstract findById(clientId: string): Promise<StoredClient | null>;
  /** Every client, ordered by id. */
  abstract list(): Promise<StoredClient[]>;
  /** The audit trails of the clients matching the filter (all when it is empty). */
  abstract auditTrails(filter: { clientId?: string; unit?: string }): Promise<ClientAuditTrail[]>;
  /** Stores a new client; `false` when the client id is taken. */
  abstract insert(record: ClientRecord): Promise<boolean>;
  /** Sets the bootstrap fields (active, enabled), creating the client when absent. */
  abstract upsertBootstrap(client: BootstrapClient, now: Date): Promise<void>;
  /**
   * Decides a pending registration, unless its filer is `decidedBy`; null when it is not pending (any more)
   * or was filed by `decidedBy`.
   */
  abstract decide(
    clientId: string,
    decidedBy: string,
    status: 'active' | 'refused',
    audit: ClientAuditRecord,
    now: Date,
  ): Promise<StoredClient | null>;
  /** Replaces the secret's hash; null when the client is unknown. */
  abstract replaceSecret(clientId: string, secretHash: string, audit: ClientAuditRecord, now: Date): Promise<StoredClient | null>;
  /** Disables or re-enables the client; null when it is unknown. */
  abstract setDisabled(clientId: string, disabled: boolean, audit: ClientAuditRecord, now: Date): Promise<StoredClient | null>;
  /**
   * A token was issued: its identity.signed-in.v1 goes to the client's outbox. The client's whole outbox as
   * the write left it; null when the client is unknown.
   */
  abstract recordTokenIssued(clientId: string, entry: OutboxEntry, at: Date): Promise<WrittenOutbox | null>;
}

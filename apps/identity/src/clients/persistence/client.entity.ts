import type { OutboxEntry } from '@insyn/messaging';

/**
 * `active`: may get tokens. `pending`: filed by an administrator of another unit, waiting for a second
 * identity-admin's approval (four eyes). `refused`: the second administrator said no; never gets tokens.
 * Records from before registrations had a status are active.
 */
export type ClientStatus = 'active' | 'pending' | 'refused';

export type ClientAuditAction = 'registered' | 'filed' | 'approved' | 'refused' | 'secret-rotated' | 'disabled' | 'enabled';

/** Who did it: never a personnummer (the subject key is the keyed HMAC), never a secret. */
export interface ClientAuditActor {
  subject: string;
  hsaId?: string;
  unit?: string;
  roles: string[];
}

/** One audited change of a client, kept in the client's own document (written in the same update as the change). */
export interface ClientAuditRecord {
  id: string;
  at: Date;
  action: ClientAuditAction;
  by: ClientAuditActor;
  /** The client's unit and scopes as they were after the change. */
  unit: string;
  scopes: string[];
  reason?: string;
}

/** A municipal system allowed to call the APIs with client-credentials tokens. */
export interface ClientRecord {
  _id: string; // client id
  name: string;
  /** scrypt hash of the secret: `scrypt$N$r$p$<salt>$<hash>`. */
  secretHash: string;
  scopes: string[];
  unit: string;
  disabled: boolean;
  /** Absent on records from before four-eyes registration: active. */
  status?: ClientStatus;
  /** The subject key of whoever filed a pending registration: they may not approve it themselves. */
  filedBy?: string;
  audit?: ClientAuditRecord[];
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  lastTokenAt?: Date;
  /** identity.signed-in.v1 for each token issued, until relayed. */
  outbox?: OutboxEntry[];
}

import type { Principal } from '@insyn/auth';
import type { ClientAuditAction, ClientAuditActor, ClientAuditRecord, ClientRecord, ClientStatus } from '../persistence/client.entity.js';

export const CLIENT_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;
export const SCOPE = /^[a-z]+:[a-z-]+$/;

export interface ClientView {
  clientId: string;
  name: string;
  scopes: string[];
  unit: string;
  disabled: boolean;
  status: ClientStatus;
  createdAt: string;
  updatedAt: string;
}

export interface ClientAuditView {
  id: string;
  at: string;
  action: ClientAuditAction;
  clientId: string;
  unit: string;
  scopes: string[];
  by: ClientAuditActor;
  reason?: string;
}

/** Records from before registrations had a status are active. */
export const statusOf = (r: Pick<ClientRecord, 'status'>): ClientStatus => r.status ?? 'active';

/** The client's own unit's identity-admin (the role is checked by the route's policy). */
export const isAdminOf = (who: Principal, unit: string) => who.kind === 'official' && who.unit === unit;

/** One audited change, as it is pushed onto the client's trail in the same update as the change. */
export function auditRecord(
  id: string,
  at: Date,
  action: ClientAuditAction,
  who: Principal,
  client: { unit: string; scopes: string[] },
  reason?: string,
): ClientAuditRecord {
  return {
    id,
    at,
    action,
    by: {
      subject: who.subject,
      ...(who.hsaId ? { hsaId: who.hsaId } : {}),
      ...(who.unit ? { unit: who.unit } : {}),
      roles: who.roles,
    },
    unit: client.unit,
    scopes: client.scopes,
    ...(reason ? { reason } : {}),
  };
}

export function clientView(r: Omit<ClientRecord, 'audit' | 'outbox'>): ClientView {
  return {
    clientId: r._id,
    name: r.name,
    scopes: r.scopes,
    unit: r.unit,
    disabled: r.disabled,
    status: statusOf(r),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export const auditView = (clientId: string, a: ClientAuditRecord): ClientAuditView => ({
  id: a.id,
  at: new Date(a.at).toISOString(),
  action: a.action,
  clientId,
  unit: a.unit,
  scopes: a.scopes,
  by: a.by,
  ...(a.reason ? { reason: a.reason } : {}),
});

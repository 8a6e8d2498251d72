import type { Principal } from '@insyn/auth';
import type { ClientRecord } from '../persistence/client.entity.js';

/** An identity-admin of `unit` (test data, docs/style.md 20). */
export const identityAdmin = (unit: string, over: Partial<Principal> = {}): Principal => ({
  kind: 'official',
  subject: `sk1_admin-of-${unit}`,
  hsaId: `SE2321000230-${unit}`,
  unit,
  roles: ['identity-admin'],
  scopes: [],
  ...over,
});

/** A registered, active client of `socialtjansten`. */
export const clientRecord = (over: Partial<ClientRecord> = {}): ClientRecord => ({
  _id: 'case-system-soc',
  name: 'Treserva',
  secretHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
  scopes: ['messages:send'],
  unit: 'socialtjansten',
  disabled: false,
  status: 'active',
  audit: [],
  createdAt: new Date('2026-01-01T09:00:00Z'),
  updatedAt: new Date('2026-01-01T09:00:00Z'),
  createdBy: 'SE2321000230-socialtjansten',
  ...over,
});

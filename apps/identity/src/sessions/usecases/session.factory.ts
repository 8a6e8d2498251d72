import { sha256 } from '../../common/secret-box.js';
import type { SessionRecord } from '../persistence/session.entity.js';

/** An official's live session (no sealed personnummer), whose refresh secret is `secret`. */
export const sessionRecord = (secret: string, over: Partial<SessionRecord> = {}): SessionRecord => ({
  _id: '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
  kind: 'official',
  subjectKey: 'sk1_official',
  provider: 'siths',
  loa: 3,
  name: 'Olle Official',
  hsaId: 'SE2321000230-olle',
  unit: 'socialtjansten',
  roles: ['handlaggare'],
  refreshHash: sha256(secret),
  createdAt: new Date('2026-03-01T08:00:00Z'),
  refreshedAt: new Date('2026-03-01T08:00:00Z'),
  expiresAt: new Date('2026-03-01T20:00:00Z'),
  evidenceId: 'evidence-1',
  outbox: [],
  ...over,
});

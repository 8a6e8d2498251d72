import { createHash } from 'node:crypto';

import { appendEntry, type ProtocolEntry, type ProtocolEntryDraft } from './protocol-entry.js';

/** Test data for the gallringsprotokoll: a plausible run, varied by `n` so entries differ. */
export function protocolDraft(n = 1, overrides: Partial<ProtocolEntryDraft> = {}): ProtocolEntryDraft {
  const start = Date.UTC(2026, 0, 1, 2, 0, 0) + n * 86_400_000;
  const ids = (chunk: number) => createHash('sha256').update(`run-${n}-chunk-${chunk}`).digest('hex');
  const chunks = [
    { chunk: 0, deleted: 100, deletedIdsSha256: ids(0) },
    { chunk: 1, deleted: n % 7, deletedIdsSha256: ids(1) },
  ];
  return {
    runId: `run-${String(n).padStart(6, '0')}`,
    rule: {
      id: 'secure-message-closed',
      version: 3,
      unit: 'socialtjanst',
      informationType: 'secure-message',
      action: 'gallra',
      after: 'P2Y',
    },
    decision: { body: 'Socialnämnden', date: '2025-05-12', reference: `SN 2025/${100 + n}`, section: '§ 45' },
    selection: {
      service: 'messages',
      trigger: 'conversation-closed',
      triggeredBefore: new Date(start - 2 * 365 * 86_400_000).toISOString(),
      requireArchived: true,
    },
    counts: { candidates: 110 + (n % 7), held: 4, blocked: 6, deleted: 100 + (n % 7) },
    method: 'crypto-shred',
    startedAt: new Date(start).toISOString(),
    finishedAt: new Date(start + 95_000).toISOString(),
    executedBy: 'svc-retention',
    approvedBy: 'SE2120001234-ark7',
    chunks,
    ...overrides,
  };
}

/** A valid chain of `length` entries, seq 1..length. */
export function protocolChain(length: number, draft: (n: number) => ProtocolEntryDraft = protocolDraft): ProtocolEntry[] {
  const entries: ProtocolEntry[] = [];
  for (let n = 1; n <= length; n++) entries.push(appendEntry(entries.at(-1), draft(n)));
  return entries;
}

// Shared by the access log's use-case tests: in-memory fakes of its two ports (docs/style.md 17), the units, and
// entry and purge-request factories.
import { keysIn, type SubjectKeyScope } from '@insyn/auth';
import type { PurgeRequestedV1 } from '@insyn/contracts';
import { EventFactory, type MessagingOptions, type OutboxEntry, type WrittenOutbox } from '@insyn/messaging';
import type { IdGenerator } from '@insyn/platform';
import { ConfigService } from '@nestjs/config';
import type { RightsEnv } from '../../config/rights-env.js';
import type { AccessEntry, LogPageQuery } from '../domain/access-entry.js';
import type { AccessLogSelection } from '../domain/access-log-purge.js';
import { type AccessLogPurge, AccessLogPurgesRepository } from '../persistence/access-log-purges.repository.js';
import { AccessLogRepository } from '../persistence/access-log.repository.js';
import { UnitNames } from '../unit-names.js';

export const ANNA = 'sk1_anna-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const BRITT = 'sk1_britt-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
export const OFFICIAL = 'sk1_official-oooooooooooooooooooooooooooooooooo';

export const units = (): UnitNames =>
  new UnitNames(
    new ConfigService<RightsEnv, true>({
      RIGHTS_UNITS: JSON.stringify({ socialtjansten: { name: 'Individ- och familjeomsorgen' } }),
      RIGHTS_ACCESS_LOG_UNIT: 'kommunstyrelsen',
    }),
  );

export const sequentialIds = (prefix = 'id'): IdGenerator => {
  let n = 0;
  return { next: () => `${prefix}-${String(++n).padStart(8, '0')}` };
};

export const eventFactory = (now: () => Date): EventFactory =>
  new EventFactory({ service: 'rights' } as MessagingOptions, { now }, sequentialIds('evt'));

export function entry(over: Partial<AccessEntry> = {}): AccessEntry {
  return {
    accessId: 'acc-00000001',
    subjectKey: ANNA,
    accessor: { kind: 'official', id: OFFICIAL, role: 'messages-handler', unit: 'socialtjansten' },
    resource: { type: 'conversation', id: 'conv-00000001', conversationId: 'conv-00000001' },
    action: 'read',
    purpose: 'handlaggning',
    accessedAt: new Date('2026-03-01T10:00:00Z'),
    source: 'messages',
    unit: 'socialtjansten',
    recordedAt: new Date('2026-03-01T10:00:01Z'),
    ...over,
  };
}

const covered = (e: AccessEntry, s: AccessLogSelection) => e.unit === s.unit && e.accessedAt < s.accessedBefore;
const held = (e: AccessEntry, s: AccessLogSelection) =>
  s.heldSubjectKeys.includes(e.subjectKey) ||
  (e.resource.conversationId !== undefined && s.heldItemIds.includes(e.resource.conversationId));
const newestFirst = (a: AccessEntry, b: AccessEntry) =>
  b.accessedAt.getTime() - a.accessedAt.getTime() || (b.accessId < a.accessId ? -1 : b.accessId > a.accessId ? 1 : 0);

/** The log in memory, with the Mongo repository's semantics. */
export class InMemoryAccessLog extends AccessLogRepository {
  readonly entries = new Map<string, AccessEntry>();
  failRecord = false;

  record(e: AccessEntry): Promise<boolean> {
    if (this.failRecord) return Promise.reject(new Error('database down'));
    if (this.entries.has(e.accessId)) return Promise.resolve(false);
    this.entries.set(e.accessId, e);
    return Promise.resolve(true);
  }

  page(subjectKeys: SubjectKeyScope, q: LogPageQuery): Promise<AccessEntry[]> {
    const c = q.cursor;
    return Promise.resolve(
      [...this.entries.values()]
        .filter((e) => keysIn(subjectKeys).includes(e.subjectKey))
        .filter((e) => (!q.from || e.accessedAt >= q.from) && (!q.to || e.accessedAt < q.to))
        .filter(
          (e) =>
            !c ||
            e.accessedAt.getTime() < c.accessedAt.getTime() ||
            (e.accessedAt.getTime() === c.accessedAt.getTime() && e.accessId < c.accessId),
        )
        .sort(newestFirst)
        .slice(0, q.limit + 1),
    );
  }

  countHeld(s: AccessLogSelection): Promise<number> {
    return Promise.resolve([...this.entries.values()].filter((e) => covered(e, s) && held(e, s)).length);
  }

  countSelectable(s: AccessLogSelection): Promise<number> {
    return Promise.resolve([...this.entries.values()].filter((e) => covered(e, s) && !held(e, s)).length);
  }

  selectIds(s: AccessLogSelection, limit: number): Promise<{ ids: string[]; remaining: boolean }> {
    const all = [...this.entries.values()]
      .filter((e) => covered(e, s) && !held(e, s))
      .sort((a, b) => -newestFirst(a, b))
      .map((e) => e.accessId);
    return Promise.resolve({ ids: all.slice(0, limit), remaining: all.length > limit });
  }

  staleSubjectKeys(prefixes: string[]): Promise<string[]> {
    return Promise.resolve([
      ...new Set([...this.entries.values()].map((e) => e.subjectKey).filter((k) => prefixes.some((p) => k.startsWith(p)))),
    ]);
  }

  rekeySubject(stale: string, current: string): Promise<number> {
    const moved = [...this.entries.values()].filter((e) => e.subjectKey === stale);
    for (const e of moved) this.entries.set(e.accessId, { ...e, subjectKey: current });
    return Promise.resolve(moved.length);
  }

  delete(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.entries.delete(id);
    return Promise.resolve();
  }
}

/** Purge records in memory, with their outboxes. */
export class InMemoryPurges extends AccessLogPurgesRepository {
  readonly records = new Map<string, AccessLogPurge & { outbox: OutboxEntry[] }>();

  find(requestId: string): Promise<AccessLogPurge | null> {
    const r = this.records.get(requestId);
    if (!r) return Promise.resolve(null);
    const { outbox: _outbox, ...purge } = r;
    return Promise.resolve({ ...purge, ids: [...purge.ids] });
  }

  async insertSelected(purge: AccessLogPurge): Promise<AccessLogPurge> {
    if (this.records.has(purge.requestId)) return (await this.find(purge.requestId))!;
    this.records.set(purge.requestId, { ...purge, outbox: [] });
    return purge;
  }

  complete(requestId: string, digest: string, completedAt: Date, answer: OutboxEntry): Promise<WrittenOutbox | null> {
    const r = this.records.get(requestId);
    if (r?.status !== 'deleting') return Promise.resolve(null);
    Object.assign(r, { status: 'done', deletedIdsSha256: digest, completedAt, outbox: [...r.outbox, answer] });
    return Promise.resolve([...r.outbox]);
  }

  answerAgain(requestId: string, answer: OutboxEntry): Promise<WrittenOutbox | null> {
    const r = this.records.get(requestId);
    if (!r) return Promise.resolve(null);
    r.outbox.push(answer);
    return Promise.resolve([...r.outbox]);
  }

  refuse(purge: AccessLogPurge, answer: OutboxEntry): Promise<WrittenOutbox> {
    const r = this.records.get(purge.requestId) ?? { ...purge, outbox: [] };
    r.outbox.push(answer);
    this.records.set(purge.requestId, r);
    return Promise.resolve([...r.outbox]);
  }
}

export function purgeRequest(
  over: Partial<PurgeRequestedV1> = {},
  selection: Partial<PurgeRequestedV1['selection']> = {},
): PurgeRequestedV1 {
  return {
    requestId: 'run-00000001-c0',
    runId: 'run-00000001',
    ruleId: 'loggar-soc',
    ruleVersion: 1,
    chunk: 0,
    selection: {
      service: 'rights',
      unit: 'socialtjansten',
      informationType: 'access-log',
      trigger: 'last-activity',
      triggeredBefore: '2026-06-01T00:00:00.000Z',
      requireArchived: false,
      ...selection,
    },
    exclusions: { subjectKeys: [], itemIds: [] },
    limit: 100,
    method: 'delete',
    requestedAt: '2026-06-01T02:00:00.000Z',
    ...over,
  };
}

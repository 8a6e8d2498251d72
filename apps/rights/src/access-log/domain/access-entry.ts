/**
 * The access log (loggutdrag): one entry per read of a person's data, as the services that hold it report
 * it (`audit.accessed.v1`), plus the rights service's own reads of her log. Pure TypeScript, no Nest.
 */

/** What was read. `access-log`: the person's own log, read by an official of the rights function. */
export const RESOURCE_TYPES = ['conversation', 'message', 'attachment', 'access-log'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const ACCESSOR_KINDS = ['citizen', 'official', 'client'] as const;
export type AccessorKind = (typeof ACCESSOR_KINDS)[number];

/** Subject keys and entry ids as the contracts carry them. */
export const SUBJECT_KEY = /^[A-Za-z0-9_-]{16,128}$/;
export const ENTRY_ID = /^[A-Za-z0-9_-]{8,100}$/;

/** Something shaped like a personnummer or samordningsnummer, with or without century and separator. */
const PERSONNUMMER_SHAPED = /^(?:\d{2})?\d{6}[-+]?\d{4}$/;
export const looksLikePersonnummer = (text: string): boolean => PERSONNUMMER_SHAPED.test(text.trim());

export interface AccessEntry {
  /** The access id from the event (idempotency key), or one of this service's own for log reads. */
  accessId: string;
  /** Whose data was read. */
  subjectKey: string;
  accessor: {
    kind: AccessorKind;
    /** citizen/official: the subject key; client: the client id. An official's is never shown to the citizen. */
    id: string;
    role?: string;
    unit?: string;
  };
  resource: { type: ResourceType; id?: string; conversationId?: string };
  action: 'read' | 'download';
  /** The processing purpose the read falls under (`handlaggning`, `egen-insyn`, ...). */
  purpose: string;
  accessedAt: Date;
  /** The service that reported the read. */
  source: string;
  /** The unit whose retention rules govern the entry: the unit that read, else RIGHTS_ACCESS_LOG_UNIT. */
  unit: string;
  recordedAt: Date;
}

/** The unit an entry is gallrad under: the reading unit's, else the log's own unit (a citizen's own reads). */
export const retentionUnitOf = (accessor: AccessEntry['accessor'], logUnit: string): string => accessor.unit ?? logUnit;

/** Where a page of a person's log starts: after this entry, in newest-first order. */
export interface LogCursor {
  accessedAt: Date;
  accessId: string;
}

/** An opaque cursor: base64url of `<epoch ms>.<access id>`. */
export function encodeCursor(entry: Pick<AccessEntry, 'accessedAt' | 'accessId'>): string {
  return Buffer.from(`${entry.accessedAt.getTime()}.${entry.accessId}`, 'utf8').toString('base64url');
}

/** The cursor, or undefined when the text is not one this service made. */
export function decodeCursor(text: string): LogCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{8,100})$/.exec(decoded);
  if (!match) return undefined;
  const accessedAt = new Date(Number(match[1]));
  return Number.isNaN(accessedAt.getTime()) ? undefined : { accessedAt, accessId: match[2]! };
}

/** One page of a person's log: newest first, after `cursor`, with `accessedAt` in `[from, to)`. */
export interface LogPageQuery {
  limit: number;
  cursor?: LogCursor;
  from?: Date;
  to?: Date;
}

export interface LogPage {
  entries: AccessEntry[];
  /** Where the next page starts; absent on the last page. */
  nextCursor?: string;
}

/** Cuts a `limit + 1` read to a page, with the cursor of its last entry when more follow. */
export function pageOf(read: AccessEntry[], limit: number): LogPage {
  const entries = read.slice(0, limit);
  const last = entries[entries.length - 1];
  return read.length > limit && last ? { entries, nextCursor: encodeCursor(last) } : { entries };
}

/** How the citizen sees who read: role and unit (with its name), a client system by its id; never an official's identity. */
export interface CitizenAccessorView {
  kind: AccessorKind;
  /** True when the citizen read her own data. */
  self?: boolean;
  role?: string;
  unit?: string;
  unitName?: string;
  /** The municipal system's client id (systems are not persons). */
  clientId?: string;
}

export interface CitizenEntryView {
  accessId: string;
  accessedAt: string;
  action: 'read' | 'download';
  purpose: string;
  accessor: CitizenAccessorView;
  resource: { type: ResourceType; id?: string; conversationId?: string };
}

/**
 * What the citizen is shown of one entry. The accessor's id is left out for officials (their subject key
 * is their personal identity) and for other citizens; a client system's id is kept.
 */
export function citizenView(entry: AccessEntry, unitName: (unit: string) => string | undefined): CitizenEntryView {
  const { accessor } = entry;
  const name = accessor.unit === undefined ? undefined : unitName(accessor.unit);
  return {
    accessId: entry.accessId,
    accessedAt: entry.accessedAt.toISOString(),
    action: entry.action,
    purpose: entry.purpose,
    accessor: {
      kind: accessor.kind,
      ...(accessor.kind === 'citizen' && accessor.id === entry.subjectKey ? { self: true } : {}),
      ...(accessor.role !== undefined ? { role: accessor.role } : {}),
      ...(accessor.unit !== undefined ? { unit: accessor.unit } : {}),
      ...(name !== undefined ? { unitName: name } : {}),
      ...(accessor.kind === 'client' ? { clientId: accessor.id } : {}),
    },
    resource: { ...entry.resource },
  };
}

/** What an official of the rights function sees: everything, the accessor's id and the reporting service included. */
export interface OfficialEntryView extends CitizenEntryView {
  accessor: CitizenAccessorView & { id: string };
  source: string;
}

export function officialView(entry: AccessEntry, unitName: (unit: string) => string | undefined): OfficialEntryView {
  const view = citizenView(entry, unitName);
  return { ...view, accessor: { ...view.accessor, id: entry.accessor.id }, source: entry.source };
}

/** The roles that may read a person's log, and the purpose each read is logged under. */
export const LOG_READER_ROLES = { 'rights-handler': 'rattighetshantering', dpo: 'dataskyddstillsyn' } as const;
export type LogReaderRole = keyof typeof LOG_READER_ROLES;

/** The role a read of a person's log is made in: handling her rights first, else oversight. */
export function readerRoleOf(roles: readonly string[]): LogReaderRole | undefined {
  return (Object.keys(LOG_READER_ROLES) as LogReaderRole[]).find((r) => roles.includes(r));
}

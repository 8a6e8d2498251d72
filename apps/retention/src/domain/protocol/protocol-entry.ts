import { createHash } from 'node:crypto';
import { isPersonnummer } from '@insyn/person';

/**
 * The gallringsprotokoll: one immutable, hash-chained entry per gallring run (ADR 0007). Riksarkivet counts
 * any loss of information as gallring (https://riksarkivet.se/vardera-och-gallra), so the evidence must
 * not keep what was deleted.
 *
 * No personal data, by construction. An entry holds the rule, the decision it executes, the selection
 * criteria, counts, the method, times, who executed and approved it, and digests over the deleted ids.
 * It holds NO ids of the deleted items, NO subject keys and NO hold ids: only counts. Subject keys are
 * pseudonyms, and pseudonymised data is still personal data (GDPR recital 26). A chained entry can never
 * be changed or erased without breaking the chain, so anything written here outlives the gallring it
 * records: a subject key in the protocol would keep a trace of the person whose data was deleted, and
 * would link that person to the rule, unit and information type. Counts prove how much was deleted and
 * held; the id digests prove which items were deleted, to anyone who already has the ids, without
 * disclosing them. `executedBy` and `approvedBy` identify staff (or a service account) acting in
 * their official capacity. The gallringsprotokoll must record them.
 *
 * Digests (all SHA-256, lowercase hex):
 * - chunk `deletedIdsSha256`: the owning service's digest over the chunk's sorted deleted ids joined by "\n"
 *   (PurgeCompletedV1 in @insyn/contracts; the empty list hashes the empty string).
 * - entry `deletedIdsSha256` = sha256(lines joined by "\n"), one line `<chunk>:<chunk deletedIdsSha256>` per
 *   chunk in ascending chunk order ({@link chunksDigest}); a run without chunks hashes the empty string.
 * - entry `hash` = sha256(previousHash + "\n" + canonicalJson(entry without `hash`)); the first entry's
 *   previousHash is {@link GENESIS_HASH} ({@link entryHash}).
 */

/** The previousHash of entry 1 ("genesis"): 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** How the items were destroyed: rows deleted, or their data keys destroyed too (crypto-shredding). */
export type ProtocolMethod = 'delete' | 'crypto-shred';

/** What the rule does at the end of the period: delete, or deliver to the archive first and then delete. */
export type RetentionAction = 'gallra' | 'overfor-och-gallra';

/** The rule as it was when the run executed. Rules are versioned, and `version` pins the one used. */
export interface ProtocolRule {
  readonly id: string;
  readonly version: number;
  readonly unit: string;
  readonly informationType: string;
  readonly action: RetentionAction;
  /** The gallringsfrist as an ISO 8601 duration from the trigger, e.g. `P2Y`, `P14D`. */
  readonly after: string;
}

/** The gallringsbeslut the run executes. */
export interface ProtocolDecision {
  /** The deciding body, e.g. `Kommunstyrelsen` (always a nämnd or styrelse). */
  readonly body: string;
  /** Decision date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Diarienummer, e.g. `KS 2024/123`. */
  readonly reference: string;
  /** Paragraf or punkt in the decision, e.g. `§ 45` or `punkt 3.2`. */
  readonly section: string;
}

/** What the run selected: the criteria, never the items. */
export interface ProtocolSelection {
  /** The owning service that deleted, e.g. `messages`. */
  readonly service: string;
  /** The event the gallringsfrist counts from, e.g. `conversation-closed`. */
  readonly trigger: string;
  /** Items whose trigger happened strictly before this instant (ISO 8601). */
  readonly triggeredBefore: string;
  /** Only items with an archive receipt; the others are counted as blocked and never deleted. */
  readonly requireArchived: boolean;
}

export interface ProtocolCounts {
  /** Items that matched the selection. */
  readonly candidates: number;
  /** Left alone because of a hold (gallringsstopp: TF request, open data-subject request, litigation, ...). */
  readonly held: number;
  /** Left alone because the required archive receipt was missing. */
  readonly blocked: number;
  readonly deleted: number;
}

/** One PurgeCompletedV1 answer, reduced to what the protocol keeps. */
export interface ProtocolChunk {
  readonly chunk: number;
  readonly deleted: number;
  /** SHA-256 hex over the chunk's sorted deleted ids joined by "\n". */
  readonly deletedIdsSha256: string;
}

export interface ProtocolEntry {
  /** 1..n, no gaps. */
  readonly seq: number;
  readonly runId: string;
  readonly rule: ProtocolRule;
  readonly decision: ProtocolDecision;
  readonly selection: ProtocolSelection;
  readonly counts: ProtocolCounts;
  readonly method: ProtocolMethod;
  /** ISO 8601 instants. */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Staff or service-account identifiers, in their official capacity. */
  readonly executedBy: string;
  readonly approvedBy: string;
  /** In ascending chunk order. */
  readonly chunks: readonly ProtocolChunk[];
  /** Anmärkning: why a run deleted nothing or stopped early (a hold on the unit, ...); no personal data. */
  readonly remark?: string;
  /** {@link chunksDigest} of `chunks`. */
  readonly deletedIdsSha256: string;
  readonly previousHash: string;
  /** {@link entryHash} of this entry. */
  readonly hash: string;
}

/** What the run supplies. The chain adds `seq`, `previousHash`, `hash`, and computes `deletedIdsSha256`. */
export type ProtocolEntryDraft = Omit<ProtocolEntry, 'seq' | 'previousHash' | 'hash' | 'deletedIdsSha256'>;

/** A draft that would make an invalid or unsafe entry. Nothing was appended. */
export class ProtocolEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolEntryError';
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
// Any control character (C0, DEL, C1): entries are single-line text for the CSV and PDF exports.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const MAX_TEXT = 200;

/**
 * Why a text may not stand in a protocol entry (undefined when it may): the entry is printed in lists,
 * CSV and PDF for the archive authority, one line per field, and holds no personal data. Rules check
 * their decision texts with it before they can be activated, so a run never deletes and then fails to
 * write its entry.
 */
export function protocolTextProblem(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT || CONTROL.test(text))
    return `must be 1..${MAX_TEXT} characters of single-line text`;
  if (containsPersonnummer(text)) return 'looks like it holds a personnummer';
  return undefined;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * JSON with object keys sorted (by UTF-16 code units, as RFC 8785), no whitespace, numbers as JSON writes
 * them, Dates as ISO strings. `undefined` object members are left out, like JSON.stringify. Rejects what
 * has no stable JSON form: non-finite numbers, bigint, functions, symbols, `undefined` in arrays,
 * invalid Dates and objects other than plain objects, arrays and Dates.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object':
      break;
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('canonicalJson: invalid Date');
    return JSON.stringify(value.toISOString());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => (item === undefined ? fail('undefined in an array') : canonicalJson(item))).join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) fail('only plain objects, arrays and Dates');
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

function fail(what: string): never {
  throw new TypeError(`canonicalJson: ${what}`);
}

/**
 * The entry `deletedIdsSha256`: sha256 over one `<chunk>:<digest>` line per chunk, joined by "\n", in the
 * order given (an entry holds its chunks in ascending chunk order; {@link appendEntry} enforces it).
 */
export function chunksDigest(chunks: readonly ProtocolChunk[]): string {
  return sha256Hex(chunks.map((c) => `${c.chunk}:${c.deletedIdsSha256}`).join('\n'));
}

/** sha256(previousHash + "\n" + canonicalJson(entry without `hash`)). */
export function entryHash(entry: Omit<ProtocolEntry, 'hash'> | ProtocolEntry): string {
  const { hash: _hash, ...content } = entry as ProtocolEntry;
  return sha256Hex(`${entry.previousHash}\n${canonicalJson(content)}`);
}

/**
 * The next entry of the chain: `previous` is the current head (undefined for the first entry). Validates
 * the draft and refuses anything that looks like a personnummer. The result is frozen (deeply).
 * Throws {@link ProtocolEntryError}.
 */
export function appendEntry(previous: ProtocolEntry | undefined, draft: ProtocolEntryDraft): ProtocolEntry {
  validateDraft(draft);
  const chunks = [...draft.chunks].map((c) => ({ chunk: c.chunk, deleted: c.deleted, deletedIdsSha256: c.deletedIdsSha256 }));
  const content: Omit<ProtocolEntry, 'hash'> = {
    seq: previous === undefined ? 1 : previous.seq + 1,
    runId: draft.runId,
    rule: { ...draft.rule },
    decision: { ...draft.decision },
    selection: { ...draft.selection },
    counts: { ...draft.counts },
    method: draft.method,
    startedAt: draft.startedAt,
    finishedAt: draft.finishedAt,
    executedBy: draft.executedBy,
    approvedBy: draft.approvedBy,
    chunks,
    ...(draft.remark !== undefined ? { remark: draft.remark } : {}),
    deletedIdsSha256: chunksDigest(chunks),
    previousHash: previous === undefined ? GENESIS_HASH : previous.hash,
  };
  return deepFreeze({ ...content, hash: entryHash(content) });
}

function validateDraft(draft: ProtocolEntryDraft): void {
  const texts: [string, string][] = [
    ['runId', draft.runId],
    ['rule.id', draft.rule.id],
    ['rule.unit', draft.rule.unit],
    ['rule.informationType', draft.rule.informationType],
    ['decision.body', draft.decision.body],
    ['decision.reference', draft.decision.reference],
    ['decision.section', draft.decision.section],
    ['selection.service', draft.selection.service],
    ['selection.trigger', draft.selection.trigger],
    ['executedBy', draft.executedBy],
    ['approvedBy', draft.approvedBy],
    ...(draft.remark !== undefined ? ([['remark', draft.remark]] as [string, string][]) : []),
  ];
  for (const [field, text] of texts) {
    const problem = protocolTextProblem(text);
    if (problem !== undefined) throw new ProtocolEntryError(`${field} ${problem}`);
  }
  if (!Number.isSafeInteger(draft.rule.version) || draft.rule.version < 1) throw new ProtocolEntryError('rule.version must be ≥ 1');
  if (draft.rule.action !== 'gallra' && draft.rule.action !== 'overfor-och-gallra') throw new ProtocolEntryError('rule.action');
  if (!ISO_DURATION.test(draft.rule.after)) throw new ProtocolEntryError('rule.after must be an ISO 8601 duration');
  if (!ISO_DATE.test(draft.decision.date) || !validInstant(`${draft.decision.date}T00:00:00Z`)) {
    throw new ProtocolEntryError('decision.date must be YYYY-MM-DD');
  }
  for (const [field, at] of [
    ['selection.triggeredBefore', draft.selection.triggeredBefore],
    ['startedAt', draft.startedAt],
    ['finishedAt', draft.finishedAt],
  ] as const) {
    if (!validInstant(at)) throw new ProtocolEntryError(`${field} must be an ISO 8601 instant`);
  }
  if (Date.parse(draft.finishedAt) < Date.parse(draft.startedAt)) throw new ProtocolEntryError('finishedAt is before startedAt');
  if (typeof draft.selection.requireArchived !== 'boolean') throw new ProtocolEntryError('selection.requireArchived');
  if (draft.method !== 'delete' && draft.method !== 'crypto-shred') throw new ProtocolEntryError('method');

  const { candidates, held, blocked, deleted } = draft.counts;
  for (const [field, n] of Object.entries({ candidates, held, blocked, deleted })) {
    if (!Number.isSafeInteger(n) || n < 0) throw new ProtocolEntryError(`counts.${field} must be a non-negative integer`);
  }

  let sum = 0;
  let last = -1;
  for (const c of draft.chunks) {
    if (!Number.isSafeInteger(c.chunk) || c.chunk <= last) throw new ProtocolEntryError('chunks must be in strictly ascending chunk order');
    if (!Number.isSafeInteger(c.deleted) || c.deleted < 0) throw new ProtocolEntryError('chunk.deleted must be a non-negative integer');
    if (!HEX64.test(c.deletedIdsSha256)) throw new ProtocolEntryError('chunk.deletedIdsSha256 must be 64 lowercase hex digits');
    last = c.chunk;
    sum += c.deleted;
  }
  if (sum !== deleted) throw new ProtocolEntryError(`counts.deleted (${deleted}) differs from the chunks' sum (${sum})`);
}

function validInstant(text: string): boolean {
  return ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text));
}

/** 10- or 12-digit runs (with an optional - or +) that pass the personnummer checks. */
function containsPersonnummer(text: string): boolean {
  for (const match of text.matchAll(/(?<!\d)\d{6,8}[-+]?\d{4}(?!\d)/g)) {
    if (isPersonnummer(match[0])) return true;
  }
  return false;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

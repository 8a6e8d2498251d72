import type { ProtocolEntry } from './protocol-entry.js';
import { ACTION_LABEL, METHOD_LABEL, TRIGGER_LABEL, yesNo } from './protocol-labels.js';

/** The columns, in order: Swedish headers for the archive authority, and how each is read from an entry. */
const COLUMNS: readonly (readonly [header: string, value: (e: ProtocolEntry) => string | number])[] = [
  ['Löpnummer', (e) => e.seq],
  ['Körning', (e) => e.runId],
  ['Regel', (e) => e.rule.id],
  ['Regelversion', (e) => e.rule.version],
  ['Enhet', (e) => e.rule.unit],
  ['Informationstyp', (e) => e.rule.informationType],
  ['Åtgärd', (e) => ACTION_LABEL[e.rule.action]],
  ['Gallringsfrist', (e) => e.rule.after],
  ['Beslutande organ', (e) => e.decision.body],
  ['Beslutsdatum', (e) => e.decision.date],
  ['Diarienummer', (e) => e.decision.reference],
  ['Paragraf/punkt', (e) => e.decision.section],
  ['Räknas från', (e) => TRIGGER_LABEL[e.selection.trigger] ?? e.selection.trigger],
  ['Avgränsning (före)', (e) => e.selection.triggeredBefore],
  ['Kräver arkiverat', (e) => yesNo(e.selection.requireArchived)],
  ['Kandidater', (e) => e.counts.candidates],
  ['Gallringsstopp', (e) => e.counts.held],
  ['Blockerade (ej arkiverade)', (e) => e.counts.blocked],
  ['Gallrade', (e) => e.counts.deleted],
  ['Metod', (e) => METHOD_LABEL[e.method]],
  ['Start', (e) => e.startedAt],
  ['Slut', (e) => e.finishedAt],
  ['Utförd av', (e) => e.executedBy],
  ['Godkänd av', (e) => e.approvedBy],
  ['Anmärkning', (e) => e.remark ?? ''],
  ['Hash över gallrade id', (e) => e.deletedIdsSha256],
  ['Föregående hash', (e) => e.previousHash],
  ['Hash', (e) => e.hash],
];

export const PROTOCOL_CSV_HEADERS: readonly string[] = COLUMNS.map(([header]) => header);

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * The protocol as RFC 4180 CSV in UTF-8 with a byte order mark (so Excel reads åäö): a header row, then
 * one row per entry, every record ending in CRLF. Fields holding a comma, quote, CR or LF are quoted,
 * with quotes doubled. Text that a spreadsheet would take for a formula (starting with = + - @, tab or
 * CR) gets a leading apostrophe (OWASP "CSV injection"); numbers are written as numbers.
 */
export function renderProtocolCsv(entries: readonly ProtocolEntry[]): Buffer {
  const rows = [PROTOCOL_CSV_HEADERS.map(csvField), ...entries.map((entry) => COLUMNS.map(([, value]) => csvField(value(entry))))];
  return Buffer.from(BOM + rows.map((row) => row.join(',') + CRLF).join(''), 'utf8');
}

/** One RFC 4180 field. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : defuseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

import { CONTINUATION_INDENT, renderTextPdf, type TextBlock, type TextLine } from '@insyn/pdf';

import {
  COMPLAINT,
  controllerText,
  decisionText,
  dpoContacts,
  processingSections,
  RECORD_LABELS,
  type Registerutdrag,
  reportIntro,
} from './registerutdrag.js';

/** Nesting step of a record's fields, in points. */
const NEST = 16;
const BODY = 10;
/** A record nested deeper than the HTML's definition lists prints as JSON, as there. */
const MAX_DEPTH = 6;

/** A line of a record; `newBlock` marks where the page may break (before a list, and between its items). */
interface RecordLine extends TextLine {
  readonly newBlock?: boolean;
}

const line = (text: string, extra: Omit<TextLine, 'text' | 'size'> = {}): TextLine => ({ text, size: BODY, ...extra });
/** A paragraph of running text: its wrapped lines start flush, without a hanging indent. */
const para = (text: string, spaceBefore = 0): TextLine => line(text, { spaceBefore, continuationIndent: 0 });
const h1 = (text: string): TextLine => ({ text, size: 18, bold: true, role: 'H1' });
const h2 = (text: string): TextLine => ({ text, size: 14, bold: true, spaceBefore: 16, role: 'H2' });
const h3 = (text: string): TextLine => ({ text, size: 11.5, bold: true, spaceBefore: 10, role: 'H3' });

/**
 * The registerutdrag as a PDF/A-2a in Swedish (`@insyn/pdf`: fonts embedded, Unicode text, tagged with the
 * headings as H1–H3), with what the HTML report has: the processing's facts from the
 * notice, then each service's records with the decision on them, a record's fields as indented
 * "label: value" lines under the HTML's labels. Message bodies wrap and keep their line breaks. Dated by
 * the answer (else the receipt), so the same request gives the same bytes.
 */
export function registerutdragPdf(r: Registerutdrag): Buffer {
  const doc = new Blocks();
  doc.block([h1('Registerutdrag'), para(reportIntro(r), 8), ...(r.controller ? [para(controllerText(r.controller), 4)] : [])]);

  doc.keepWithNext(h2(`Behandlingen: ${r.request.notice.title}`));
  const p = r.processing;
  if (p) {
    for (const s of processingSections(p))
      if (s.items.length) doc.block([h3(s.title), ...s.items.map((item) => line(`• ${item}`, { indent: 8, continuationIndent: 7 }))]);
    const dpo = dpoContacts(p);
    if (dpo !== undefined) doc.block([h3('Dataskyddsombud'), para(dpo)]);
  }

  doc.keepWithNext(h2('Dina uppgifter'));
  for (const s of r.services) {
    doc.keepWithNext(h3(`Tjänst: ${s.service}`));
    if (s.decision) doc.keepWithNext(para(decisionText(s.decision), 2));
    if (!s.records.length) doc.block([para('Inga uppgifter.', 4)]);
    s.records.forEach((record, index) => {
      const lines = valueLines(record, 0, 0);
      if (lines[0]) lines[0] = { ...lines[0], spaceBefore: index === 0 ? 6 : 14 };
      doc.blocks(lines);
    });
  }
  doc.block([para(COMPLAINT, 18)]);

  const title = r.request.notice.title;
  return renderTextPdf(doc.done(), {
    title: `Registerutdrag – ${title}`,
    ...(r.controller ? { author: r.controller.name } : {}),
    createdAt: new Date(r.request.answeredAt ?? r.request.receivedAt),
    footer: (page, pages) => `Registerutdrag · ${title} · sida ${page} av ${pages}`,
  });
}

/** Blocks in order, with headings held back to start the next block (so a heading never ends a page). */
class Blocks {
  private readonly list: TextBlock[] = [];
  private pending: TextLine[] = [];

  keepWithNext(heading: TextLine): void {
    this.pending.push(heading);
  }

  block(lines: readonly TextLine[]): void {
    this.list.push([...this.pending, ...lines]);
    this.pending = [];
  }

  /** Record lines, split into blocks where `newBlock` says. */
  blocks(lines: readonly RecordLine[]): void {
    let current: TextLine[] = [];
    for (const { newBlock, ...rest } of lines) {
      if (newBlock && current.length) {
        this.block(current);
        current = [];
      }
      current.push(rest);
    }
    if (current.length) this.block(current);
  }

  done(): TextBlock[] {
    if (this.pending.length) this.block([]);
    return this.list;
  }
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const isNested = (v: unknown, depth: number): v is object => Array.isArray(v) || (typeof v === 'object' && v !== null && depth < MAX_DEPTH);

/**
 * A value's lines at `indent` (depth as the HTML counts it: the record is 0). An object gives one line per
 * field, nested values under a `label:` line one step in; a list numbers its items (1., 2., ...), an empty
 * one shows `–`.
 */
function valueLines(v: unknown, indent: number, depth: number): RecordLine[] {
  if (Array.isArray(v)) return v.length === 0 ? [line('–', { indent })] : listLines(v, indent, depth);
  if (isNested(v, depth))
    return Object.entries(v as Record<string, unknown>).flatMap(([key, x]) => fieldLines(RECORD_LABELS[key] ?? key, x, indent, depth + 1));
  return textLines(scalar(v), indent);
}

function fieldLines(label: string, v: unknown, indent: number, depth: number): RecordLine[] {
  if (Array.isArray(v) && v.length === 0) return textLines(`${label}: –`, indent);
  if (isNested(v, depth)) return [{ ...line(`${label}:`, { indent }), newBlock: Array.isArray(v) }, ...valueLines(v, indent + NEST, depth)];
  return textLines(`${label}: ${scalar(v)}`.trimEnd(), indent);
}

/** Numbered items; an item's further lines hang under its first, after the number. */
function listLines(items: readonly unknown[], indent: number, depth: number): RecordLine[] {
  return items.flatMap((item, index) => {
    const [first = line(''), ...rest] = valueLines(item, indent + CONTINUATION_INDENT, depth + 1); // an empty object has no lines
    return [{ ...first, text: `${index + 1}. ${first.text}`.trimEnd(), indent, newBlock: index > 0 }, ...rest];
  });
}

/** Text that keeps its line breaks: each paragraph after the first aligns with the wrapped continuations. */
function textLines(text: string, indent: number): TextLine[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((paragraph, index) => line(paragraph, { indent: index === 0 ? indent : indent + CONTINUATION_INDENT }));
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from '@jest/globals';
import { readTextPdf } from '@insyn/pdf';

import { registerutdragHtml } from './registerutdrag.js';
import { conversationRecord, registerutdragFixture } from './registerutdrag.factory.js';
import { registerutdragPdf } from './registerutdrag-pdf.js';

const pdftotextAvailable = (() => {
  try {
    execFileSync('which', ['pdftotext'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Every shown line, decoded, with its position and size, in content order (footers included). */
function shown(pdf: Buffer): { x: number; y: number; size: number; bold: boolean; text: string; tag: string }[] {
  return readTextPdf(pdf)
    .flat()
    .map((l) => ({ x: l.x, y: l.y, size: l.size, bold: l.font === 'F2', text: l.text, tag: l.tag }));
}

/** The shown lines page by page. */
const pageLines = (pdf: Buffer) => readTextPdf(pdf).map((page) => page.map((l) => ({ ...l, bold: l.font === 'F2' })));

/** The body text (no footers), wrapped lines joined again with the space they were split at. */
const bodyText = (pdf: Buffer) =>
  shown(pdf)
    .filter((l) => l.size !== 8)
    .map((l) => l.text)
    .join(' ');

const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

describe('registerutdragPdf', () => {
  const report = registerutdragFixture();
  const pdf = registerutdragPdf(report);
  const text = bodyText(pdf);

  it('is a PDF/A-2a (1.7), dated by the answer, the same bytes for the same report', () => {
    expect(pdf.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    expect(pdf.toString('latin1')).toContain('<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>');
    expect(pdf.toString('latin1')).toContain('/CreationDate (D:20260420123000Z)');
    expect(registerutdragPdf(registerutdragFixture()).equals(pdf)).toBe(true);
    const { answeredAt: _, ...unanswered } = report.request;
    expect(registerutdragPdf({ ...report, request: unanswered }).toString('latin1')).toContain('/CreationDate (D:20260401100000Z)');
  });

  it('says what it answers, who the controller is, and the processing in the notice’s words', () => {
    expect(text).toContain(
      'Registerutdrag Svar på din begäran om tillgång till dina personuppgifter (artikel 15 i dataskyddsförordningen), ' +
        'mottagen 2026-04-01, besvarad 2026-04-20.',
    );
    expect(text).toContain('Personuppgiftsansvarig: Umeå kommun (212000-2627)');
    expect(text).toContain('Behandlingen: Behandling, säkra meddelanden');
    expect(text).toContain('Ändamål • Att kommunicera säkert med dig om ditt ärende.');
    expect(text).toContain('Rättslig grund • Myndighetsutövning: artikel 6.1.e, 9.2.g');
    expect(text).toContain('Kategorier av personuppgifter • Personnummer • Kontaktuppgifter • Innehåll i meddelanden');
    expect(text).toContain('Hur länge uppgifterna sparas • Meddelanden gallras två år');
    expect(text).toContain('Dataskyddsombud dataskyddsombud@umea.se, 090-16 10 00');
    expect(text).toContain('Du har rätt att klaga hos Integritetsskyddsmyndigheten (IMY), www.imy.se.');
    // The headings are tagged as H1–H3, the rest as paragraphs.
    const tagged = shown(pdf);
    expect(tagged[0]).toMatchObject({ tag: 'H1', text: 'Registerutdrag' });
    expect(tagged.find((l) => l.text === 'Behandlingen: Behandling, säkra meddelanden')?.tag).toBe('H2');
    expect(tagged.find((l) => l.text === 'Ändamål')?.tag).toBe('H3');
    expect(tagged.find((l) => l.text === 'Personuppgiftsansvarig: Umeå kommun (212000-2627)')?.tag).toBe('P');
  });

  it('prints each service’s decision and its records as indented "label: value" lines with the HTML’s labels', () => {
    expect(text).toContain('Dina uppgifter Tjänst: messages Beslut: Begäran tillgodoses (GDPR art. 15–21)');
    const lines = shown(pdf);
    const at = (t: string) => lines.find((l) => l.text === t);
    expect(at('Typ: conversation')?.x).toBe(50);
    expect(at('Ämne: Kallelse till möte (ekonomiskt bistånd)')?.x).toBe(50);
    expect(at('Enhet:')?.x).toBe(50);
    expect(at('Id: soc-ifo')?.x).toBe(66);
    expect(at('Namn: Individ- och familjeomsorgen')?.x).toBe(66);
    expect(at('Arkivering:')?.x).toBe(50);
    expect(at('Antal meddelanden: 2')?.x).toBe(50);
    expect(at('Meddelanden:')?.x).toBe(50);
    // Numbered items; an item's other fields hang under its first, after the number.
    expect(at('1. Nummer: 1')?.x).toBe(66);
    expect(at('Skickat: 2026-03-02T09:00:00.000Z')?.x).toBe(78);
    expect(at('Avsändare:')?.x).toBe(78);
    expect(at('Kategori: unit')?.x).toBe(94);
    expect(at('Text: Meddelande 1 från enheten.')?.x).toBe(78);
    expect(at('Bilagor:')?.x).toBe(78);
    expect(at('1. Bilagans id: att-1')?.x).toBe(94);
    expect(at('Filnamn: beslut.pdf')?.x).toBe(106);
    expect(at('Bilagor: –')?.x).toBe(78); // the second message has none
    expect(at('2. Nummer: 2')?.x).toBe(66);
    // A list of plain values (the summary record's codes) numbers them too.
    expect(text).toContain('Koder: 1. email 2. phone');
  });

  it('has the same content as the HTML report: every text of its page is in the PDF', () => {
    const main = /<main>([\s\S]*)<\/main>/.exec(registerutdragHtml(report))![1]!;
    const unescape = (s: string) =>
      s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
    const segments = main
      .split(/<[^>]+>/)
      .map((s) => unescape(s).trim())
      .filter((s) => s.length > 0);
    expect(segments.length).toBeGreaterThan(40);
    for (const segment of segments) expect(text).toContain(segment);
  });

  it('wraps long message bodies and keeps their line breaks', () => {
    const long = 'Hej Anna! Beslutet om ditt bistånd är klart och du kan läsa det i bilagan. '.repeat(30).trim();
    const paragraphs = 'Första stycket.\n\nAndra stycket (med parentes) och \\ snedstreck.\r\nTredje raden.';
    const withBodies = registerutdragFixture({
      services: [{ service: 'messages', records: [conversationRecord(2, (i) => (i === 1 ? long : paragraphs))] }],
    });
    const out = registerutdragPdf(withBodies);
    const lines = shown(out).filter((l) => l.size === 10);
    const start = lines.findIndex((l) => l.text.startsWith('Text: Hej Anna!'));
    const end = lines.findIndex((l, i) => i > start && l.text.startsWith('Bilagor'));
    expect(end - start).toBeGreaterThan(20);
    expect(
      lines
        .slice(start, end)
        .map((l) => l.text)
        .join(' '),
    ).toBe(`Text: ${long}`);
    expect(lines.slice(start + 1, end).every((l) => l.x === 90)).toBe(true); // continuations: 78 + 12
    expect(Math.max(...lines.map((l) => l.text.length))).toBeLessThan(110);
    const p = lines.findIndex((l) => l.text === 'Text: Första stycket.');
    expect(lines.slice(p, p + 4).map((l) => [l.text, l.x])).toEqual([
      ['Text: Första stycket.', 78],
      ['', 90],
      ['Andra stycket (med parentes) och \\ snedstreck.', 90],
      ['Tredje raden.', 90],
    ]);
  });

  it('runs over pages with numbered footers, never ending a page on a heading', () => {
    const many = registerutdragFixture({
      services: [
        {
          service: 'messages',
          decision: report.services[0]!.decision!,
          records: [conversationRecord(40, (i) => `Meddelande ${i}. ${'Text '.repeat(40)}`)],
        },
      ],
    });
    const out = registerutdragPdf(many);
    const count = pages(out);
    expect(count).toBeGreaterThan(3);
    for (let page = 1; page <= count; page++)
      expect(pageLines(out)[page - 1]!.at(-1)).toMatchObject({
        tag: 'Artifact',
        text: `Registerutdrag · Behandling, säkra meddelanden · sida ${page} av ${count}`,
      });
    for (let i = 1; i <= 40; i++) expect(bodyText(out)).toContain(`Text: Meddelande ${i}. Text`);
    for (const page of pageLines(out).slice(0, -1)) expect(page.filter((l) => l.tag !== 'Artifact').at(-1)!.bold).toBe(false);
  });

  it('breaks a long record between list items, so the next record need not wait for a fresh page', () => {
    const long = 'Hej Anna! Beslutet om ditt bistånd är klart och du kan läsa det i bilagan. '.repeat(6).trim();
    const out = registerutdragPdf(
      registerutdragFixture({
        services: [
          { service: 'messages', records: [...report.services[0]!.records, conversationRecord(3, (i) => (i === 2 ? long : 'Kort.'))] },
        ],
      }),
    );
    const streams = pageLines(out);
    const pageOf = (t: string) => streams.findIndex((page) => page.some((l) => l.text === t));
    expect(streams.length).toBeGreaterThan(1);
    expect(pageOf('Antal meddelanden: 3')).toBe(pageOf('Antal meddelanden: 2')); // the second record starts under the first
    expect(pageOf('3. Nummer: 3')).toBeGreaterThan(pageOf('Antal meddelanden: 3')); // and its messages run on
  });

  it('shows a service without data, one without a decision, nulls, deep values as JSON, and no processing for portability', () => {
    const odd = registerutdragPdf(
      registerutdragFixture({
        request: { ...report.request, kind: 'portability' },
        processing: undefined,
        controller: undefined,
        services: [
          { service: 'messages', records: [] },
          { service: 'other', records: [{ a: null, n: 3, t: true, c: { d: { e: { f: { g: { h: { i: 1 } } } } } }, l: [{}, 'x'] }] },
        ],
      }),
    );
    const t = bodyText(odd);
    expect(t).toContain('dataportabilitet (artikel 20)');
    expect(t).not.toContain('Personuppgiftsansvarig');
    expect(t).not.toContain('Ändamål');
    expect(t).toContain('Tjänst: messages Inga uppgifter.');
    expect(t).toContain('Tjänst: other a: n: 3 t: true c: d: e: f: g: h: {"i":1} l: 1. 2. x');
    expect(odd.toString('latin1')).not.toContain('/Author');
  });

  (pdftotextAvailable ? it : it.skip)('reads back with pdftotext (poppler)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'registerutdrag-pdf-'));
    try {
      const file = join(dir, 'registerutdrag.pdf');
      writeFileSync(file, pdf);
      const read = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(read).toContain('Registerutdrag');
      expect(read).toContain('Ämne: Kallelse till möte (ekonomiskt bistånd)');
      expect(read).toContain('Text: Meddelande 1 från enheten.');
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toContain('Registerutdrag – Behandling, säkra meddelanden');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

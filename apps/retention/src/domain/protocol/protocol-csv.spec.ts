import { describe, expect, it } from '@jest/globals';

import { appendEntry } from './protocol-entry.js';
import { protocolChain, protocolDraft } from './protocol-entry.fixtures.js';
import { csvField, PROTOCOL_CSV_HEADERS, renderProtocolCsv } from './protocol-csv.js';

/** A strict RFC 4180 reader: records end in CRLF, quoted fields may hold anything, "" is a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quote');
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        field += '"';
        i++;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  if (record.length > 0) throw new Error('last record without CRLF');
  return records;
}

function decode(csv: Buffer): string {
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return csv.subarray(3).toString('utf8');
}

describe('renderProtocolCsv', () => {
  it('starts with a UTF-8 byte order mark and keeps åäö as UTF-8', () => {
    const csv = renderProtocolCsv(protocolChain(1));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.includes(Buffer.from('Löpnummer,Körning', 'utf8'))).toBe(true);
  });

  it('writes the Swedish headers in order', () => {
    const [header] = parseCsv(decode(renderProtocolCsv([])));
    expect(header).toEqual([
      'Löpnummer',
      'Körning',
      'Regel',
      'Regelversion',
      'Enhet',
      'Informationstyp',
      'Åtgärd',
      'Gallringsfrist',
      'Beslutande organ',
      'Beslutsdatum',
      'Diarienummer',
      'Paragraf/punkt',
      'Räknas från',
      'Avgränsning (före)',
      'Kräver arkiverat',
      'Kandidater',
      'Gallringsstopp',
      'Blockerade (ej arkiverade)',
      'Gallrade',
      'Metod',
      'Start',
      'Slut',
      'Utförd av',
      'Godkänd av',
      'Anmärkning',
      'Hash över gallrade id',
      'Föregående hash',
      'Hash',
    ]);
    expect(PROTOCOL_CSV_HEADERS).toEqual(header);
  });

  it('writes one CRLF-terminated row per entry, with every column', () => {
    const entries = protocolChain(5);
    const text = decode(renderProtocolCsv(entries));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const [, ...rows] = parseCsv(text);
    expect(rows).toHaveLength(5);
    const byHeader = (row: string[]) => Object.fromEntries(PROTOCOL_CSV_HEADERS.map((h, i) => [h, row[i]]));
    const third = byHeader(rows[2]!);
    const e = entries[2]!;
    expect(third).toMatchObject({
      Löpnummer: '3',
      Körning: e.runId,
      Regelversion: '3',
      Åtgärd: 'Gallra',
      Gallringsfrist: 'P2Y',
      'Beslutande organ': 'Socialnämnden',
      Diarienummer: 'SN 2025/103',
      'Paragraf/punkt': '§ 45',
      'Räknas från': 'Konversationen avslutad',
      'Kräver arkiverat': 'Ja',
      Anmärkning: '',
      Kandidater: String(e.counts.candidates),
      Gallringsstopp: '4',
      'Blockerade (ej arkiverade)': '6',
      Gallrade: String(e.counts.deleted),
      Metod: 'Kryptoradering (nycklar förstörda)',
      Start: e.startedAt,
      'Hash över gallrade id': e.deletedIdsSha256,
      'Föregående hash': entries[1]!.hash,
      Hash: e.hash,
    });
    for (const row of rows) expect(row).toHaveLength(PROTOCOL_CSV_HEADERS.length);
  });

  it('quotes fields with commas and quotes, doubling the quotes', () => {
    const draft = protocolDraft(1);
    const entry = appendEntry(undefined, {
      ...draft,
      decision: { ...draft.decision, body: 'Social- och omsorgsnämnden, "SON"' },
    });
    const text = decode(renderProtocolCsv([entry]));
    expect(text).toContain(',"Social- och omsorgsnämnden, ""SON""",');
    expect(parseCsv(text)[1]![8]).toBe('Social- och omsorgsnämnden, "SON"');
  });

  it('escapes single fields by RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hej"')).toBe('"say ""hej"""');
    expect(csvField('rad 1\r\nrad 2')).toBe('"rad 1\r\nrad 2"');
    expect(csvField('rad 1\nrad 2')).toBe('"rad 1\nrad 2"');
    expect(csvField(42)).toBe('42');
    expect(csvField('')).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-1+1')).toBe("'-1+1");
    const entry = appendEntry(undefined, protocolDraft(1, { executedBy: '+svc' }));
    expect(parseCsv(decode(renderProtocolCsv([entry])))[1]![PROTOCOL_CSV_HEADERS.indexOf('Utförd av')]).toBe("'+svc");
  });
});

// The gallringsprotokoll as the archive gets it, validated by veraPDF, the PDF/A reference validator,
// against the PDF/A-2a profile (ISO 19005-2 level A: embedded fonts, Unicode text, XMP, output intent,
// tagged structure). veraPDF comes from Maven Central into the cache on first use
// (scripts/infra/verapdf.mjs, run as a process: apps never import scripts/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from '@jest/globals';
import { readTextPdf } from '@insyn/pdf';

import { protocolChain, protocolDraft } from './protocol-entry.fixtures.js';
import { renderProtocolPdf } from './protocol-pdf.js';

/** veraPDF's verdict per file, from scripts/infra/verapdf.mjs run as a command. */
function validatePdfA(files: string[]): { file: string; passed: boolean; report: string }[] {
  const script = resolve(import.meta.dirname, '../../../../../scripts/infra/verapdf.mjs');
  return JSON.parse(
    execFileSync(process.execPath, [script, '--flavour', '2a', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
  ) as {
    file: string;
    passed: boolean;
    report: string;
  }[];
}

describe('the gallringsprotokoll PDF (veraPDF)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'insyn-pdfa-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('conforms to PDF/A-2a; the same file without /Marked true does not', () => {
    const remark = 'Kontrollerad av Åsa Öberg och Čuovga Ŋuolja (sámegiella).';
    const chain = protocolChain(30, (n) => protocolDraft(n, n === 3 ? { remark } : {}));
    const protocol = renderProtocolPdf(chain, { organisation: 'Socialnämnden, Åre kommun', exportedAt: new Date('2026-11-23T15:30:00Z') });
    // The same protocol marked as not tagged: veraPDF must refuse it (the check can fail).
    const unmarked = Buffer.from(protocol.toString('latin1').replace('/Marked true', '/Marked null'), 'latin1');
    expect(unmarked.length).toBe(protocol.length);
    writeFileSync(join(dir, 'protocol.pdf'), protocol);
    writeFileSync(join(dir, 'unmarked.pdf'), unmarked);

    const [valid, invalid] = validatePdfA([join(dir, 'protocol.pdf'), join(dir, 'unmarked.pdf')]);
    expect(valid!.report).toMatch(/^PASS /);
    expect(invalid!.passed).toBe(false);
    expect(invalid!.report).toContain('6.7.2.2-1'); // the MarkInfo rule
    expect(
      readTextPdf(protocol)
        .flat()
        .map((l) => l.text),
    ).toContain(`Anmärkning: ${remark}`);
  }, 180_000);
});

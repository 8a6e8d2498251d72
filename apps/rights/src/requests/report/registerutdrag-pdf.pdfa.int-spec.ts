// The registerutdrag PDF validated by veraPDF, the PDF/A reference validator, against the PDF/A-2a profile
// (ISO 19005-2 level A). veraPDF comes from Maven Central into the cache on first use
// (scripts/infra/verapdf.mjs, run as a process: apps never import scripts/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from '@jest/globals';

import { conversationRecord, registerutdragFixture } from './registerutdrag.factory.js';
import { registerutdragPdf } from './registerutdrag-pdf.js';

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

describe('the registerutdrag PDF (veraPDF)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'insyn-pdfa-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('conforms to PDF/A-2a, over several pages with headings, lists and wrapped message bodies', () => {
    const long = 'Hej Åsa! Beslutet om ditt bistånd är klart – läs det i bilagan (beslut.pdf). '.repeat(12).trim();
    const report = registerutdragPdf(
      registerutdragFixture({
        services: [
          {
            service: 'messages',
            decision: { outcome: 'done', ground: 'Begäran tillgodoses', law: 'GDPR art. 15–21' },
            records: [conversationRecord(12, (i) => (i % 3 === 0 ? long : `Meddelande ${i}: Buorre beaivi, Čuovga Ŋuolja!`))],
          },
        ],
      }),
    );
    writeFileSync(join(dir, 'registerutdrag.pdf'), report);
    const [result] = validatePdfA([join(dir, 'registerutdrag.pdf')]);
    expect(result!.report).toMatch(/^PASS /);
    expect(report.toString('latin1').match(/\/Type \/Page\b(?!s)/g)!.length).toBeGreaterThan(1);
  }, 180_000);
});

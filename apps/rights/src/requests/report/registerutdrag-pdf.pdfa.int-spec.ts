// The registerutdrag PDF validated by veraPDF, the PDF/A reference validator, against the PDF/A-2a profile
// (ISO 19005-2 level A). veraPDF comes from Maven Central into the cache on first use
// (validatePdfA of @insyn/testing, which runs scripts/infra/verapdf.mjs as a process).
import { describe, expect, it } from '@jest/globals';
import { validatePdfA } from '@insyn/testing';

import { conversationRecord, registerutdragFixture } from './registerutdrag.factory.js';
import { registerutdragPdf } from './registerutdrag-pdf.js';

describe('the registerutdrag PDF (veraPDF)', () => {
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
    const [result] = validatePdfA({ 'registerutdrag.pdf': report });
    expect(result!.report).toMatch(/^PASS /);
    expect(report.toString('latin1').match(/\/Type \/Page\b(?!s)/g)!.length).toBeGreaterThan(1);
  }, 180_000);
});

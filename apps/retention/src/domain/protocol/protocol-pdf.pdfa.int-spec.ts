// The gallringsprotokoll as the archive gets it, validated by veraPDF, the PDF/A reference validator,
// against the PDF/A-2a profile (ISO 19005-2 level A: embedded fonts, Unicode text, XMP, output intent,
// tagged structure). veraPDF comes from Maven Central into the cache on first use
// (validatePdfA of @insyn/testing, which runs scripts/infra/verapdf.mjs as a process).
import { describe, expect, it } from '@jest/globals';
import { readTextPdf } from '@insyn/pdf';
import { validatePdfA } from '@insyn/testing';

import { protocolChain, protocolDraft } from './protocol-entry.fixtures.js';
import { renderProtocolPdf } from './protocol-pdf.js';

describe('the gallringsprotokoll PDF (veraPDF)', () => {
  it('conforms to PDF/A-2a; the same file without /Marked true does not', () => {
    const remark = 'Kontrollerad av Åsa Öberg och Čuovga Ŋuolja (sámegiella).';
    const chain = protocolChain(30, (n) => protocolDraft(n, n === 3 ? { remark } : {}));
    const protocol = renderProtocolPdf(chain, { organisation: 'Socialnämnden, Åre kommun', exportedAt: new Date('2026-11-23T15:30:00Z') });
    // The same protocol marked as not tagged: veraPDF must refuse it (the check can fail).
    const unmarked = Buffer.from(protocol.toString('latin1').replace('/Marked true', '/Marked null'), 'latin1');
    expect(unmarked.length).toBe(protocol.length);

    const [valid, invalid] = validatePdfA({ 'protocol.pdf': protocol, 'unmarked.pdf': unmarked });
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

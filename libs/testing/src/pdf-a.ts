// PDF/A conformance for the tests of the PDFs the apps write (the gallringsprotokoll, the registerutdrag):
// veraPDF, the reference validator, through scripts/infra/verapdf.mjs run as a command (libraries never
// import scripts/; it fetches veraPDF from Maven Central into the cache on first use).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** veraPDF's verdict on one file: whether it passed, and its lines about it (the numbers of the rules it broke). */
export interface PdfAVerdict {
  file: string;
  passed: boolean;
  report: string;
}

const VERAPDF = resolve(import.meta.dirname, '../../../scripts/infra/verapdf.mjs');

/**
 * veraPDF's verdict on each PDF against a PDF/A profile (`flavour`, PDF/A-2a unless told), in the order
 * given, in one JVM. The PDFs are written under their names to a temporary folder, removed afterwards.
 */
export function validatePdfA(pdfs: Record<string, Buffer>, flavour = '2a'): PdfAVerdict[] {
  const dir = mkdtempSync(join(tmpdir(), 'insyn-pdfa-'));
  try {
    const files = Object.entries(pdfs).map(([name, pdf]) => {
      writeFileSync(join(dir, name), pdf);
      return join(dir, name);
    });
    const out = execFileSync(process.execPath, [VERAPDF, '--flavour', flavour, ...files], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out) as PdfAVerdict[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cached veraPDF command-line application's folder (fetched from Maven Central on first use). */
export function ensureVeraPdf(): Promise<string>;
/** Validates PDF files against a PDF/A profile (`flavour`, default `2a`): per file, passed and veraPDF's report lines. */
export function validatePdfA(files: string[], flavour?: string): Promise<{ file: string; passed: boolean; report: string }[]>;

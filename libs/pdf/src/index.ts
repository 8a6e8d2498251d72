export * from './helvetica.js';
export * from './pdf-file.js';
export * from './text-pdf.js';
export * from './win-ansi.js';

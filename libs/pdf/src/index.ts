export * from './fonts.js';
export * from './pdf-file.js';
export * from './read-text.js';
export * from './text-pdf.js';
export * from './truetype.js';

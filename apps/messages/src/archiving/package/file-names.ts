/**
 * Turns a user-supplied attachment name into one safe path segment for the zip and the archive's file
 * system: no separators, no `..`, no control or Windows-reserved characters, no reserved device names,
 * at most 120 UTF-8 bytes with the extension kept. The original name is kept in the metadata
 * (METS ORIGINALFILENAME / xlink:title and conversation.json), never lost.
 */
export function sanitizeFileName(original: string, fallback = 'attachment'): string {
  let name = original
    .normalize('NFC')
    // Separators, Windows-reserved characters, C0/C1 controls, bidi overrides and other invisibles.
    // eslint-disable-next-line no-control-regex
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    // Leading dots would make hidden files or `..`; trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (name === '') name = fallback;
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  return truncateUtf8(name, MAX_BYTES);
}

const MAX_BYTES = 120;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

function truncateUtf8(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name, 'utf8') <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  let stem = ext ? name.slice(0, dot) : name;
  const budget = maxBytes - Buffer.byteLength(ext, 'utf8');
  // Cut by code point, never inside a surrogate pair.
  const points = Array.from(stem);
  while (Buffer.byteLength(stem, 'utf8') > budget && points.length > 0) {
    points.pop();
    stem = points.join('');
  }
  return `${stem.replace(/[.\s]+$/, '') || 'attachment'}${ext}`;
}

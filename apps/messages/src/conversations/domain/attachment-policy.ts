import type { ContractViolation } from '@insyn/contracts';

/** The first bytes each allowed type must start with: the declared type is checked against the content. */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

export interface AttachmentPolicy {
  maxBytes: number;
  types: string[];
}

/** A file name safe to show and to put in an archive: no path, no control characters, at most 200 characters. */
export function safeFileName(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop()!.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex
  if (!base || base === '.' || base === '..' || base.length > 200 || /[\u0000-\u001f\u007f]/.test(base)) return undefined;
  return base;
}

/** Everything wrong with one attachment, as problem `errors` entries; empty when it is acceptable. */
export function checkAttachment(
  index: number,
  file: { fileName: string; mimeType: string; content: Buffer },
  policy: AttachmentPolicy,
): ContractViolation[] {
  const field = `attachments[${index}]`;
  const messages: string[] = [];
  if (!safeFileName(file.fileName)) messages.push('fileName must be a plain file name of at most 200 characters');
  if (!policy.types.includes(file.mimeType)) messages.push(`mimeType ${file.mimeType} is not allowed; allowed: ${policy.types.join(', ')}`);
  else if (!SIGNATURES[file.mimeType]?.(file.content)) messages.push(`the content is not a ${file.mimeType} file`);
  if (file.content.length === 0) messages.push('the file is empty');
  if (file.content.length > policy.maxBytes)
    messages.push(`the file is ${file.content.length} bytes; at most ${policy.maxBytes} are allowed`);
  return messages.length ? [{ field, messages }] : [];
}

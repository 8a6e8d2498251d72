/**
 * What may be signed: BankID shows `userVisibleData` (simpleMarkdownV1) and takes at most 1 500 characters
 * of it after base64 encoding (research notes 1.1), so the text is at most 1 125 bytes of UTF-8. Plain
 * text with line breaks; no other control characters (they would be shown as boxes, or hide text).
 */
export const MAX_SIGN_TEXT_BASE64 = 1_500;

export function signTextProblem(text: string): string | undefined {
  if (text.trim().length === 0) return 'must not be empty';
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/.test(text)) return 'may hold no control characters other than line breaks';
  if (Buffer.from(text, 'utf8').toString('base64').length > MAX_SIGN_TEXT_BASE64)
    return `is too long for BankID: at most ${MAX_SIGN_TEXT_BASE64} characters once base64 encoded (about 1 100 bytes of UTF-8)`;
  return undefined;
}

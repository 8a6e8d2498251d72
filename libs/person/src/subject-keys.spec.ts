import { describe, expect, it } from '@jest/globals';
import { SubjectKeys } from './subject-keys.js';

const secretA = 'a'.repeat(32);
const secretB = 'b'.repeat(32);

describe('SubjectKeys', () => {
  it('is deterministic', () => {
    expect(new SubjectKeys(secretA).of('199908072391')).toBe(new SubjectKeys(secretA).of('199908072391'));
  });

  it('depends on the secret and on the number', () => {
    const a = new SubjectKeys(secretA);
    expect(a.of('199908072391')).not.toBe(new SubjectKeys(secretB).of('199908072391'));
    expect(a.of('199908072391')).not.toBe(a.of('195006262546'));
  });

  it('is versioned, URL-safe and does not contain the number', () => {
    const key = new SubjectKeys(Buffer.alloc(32, 7)).of('199908072391');
    expect(key).toMatch(/^sk1_[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('19990807');
    // The contracts' envelope rule for subjectKey.
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
  });

  it('matches HMAC-SHA256 of the 12 digits', () => {
    // Computed independently: printf 199908072391 | openssl dgst -sha256 -hmac aaaa…(32) -binary | base64url
    expect(new SubjectKeys(secretA).of('199908072391')).toBe(`sk1_${EXPECTED_A}`);
  });

  it.each(['short', Buffer.alloc(31)])('refuses a secret shorter than 32 bytes', (secret) => {
    expect(() => new SubjectKeys(secret)).toThrow(RangeError);
  });

  it.each(['990807-2391', '19990807-2391', '9908072391', ''])('accepts only 12 digits, not %p', (input) => {
    expect(() => new SubjectKeys(secretA).of(input)).toThrow(TypeError);
  });
});

const EXPECTED_A = '_oA1gdBhPqxBG9f4qzPg7XZRFKIYvs4kzJ6R42uff3o';

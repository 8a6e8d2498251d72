import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { EnvelopeCipher } from './envelope-cipher.js';
import { DecryptionError } from './errors.js';
import { KeyProvider } from './key-provider.js';
import { StaticKeyProvider } from './static-key-provider.js';

const cipher = new EnvelopeCipher(StaticKeyProvider.random());
const key = (): Buffer => randomBytes(32);
const AAD = 'conv-1/msg-1/body';

// Layout of version 1: version(1) | IV(12) | ciphertext | tag(16).
const VERSION = 0;
const IV = 1;
const TAG_BYTES = 16;

describe('EnvelopeCipher', () => {
  it.each([
    ['a text', 'Hej! Ditt ärende om bygglov är mottaget. 🏠'],
    ['an empty text', ''],
    ['bytes', randomBytes(1000)],
    ['a 25 MB attachment', randomBytes(25 * 1024 * 1024)],
  ])('round-trips %s', (_, plaintext) => {
    const dataKey = key();
    const sealed = cipher.encrypt(dataKey, plaintext, AAD);
    const expected = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    expect(sealed.length).toBe(1 + 12 + expected.length + 16);
    expect(cipher.decrypt(dataKey, sealed, AAD).equals(expected)).toBe(true);
  });

  it('round-trips the base64url string form', () => {
    const dataKey = key();
    const text = 'Kallelse till möte den 3 mars';
    const sealed = cipher.encryptToString(dataKey, text, AAD);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cipher.decryptToString(dataKey, sealed, AAD)).toBe(text);
    expect(cipher.decrypt(dataKey, Buffer.from(sealed, 'base64url'), AAD).toString('utf8')).toBe(text);
  });

  it('is self-describing: version byte 1, then a fresh random IV each time', () => {
    const dataKey = key();
    const a = cipher.encrypt(dataKey, 'same', AAD);
    const b = cipher.encrypt(dataKey, 'same', AAD);
    expect(a[VERSION]).toBe(0x01);
    expect(a.subarray(IV, IV + 12).equals(b.subarray(IV, IV + 12))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  const sealed = (): { dataKey: Buffer; ciphertext: Buffer } => {
    const dataKey = key();
    return { dataKey, ciphertext: cipher.encrypt(dataKey, 'Beslut: bifall', AAD) };
  };

  it.each([
    ['the version byte', () => VERSION],
    ['the first IV byte', () => IV],
    ['the last IV byte', () => IV + 11],
    ['the first ciphertext byte', () => IV + 12],
    ['the last ciphertext byte', (c: Buffer) => c.length - TAG_BYTES - 1],
    ['the first tag byte', (c: Buffer) => c.length - TAG_BYTES],
    ['the last tag byte', (c: Buffer) => c.length - 1],
  ])('throws DecryptionError when %s is altered', (_, offset) => {
    const { dataKey, ciphertext } = sealed();
    const i = offset(ciphertext);
    ciphertext[i] = ciphertext[i]! ^ 0x01;
    expect(() => cipher.decrypt(dataKey, ciphertext, AAD)).toThrow(DecryptionError);
  });

  it('throws DecryptionError for a truncated, extended or empty ciphertext', () => {
    const { dataKey, ciphertext } = sealed();
    expect(() => cipher.decrypt(dataKey, ciphertext.subarray(0, ciphertext.length - 1), AAD)).toThrow(DecryptionError);
    expect(() => cipher.decrypt(dataKey, Buffer.concat([ciphertext, Buffer.of(0)]), AAD)).toThrow(DecryptionError);
    expect(() => cipher.decrypt(dataKey, ciphertext.subarray(0, 28), AAD)).toThrow(DecryptionError);
    expect(() => cipher.decrypt(dataKey, Buffer.alloc(0), AAD)).toThrow(DecryptionError);
    expect(() => cipher.decrypt(dataKey, 'not base64url!', AAD)).toThrow(DecryptionError);
  });

  it('throws DecryptionError with another data key', () => {
    const { ciphertext } = sealed();
    expect(() => cipher.decrypt(key(), ciphertext, AAD)).toThrow(DecryptionError);
  });

  it.each(['conv-1/msg-2/body', 'conv-2/msg-1/body', 'conv-1/msg-1/body '])('throws DecryptionError with another aad (%p)', (aad) => {
    const { dataKey, ciphertext } = sealed();
    expect(() => cipher.decrypt(dataKey, ciphertext, aad)).toThrow(DecryptionError);
  });

  it('refuses a key of the wrong size, an erased (zeroed) key and an empty aad', () => {
    expect(() => cipher.encrypt(randomBytes(16), 'x', AAD)).toThrow(RangeError);
    expect(() => cipher.encrypt(Buffer.alloc(32), 'x', AAD)).toThrow(/erased/);
    expect(() => cipher.encrypt(key(), 'x', '')).toThrow(TypeError);
  });

  it('leaves no readable text in a "database dump"', async () => {
    const sentence = 'Anna Andersson, 19990807-2391, har fått beslut om försörjningsstöd från socialtjänsten.';
    const conversationId = 'conv-7f3a';
    const { dataKey, wrapped } = await cipher.newDataKey(conversationId);
    const stored = {
      conversations: [{ _id: conversationId, body: cipher.encryptToString(dataKey, sentence, `${conversationId}/m1/body`) }],
      binary: cipher.encrypt(dataKey, sentence, `${conversationId}/m1/attachment`),
      dataKeys: [{ _id: conversationId, ...wrapped }],
    };
    // A dump as a tool would write it: JSON, binary fields as base64 and hex, and the raw bytes.
    const dump = [
      JSON.stringify(stored),
      stored.binary.toString('base64'),
      stored.binary.toString('hex'),
      stored.binary.toString('latin1'),
      Buffer.from(stored.conversations[0]!.body, 'base64url').toString('latin1'),
    ].join('\n');

    const utf8 = Buffer.from(sentence, 'utf8');
    for (let i = 0; i + 8 <= utf8.length; i++) {
      const piece = utf8.subarray(i, i + 8);
      expect(dump.includes(piece.toString('latin1'))).toBe(false);
      expect(dump.includes(piece.toString('utf8'))).toBe(false);
    }
    expect(dump).not.toContain(dataKey.toString('base64'));
    expect(dump).not.toContain(dataKey.toString('base64url'));
    expect(dump).not.toContain(dataKey.toString('hex'));
    // ...and the owner of the KEK still reads it.
    const reopened = await cipher.openDataKey(wrapped, conversationId);
    expect(cipher.decryptToString(reopened, stored.conversations[0]!.body, `${conversationId}/m1/body`)).toBe(sentence);
  });
});

describe('EnvelopeCipher in Nest', () => {
  it('gets its KeyProvider through the abstract class token', async () => {
    const keys = StaticKeyProvider.random('nest-kek');
    const moduleRef = await Test.createTestingModule({ providers: [{ provide: KeyProvider, useValue: keys }, EnvelopeCipher] }).compile();
    const { wrapped } = await moduleRef.get(EnvelopeCipher).newDataKey('conv-1');
    expect(wrapped.kekId).toBe('nest-kek');
  });
});

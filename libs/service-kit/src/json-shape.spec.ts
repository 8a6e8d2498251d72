import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { jsonShapeViolation, verifyJsonShape } from './json-shape.js';

const nested = (levels: number, inner = '1') => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;
const shape = (text: string, limits?: { maxDepth: number; maxValues: number }) => jsonShapeViolation(Buffer.from(text), limits);

describe('jsonShapeViolation', () => {
  it('lets ordinary bodies through, the deepest DTO we have included (the Umeå notice)', () => {
    expect(shape('{"grant_type":"client_credentials","scope":"messages:send"}')).toBeUndefined();
    const notice = YAML.parse(fs.readFileSync('apps/notice/seed/umea-behandling-sakra-meddelanden.yaml', 'utf8')) as unknown;
    expect(shape(JSON.stringify({ notice, note: 'wrapped twice' }))).toBeUndefined();
    expect(shape(JSON.stringify(notice, null, 2))).toBeUndefined();
    expect(shape(nested(32))).toBeUndefined();
  });

  it('refuses a body nested deeper than the limit, in arrays or objects', () => {
    expect(shape(`{"grant_type":${nested(3000)}}`)).toMatch(/nested deeper than 32 levels/);
    expect(shape(nested(33))).toMatch(/deeper than 32/);
    expect(shape(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)).toMatch(/deeper than 32/);
    expect(shape(nested(5), { maxDepth: 4, maxValues: 100 })).toMatch(/deeper than 4/);
  });

  it('does not count brackets, commas or quotes inside strings, escaped quotes included', () => {
    expect(shape(JSON.stringify({ text: '['.repeat(5000) + ',:'.repeat(30_000) }))).toBeUndefined();
    expect(shape(JSON.stringify({ text: 'a "quoted" [[[ \\ ]]] \\"' + '{'.repeat(100) }))).toBeUndefined();
    // An escaped quote does not end the string; an escaped backslash before a quote does.
    expect(shape(`["\\"${'['.repeat(100)}"]`)).toBeUndefined();
    expect(shape(`["\\\\"${'['.repeat(100)}`)).toMatch(/deeper/);
  });

  it('refuses a body with too many values (wide, not deep)', () => {
    expect(shape(`[${Array(20_001).fill('1').join(',')}]`)).toMatch(/more than 20000 values/);
    expect(shape(JSON.stringify(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i]))))).toMatch(/values/);
    expect(shape(`[${Array(5_000).fill('{"a":1}').join(',')}]`)).toBeUndefined();
  });

  it('reads a large string-heavy body quickly (a 30 MB base64 attachment)', () => {
    const body = Buffer.from(JSON.stringify({ attachments: [{ content: Buffer.alloc(22 * 1024 * 1024, 7).toString('base64') }] }));
    const started = performance.now();
    expect(jsonShapeViolation(body)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('verifyJsonShape (body-parser verify hook)', () => {
  it('throws a 400 error body-parser keeps, and a 415 for JSON that is not UTF-8', () => {
    const verify = verifyJsonShape();
    expect(() => verify({}, {}, Buffer.from('{"a":[1]}'), 'utf-8')).not.toThrow();
    const thrown = (buf: Buffer, encoding: string) => {
      try {
        verify({}, {}, buf, encoding);
      } catch (err) {
        return err as { status: number; message: string };
      }
      throw new Error('did not throw');
    };
    expect(thrown(Buffer.from(nested(100)), 'utf-8')).toMatchObject({ status: 400, message: expect.stringMatching(/deeper/) });
    expect(thrown(Buffer.from('{"a":1}', 'utf16le'), 'utf-16le')).toMatchObject({ status: 415 });
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createPinoLogger, findPersonnummer, scrubPersonalData } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('logging without personal data', () => {
  it.each(['199001011234', '19900101-1234', '900101-1234', '9001011234', '20121212+1212'])(
    'scrubs the personnummer %s from text',
    (pnr) => {
      expect(scrubPersonalData(`lookup for ${pnr} failed`)).toBe('lookup for [personnummer] failed');
    },
  );

  it('leaves ordinary numbers alone', () => {
    expect(scrubPersonalData('took 1234 ms, order 12345')).toBe('took 1234 ms, order 12345');
  });

  it('redacts personal fields and secrets in logged objects and scrubs messages', () => {
    const { lines, stream } = capture();
    const log = createPinoLogger('test', 'info', stream);
    log.info(
      { user: { personnummer: '199001011234', name: 'ok' }, req: { headers: { authorization: 'Bearer x' } } },
      'citizen 19900101-1234 signed in',
    );
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(JSON.stringify(line)).not.toMatch(/199001011234|19900101-1234|Bearer x/);
    expect(line).toMatchObject({
      service: 'test',
      level: 'info',
      msg: 'citizen [personnummer] signed in',
      user: { personnummer: '[redacted]', name: 'ok' },
    });
  });

  describe('personnummer hidden in paths', () => {
    // 19990807-2391 and 19121212-1212 are valid (check digit); 20121212+1212 is a centenarian's 10-digit form.
    it.each([
      ['next to a letter', '/v1/notices/a199908072391', '/v1/notices/a[personnummer]'],
      ['between letters', '/v1/x/abc9908072391def', '/v1/x/abc[personnummer]def'],
      ['after an underscore', '/v1/files/report_19990807-2391.pdf', '/v1/files/report_[personnummer].pdf'],
      ['with an underscore as separator', '/v1/x/19990807_2391', '/v1/x/[personnummer]'],
      ['with a percent-encoded hyphen', '/v1/x/19990807%2D2391', '/v1/x/[personnummer]'],
      ['with a lower-case percent-encoded hyphen', '/v1/x/19990807%2d2391', '/v1/x/[personnummer]'],
      ['with a percent-encoded plus (10 digits)', '/v1/x/121212%2B1212', '/v1/x/[personnummer]'],
      ['with a percent-encoded space', '/v1/x?q=19990807%202391', '/v1/x?q=[personnummer]'],
      ['with percent-encoded digits', '/v1/x/%31%39%39%39%30%38%30%37%32%33%39%31', '/v1/x/[personnummer]'],
      ['double-encoded', '/v1/x/19990807%252D2391', '/v1/x/[personnummer]'],
      ['with an en dash', '/v1/x/19990807\u20132391', '/v1/x/[personnummer]'],
      ['with an encoded en dash', '/v1/x/19990807%E2%80%932391', '/v1/x/[personnummer]'],
      ['in full-width digits', 'x １９９９０８０７２３９１', 'x [personnummer]'],
      ['a samordningsnummer', '/v1/x/id199908672398', '/v1/x/id[personnummer]'],
    ])('masks one %s', (_, text, masked) => {
      expect(scrubPersonalData(text)).toBe(masked);
      expect(findPersonnummer(text)).toHaveLength(1);
    });

    it('leaves ids and timestamps with ten or twelve digits that are no personnummer alone, and URLs as they were', () => {
      for (const text of [
        'order a1234567890b', // no valid date and check digit
        'at 1733318400123 ms', // 13 digits
        'id 01a241fc-1a08-773b-b7a1-ec4f8e6e0b10',
        '/v1/notices/a%20b?x=%2F',
      ]) {
        expect(scrubPersonalData(text)).toBe(text);
        expect(findPersonnummer(text)).toEqual([]);
      }
    });

    it('leaves the digits of random hex ids alone, though ten of them can pass as a personnummer', () => {
      // The correlation id CI once flagged: its last group holds 8507070004, a valid 10-digit form.
      const ids = [
        '"correlationId":"01a2436f-6b01-72cd-8214-ab8507070004"',
        '"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736ab8507070004cd","span_id":"ab8507070004cdef"',
        'digest 0af7651916cd43dd8448eb211c80319c8507070004ffffffffffffffffffff',
        // An OTLP/JSON export names span ids in camel case; CI once flagged 5701027319 in one.
        '"spanId":"e5701027319a4c2b","parentSpanId":"ab8507070004cdef","links":[{"spanId":"5701027319abcdef"}]',
      ];
      for (const text of ids) {
        expect(findPersonnummer(text)).toEqual([]);
        expect(scrubPersonalData(text)).toBe(text);
      }
      // The same digits in a short token, or anywhere else, are still a personnummer.
      expect(findPersonnummer('/v1/x/ab8507070004')).toHaveLength(1);
      expect(findPersonnummer('"msg":"span ab8507070004cdef"')).toHaveLength(1);
      expect(findPersonnummer('"note":"ab8507070004cdef"')).toHaveLength(1);
    });
  });
});

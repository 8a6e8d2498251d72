import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createPinoLogger, scrubPersonalData } from './logger.js';

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
});

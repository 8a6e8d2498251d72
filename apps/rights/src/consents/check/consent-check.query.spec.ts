import { describe, expect, it } from '@jest/globals';
import { ProblemException } from '@insyn/observability';
import { ConsentCheckQueryPipe } from './consent-check.query.js';

const pipe = new ConsentCheckQueryPipe();
const good = { subjectKey: 'sk1_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg', notice: 'sms-avisering', purpose: 'sms-avisering' };

function refusal(query: unknown): { status: number; fields: string[]; body: string } {
  try {
    pipe.transform(query);
  } catch (err) {
    if (!(err instanceof ProblemException)) throw err;
    return { status: err.getStatus(), fields: (err.errors ?? []).map((e) => e.field), body: JSON.stringify(err.getResponse()) };
  }
  throw new Error('accepted');
}

describe('ConsentCheckQueryPipe', () => {
  it('passes a well-formed query through, as plain strings', () => {
    expect(pipe.transform({ ...good })).toEqual(good);
  });

  it.each(['199908072391', '19990807-2391', '990807-2391', '9908072391', '1999080723911234'])(
    'refuses the personnummer-like %s as a subject key, without echoing it',
    (pnr) => {
      const r = refusal({ ...good, subjectKey: pnr });
      expect(r).toMatchObject({ status: 400, fields: ['subjectKey'] });
      expect(r.body).not.toContain(pnr.slice(2, 8));
    },
  );

  it('names every missing, malformed or unknown parameter', () => {
    expect(refusal({})).toMatchObject({ status: 400, fields: ['subjectKey', 'notice', 'purpose'] });
    expect(refusal({ ...good, notice: 'Not A Slug', purpose: ['a', 'b'], extra: '1' }).fields).toEqual(['extra', 'notice', 'purpose']);
    expect(refusal({ ...good, notice: 'a'.repeat(121) }).fields).toEqual(['notice']);
    expect(refusal(undefined).fields).toEqual(['subjectKey', 'notice', 'purpose']);
  });
});

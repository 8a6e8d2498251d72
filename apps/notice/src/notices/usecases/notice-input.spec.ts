import { describe, expect, it } from '@jest/globals';
import { ProblemException } from '@insyn/observability';
import { factory } from '../domain/notice.fixtures.js';
import { NOTICE_SCHEMA } from '../domain/notice.schema.js';
import { assertPublishable, missingFields, parseDraft } from './notice-input.js';

const problemOf = (fn: () => unknown): ProblemException => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProblemException) return err;
    throw err;
  }
  throw new Error('expected a problem');
};

describe('drafts may be incomplete; publishing names what is missing', () => {
  it('stores a draft that has only an id, and names every field it lacks', () => {
    expect(parseDraft({ id: 'nytt-utkast', languages: ['sv'] })).toEqual({ id: 'nytt-utkast', languages: ['sv'] });
    const missing = missingFields({ id: 'nytt-utkast', version: 1, languages: ['sv'] }).map((v) => v.field);
    // Exactly what the JSON Schema requires (less what the draft has): the validator and the schema agree.
    expect(missing.filter((f) => !f.includes('.'))).toEqual(NOTICE_SCHEMA.required!.filter((f) => f !== 'id' && f !== 'languages'));
  });

  it('still refuses what a draft has wrong, and a draft without an id', () => {
    expect(
      problemOf(() => parseDraft({ id: 'utkast', languages: ['sv'], dataCategories: [{ code: 'skostorlek' }] })).errors?.[0]?.field,
    ).toBe('dataCategories[0].code');
    expect(problemOf(() => parseDraft({ title: { sv: 'Utan id' } })).errors?.map((e) => e.field)).toEqual(['id']);
  });

  it('refuses to publish an incomplete notice, naming the missing fields first in words', () => {
    const { purposes: _purposes, ...incomplete } = factory.notice();
    const problem = problemOf(() => assertPublishable(incomplete));
    expect(problem.getStatus()).toBe(422);
    expect((problem.getResponse() as { detail: string }).detail).toBe('The draft is not complete: purposes is missing; see errors.');
    expect(() => assertPublishable(factory.notice())).not.toThrow();
  });
});

import { describe, expect, it } from '@jest/globals';
import { diff } from './json-diff.js';

describe('diff', () => {
  it('reports nothing for equal documents', () => {
    expect(diff({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toEqual([]);
  });

  it('reports added, removed and changed fields by dotted path', () => {
    expect(diff({ title: { sv: 'A' }, gone: 1, list: ['x', 'y'] }, { title: { sv: 'B', en: 'B' }, list: ['x'], added: true })).toEqual([
      { path: 'added', kind: 'added', after: true },
      { path: 'gone', kind: 'removed', before: 1 },
      { path: 'list.1', kind: 'removed', before: 'y' },
      { path: 'title.en', kind: 'added', after: 'B' },
      { path: 'title.sv', kind: 'changed', before: 'A', after: 'B' },
    ]);
  });

  it('treats a type change as a change of the whole value', () => {
    expect(diff({ a: [1] }, { a: { 0: 1 } })).toEqual([{ path: 'a', kind: 'changed', before: [1], after: { 0: 1 } }]);
  });
});

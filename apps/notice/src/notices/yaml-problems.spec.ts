import { describe, expect, it } from '@jest/globals';
import { ProblemException } from '@insyn/observability';
import { parse } from 'yaml';
import { readNoticeBody } from './notice-admin.controller.js';
import { yamlSyntaxProblem } from './yaml-problems.js';

/** The problem readNoticeBody throws for `yaml`, answered in `lang`. */
function refused(yaml: string, lang: 'sv' | 'en') {
  try {
    readNoticeBody(yaml, 'application/yaml', lang);
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemException);
    const problem = err as ProblemException;
    const body = problem.getResponse() as { detail: string; errors: { field: string; messages: string[] }[] };
    return { status: problem.getStatus(), body, headers: (problem as ProblemException & { headers?: Record<string, string> }).headers };
  }
  throw new Error(`the YAML was read: ${yaml}`);
}

describe('a YAML body the parser refuses', () => {
  const broken: [string, string, RegExp][] = [
    ['an unclosed flow sequence', 'id: a\ntitle: [unclosed\n', /varje \[ ha sin \]/],
    ['an unclosed quote', 'id: a\ntitle: "unclosed\n', /avslutande citattecken/],
    ['the same key twice', 'id: a\nid: b\n', /samma nyckel står två gånger/],
    ['a tab as indentation', 'id: a\npurposes:\n\t- x\n', /tabbtecken/],
    ['a key inside a key', 'id: a\n  title: b\n c: d\n', /en nyckel kan inte vara en lista/],
    ['two documents', 'id: a\n---\nid: b\n', /mer än ett YAML-dokument/],
  ];

  it.each(broken)('%s: the place, and what is wrong in Swedish, with Content-Language', (_what, yaml, swedish) => {
    const sv = refused(yaml, 'sv');
    expect(sv.status).toBe(400);
    expect(sv.body.detail).toBe('YAML-texten kunde inte läsas.');
    expect(sv.headers).toEqual({ 'Content-Language': 'sv' });
    expect(sv.body.errors).toHaveLength(1);
    expect(sv.body.errors[0]!.field).toMatch(/^line \d+, column \d+$/);
    expect(sv.body.errors[0]!.messages[0]).toMatch(swedish);
  });

  it.each(broken)('%s: in English, the parser’s own words, as before', (_what, yaml) => {
    const en = refused(yaml, 'en');
    let said = '';
    try {
      parse(yaml, { uniqueKeys: true, maxAliasCount: 100, prettyErrors: true });
    } catch (err) {
      said = (err as Error).message.split('\n')[0]!;
    }
    expect(en.body.detail).toBe('The YAML could not be read.');
    expect(en.headers).toEqual({ 'Content-Language': 'en' });
    expect(en.body.errors[0]!.messages).toEqual([said]);
  });

  it('an alias to no anchor has no place, but is said in Swedish', () => {
    const sv = refused('id: *nowhere\n', 'sv');
    expect(sv.body.errors).toEqual([{ field: '', messages: [expect.stringMatching(/pekar inte på något ankare/)] }]);
    expect(refused('id: *nowhere\n', 'en').body.errors[0]!.messages[0]).toMatch(/^Unresolved alias/);
  });

  it('the same place in both languages', () => {
    const yaml = 'id: a\ntitle: "unclosed\n';
    expect(refused(yaml, 'sv').body.errors[0]!.field).toBe(refused(yaml, 'en').body.errors[0]!.field);
  });

  it('too many aliases (a billion-laughs body) is refused in the answer’s language too', () => {
    const anchors = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      anchors.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const yaml = `${anchors.join('\n')}\n`;
    const sv = refused(yaml, 'sv');
    expect(sv.body.errors[0]!.messages[0]).toMatch(/alias/);
    expect(sv.body.errors[0]!.messages[0]).not.toMatch(/[Ee]xcessive/);
    expect(refused(yaml, 'en').body.errors[0]!.messages[0]).toMatch(/alias/i);
  });

  it('an error that is not the parser’s gets the general text, not a crash', () => {
    const problem = yamlSyntaxProblem(new Error('something else'), 'sv');
    const body = problem.getResponse() as { errors: { field: string; messages: string[] }[] };
    expect(body.errors).toEqual([{ field: '', messages: ['texten kunde inte tolkas som YAML här'] }]);
  });
});

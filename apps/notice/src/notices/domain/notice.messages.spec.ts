import { describe, expect, it } from '@jest/globals';
import { ProblemException } from '@insyn/observability';
import { assertPublishable, missingFields, parseDraft } from '../usecases/notice-input.js';
import { factory, group } from './notice.fixtures.js';
import { type Definition, MESSAGE_LANGUAGES, NOTICE_MESSAGES } from './notice.messages.js';
import type { Notice } from './notice.model.js';
import { validateNotice, type Violation } from './notice.validation.js';
import { noticeWarnings } from './notice.warnings.js';

function plain(fields: Partial<Notice> = {}): Record<string, unknown> {
  return structuredClone(factory.notice(fields)) as unknown as Record<string, unknown>;
}

const messagesAt = (violations: Violation[], field: string) => violations.find((v) => v.field === field)?.messages ?? [];

/**
 * Renders a message with stand-in parameters and records which it reads: each parameter is a one-item
 * list that prints as `‹name›`, so a text may join it, print it or index a table with it.
 */
function render(definition: Definition<unknown>, lang: 'sv' | 'en'): { text: string; read: Set<string> } {
  const read = new Set<string>();
  const params = new Proxy(
    {},
    {
      get: (_target, key) => {
        if (typeof key !== 'string') return undefined;
        read.add(key);
        // `who` names a party from a closed list; the others are values the author wrote.
        if (key === 'who') return 'controller';
        if (key === 'groupId') return 'g';
        return Object.assign([`‹${key}›`], { toString: () => `‹${key}›` });
      },
    },
  );
  return { text: definition[lang](params), read };
}

describe('the notice messages: every one in Swedish and English', () => {
  const entries = Object.entries(NOTICE_MESSAGES) as [string, Definition<unknown>][];

  it.each(entries)('%s has a Swedish and an English text, different, from the same parameters', (_id, definition) => {
    const en = render(definition, 'en');
    const sv = render(definition, 'sv');
    expect(en.text.trim()).not.toBe('');
    expect(sv.text.trim()).not.toBe('');
    expect(sv.text).not.toBe(en.text);
    expect([...sv.read].sort()).toEqual([...en.read].sort());
    for (const key of en.read) if (key !== 'who' && key !== 'groupId') expect(sv.text).toContain(`‹${key}›`);
  });

  it('is answered in the languages the service speaks, English first', () => {
    expect(MESSAGE_LANGUAGES).toEqual(['en', 'sv']);
  });
});

describe('a Swedish request gets Swedish messages', () => {
  const art9WithoutCondition = plain({
    legalBasisGroups: [group('g', ['6.1.e'])],
    dataCategories: [{ code: 'health' }],
  });

  it('validateNotice: the art. 9 rule in Swedish, English unchanged by default', () => {
    expect(messagesAt(validateNotice(art9WithoutCondition), 'dataCategories[0].code')).toEqual([
      '"health" is a special category (GDPR art. 9) but no legal basis has an art. 9.2 condition',
    ]);
    expect(messagesAt(validateNotice(art9WithoutCondition, 'sv'), 'dataCategories[0].code')).toEqual([
      '"health" är känsliga personuppgifter (art. 9) men ingen rättslig grund har ett undantag enligt artikel 9.2 i dataskyddsförordningen',
    ]);
  });

  it('validateNotice: the same fields in both languages, with the parameters in each', () => {
    const broken = plain({ languages: ['sv', 'en'] });
    broken.title = { sv: 'x'.repeat(2001) };
    broken.purposes = [];
    const en = validateNotice(broken, 'en');
    const sv = validateNotice(broken, 'sv');
    expect(sv.map((v) => v.field)).toEqual(en.map((v) => v.field));
    expect(messagesAt(sv, 'title.sv')).toEqual(['är 2001 tecken lång; högst 2000 tecken är tillåtna']);
    expect(messagesAt(sv, 'title.en')).toEqual([
      'texten på engelska måste fyllas i, eftersom behandlingsinformationen anger att den finns på engelska ("en")',
    ]);
    expect(messagesAt(sv, 'purposes')).toEqual(['måste ha minst en rad']);
  });

  it('missingFields and noticeWarnings in Swedish', () => {
    expect(missingFields({ id: 'utkast', version: 1, languages: ['sv'] }, 'sv')).toContainEqual({
      field: 'purposes',
      messages: ['måste fyllas i'],
    });
    const { thirdCountryTransfers: _t, ...silent } = factory.notice();
    expect(noticeWarnings(silent, 'sv')).toContainEqual({
      field: 'thirdCountryTransfers',
      messages: [expect.stringMatching(/^behandlingsinformationen säger inget om överföring/)],
    });
    expect(noticeWarnings(silent)[0]?.messages[0]).toMatch(/^the notice says nothing about transfers/);
  });

  it('parseDraft and assertPublishable: a problem in Swedish that says so in Content-Language', () => {
    let problem: unknown;
    try {
      parseDraft({ id: 'utkast', languages: ['sv'], dataCategories: [{ code: 'skostorlek' }] }, undefined, 'sv');
    } catch (err) {
      problem = err;
    }
    expect(problem).toBeInstanceOf(ProblemException);
    const p = problem as ProblemException & { headers?: Record<string, string> };
    expect(p.headers).toEqual({ 'Content-Language': 'sv' });
    expect(p.errors?.[0]?.messages[0]).toMatch(/^okänd personuppgiftskategori "skostorlek"; använd någon av /);

    const { purposes: _purposes, ...incomplete } = factory.notice();
    try {
      assertPublishable(incomplete, 'sv');
    } catch (err) {
      problem = err;
    }
    const q = problem as ProblemException & { headers?: Record<string, string> };
    expect(q.getStatus()).toBe(422);
    expect((q.getResponse() as { detail: string }).detail).toBe('Utkastet är inte komplett: purposes saknas; se errors.');
    expect(q.errors).toEqual([{ field: 'purposes', messages: ['måste fyllas i'] }]);
    expect(q.headers).toEqual({ 'Content-Language': 'sv' });
  });
});

import { describe, expect, it } from '@jest/globals';
import { factory, group, text } from '../../domain/notice.fixtures.js';
import type { Notice } from '../../domain/notice.model.js';
import { compareNotices } from './notice-diff.js';

const json = (n: Notice) => n as unknown as Record<string, unknown>;

describe('compareNotices: changes by identity, in words', () => {
  it('reports the data category that was removed by its code and label, not the items after it as changed', () => {
    const before = factory.notice({ dataCategories: [{ code: 'name' }, { code: 'ip-address' }, { code: 'email' }] });
    const after = factory.notice({ dataCategories: [{ code: 'name' }, { code: 'email' }] });
    expect(compareNotices(json(before), json(after))).toEqual([
      {
        path: 'dataCategories[ip-address]',
        kind: 'removed',
        before: { code: 'ip-address' },
        description: 'data category "ip-address" (IP-nummer) was removed',
      },
    ]);
  });

  it('reports a basis added to a group by the group id and the basis code, and a change inside it by identity', () => {
    const before = factory.notice({ legalBasisGroups: [group('allmant', ['6.1.e']), group('personal', ['6.1.b'])] });
    const after = factory.notice({
      legalBasisGroups: [{ ...group('allmant', ['6.1.e', '9.2.h']), context: text('Allmänt, ändrat') }, group('personal', ['6.1.b'])],
    });
    const changes = compareNotices(json(before), json(after));
    expect(changes.map((c) => [c.path, c.kind, c.description])).toEqual([
      ['legalBasisGroups[allmant].bases[9.2.h]', 'added', 'legal basis "9.2.h" was added'],
      [
        'legalBasisGroups[allmant].context.en',
        'changed',
        'legal-basis group "allmant": context.en changed: "Sammanhang allmant (en)" → "Allmänt, ändrat (en)"',
      ],
      [
        'legalBasisGroups[allmant].context.sv',
        'changed',
        'legal-basis group "allmant": context.sv changed: "Sammanhang allmant" → "Allmänt, ändrat"',
      ],
    ]);
  });

  it('names a custom category by its own label, and an added field', () => {
    const own = { code: 'arende', label: text('Ärendeuppgifter') };
    const before = factory.notice();
    const after = factory.notice({
      customDataCategories: [own],
      dataCategories: [{ code: 'name' }, { code: 'email' }, { code: 'arende' }],
    });
    expect(compareNotices(json(before), json(after)).map((c) => c.description)).toEqual([
      'customDataCategories was added',
      'data category "arende" (Ärendeuppgifter) was added',
    ]);
  });

  it('compares a list of codes as a set: a code taken out of a group is named, not the codes after it as changed', () => {
    const before = factory.notice({
      dataCategories: [{ code: 'name' }, { code: 'ip-address' }, { code: 'email' }],
      legalBasisGroups: [{ ...group('allmant', ['6.1.e']), dataCategories: ['name', 'ip-address', 'email'] }],
    });
    const after = factory.notice({
      dataCategories: [{ code: 'name' }, { code: 'email' }],
      legalBasisGroups: [{ ...group('allmant', ['6.1.e']), dataCategories: ['name', 'email'] }],
    });
    expect(compareNotices(json(before), json(after)).map((c) => [c.path, c.kind, c.description])).toEqual([
      ['dataCategories[ip-address]', 'removed', 'data category "ip-address" (IP-nummer) was removed'],
      [
        'legalBasisGroups[allmant].dataCategories[ip-address]',
        'removed',
        'legal-basis group "allmant": data category "ip-address" (IP-nummer) was removed',
      ],
    ]);
    expect(compareNotices({ languages: ['sv'] }, { languages: ['sv', 'en'] })).toEqual([
      { path: 'languages[en]', kind: 'added', after: 'en', description: 'languages "en" was added' },
    ]);
  });

  it('says a field’s change with the text before and after, where it sits', () => {
    const before = factory.notice({ recipients: [{ kind: 'processor', name: text('Leverantören') }] });
    const after = factory.notice({ title: text('Ny rubrik'), recipients: [{ kind: 'public-authority', name: text('Leverantören') }] });
    expect(compareNotices(json(before), json(after)).map((c) => c.description)).toContain(
      'recipient "Leverantören": kind changed: "processor" → "public-authority"',
    );
    expect(compareNotices(json(before), json(after)).map((c) => c.description)).toContain(
      `title.sv changed: "${before.title.sv}" → "Ny rubrik"`,
    );
  });

  it('falls back to positions for a list whose items have no identity', () => {
    const before = { list: [{ a: 1 }, { a: 2 }] };
    expect(compareNotices(before, { list: [{ a: 1 }] })).toEqual([
      { path: 'list.1', kind: 'removed', before: { a: 2 }, description: 'list.1 was removed' },
    ]);
  });
});

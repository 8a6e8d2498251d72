import { describe, expect, it } from '@jest/globals';
import { revisionOf } from './notice-pages.js';
import { changeLines, changePath, hsaActor, statusOf, yamlErrors, type ApprovalView } from './notice-text.js';

const approval = (over: Partial<ApprovalView>): ApprovalView => ({
  slug: 'n',
  status: 'draft',
  draftRevision: 2,
  currentVersion: null,
  approval: 'none',
  pending: null,
  ...over,
});

describe('notices in words', () => {
  it('says a notice’s status: draft, awaiting approval, published version N, withdrawn', () => {
    expect(statusOf({}, approval({}), 'sv')).toEqual({ key: 'draft', text: 'Utkast' });
    expect(
      statusOf(
        { version: 1, status: 'published' },
        approval({ approval: 'awaiting-approval', pending: { draftRevision: 2, requestedBy: 'official:E2', requestedAt: '' } }),
        'en',
      ),
    ).toEqual({ key: 'awaiting', text: 'Awaiting approval' });
    expect(statusOf({ version: 3, status: 'published' }, undefined, 'sv')).toEqual({ key: 'published', text: 'Publicerad, version 3' });
    expect(statusOf({ version: 3, status: 'withdrawn' }, undefined, 'en')).toEqual({ key: 'withdrawn', text: 'Withdrawn' });
  });

  it('reads the draft revision of an ETag, strong or weak, and nothing else', () => {
    expect(revisionOf('"7"')).toBe(7);
    expect(revisionOf('W/"7"')).toBe(7);
    expect(revisionOf(null)).toBeUndefined();
    expect(revisionOf('"abc"')).toBeUndefined();
  });

  it('knows the official from her token’s HSA-id, and nobody from a token that is not one', () => {
    const token = ['h', Buffer.from(JSON.stringify({ hsa_id: 'SE2120002627-E000000000002' })).toString('base64url'), 's'].join('.');
    expect(hsaActor(token)).toBe('official:SE2120002627-E000000000002');
    expect(hsaActor('not-a-token')).toBeUndefined();
  });

  it('says where a YAML error is by line and column, in the page’s language', () => {
    expect(yamlErrors([['line 3, column 5', ['Nested mappings are not allowed']]], 'sv')).toEqual([
      { where: 'rad 3, kolumn 5', text: 'Nested mappings are not allowed' },
    ]);
    expect(yamlErrors([['title.sv', ['is required']]], 'en')).toEqual([{ where: 'title.sv', text: 'is required' }]);
  });

  it('reads a change’s path with identities that hold dots', () => {
    expect(changePath('legalBasisGroups[soc].bases[6.1.e].description.sv')).toEqual([
      { name: 'legalBasisGroups', key: 'soc' },
      { name: 'bases', key: '6.1.e' },
      { name: 'description' },
      { name: 'sv' },
    ]);
  });

  it('says what changed in words: the row by its identity and name, a field’s text before and after', () => {
    const lines = changeLines(
      [
        { path: 'dataCategories[ip-address]', kind: 'removed', before: { code: 'ip-address' }, description: '' },
        {
          path: 'recipients[Skatteverket]',
          kind: 'added',
          after: { kind: 'public-authority', name: { sv: 'Skatteverket' } },
          description: '',
        },
        { path: 'title.sv', kind: 'changed', before: 'Gammal', after: 'Ny', description: '' },
        { path: 'legalBasisGroups[soc].bases[6.1.e].description.sv', kind: 'changed', before: 'a', after: 'b', description: '' },
        { path: 'automatedMeans', kind: 'changed', before: false, after: true, description: '' },
        { path: 'version', kind: 'changed', before: 1, after: 2, description: '' },
      ],
      'sv',
    );
    expect(lines.map((l) => [l.kindText, l.what, l.before, l.after])).toEqual([
      ['Borttaget', 'Personuppgiftskategori ”IP-nummer (ip-address)”', '', ''],
      ['Tillagt', 'Mottagare ”Skatteverket”', '', 'Slag av mottagare: Myndighet (public-authority), Namn: Skatteverket'],
      ['Ändrat', 'Rubrik, Svenska', 'Gammal', 'Ny'],
      [
        'Ändrat',
        'Beskrivning, Svenska – Rättslig grund ”Art. 6.1 e – allmänt intresse eller myndighetsutövning (6.1.e)” – Sammanhang ”soc”',
        'a',
        'b',
      ],
      ['Ändrat', 'Behandlas automatiserat', 'Nej', 'Ja'],
    ]);
  });
});

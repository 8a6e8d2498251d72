import { describe, expect, it } from '@jest/globals';
import {
  actionOf,
  applyAction,
  fieldErrors,
  fieldId,
  forSaving,
  parseNoticeForm,
  parsePath,
  renderNoticeForm,
  type SchemaNode,
} from './notice-form.js';

const text = (description: string): SchemaNode => ({
  type: 'object',
  description,
  properties: { sv: { type: 'string' }, en: { type: 'string' } },
  required: ['sv'],
});
const SFS: SchemaNode = {
  type: 'object',
  properties: { sfs: { type: 'string' }, chapter: { type: 'integer' }, label: text('') },
  required: ['sfs', 'label'],
};
const GDPR: SchemaNode = { type: 'object', properties: { gdpr: { type: 'string' }, label: text('') }, required: ['gdpr', 'label'] };

/** A small notice schema of the shape the notice service serves (every kind of field the form knows). */
const SCHEMA: SchemaNode = {
  type: 'object',
  required: ['id', 'title', 'dataCategories'],
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    languages: { type: 'array', items: { type: 'string', enum: ['sv', 'en'] } },
    title: text('Title'),
    purposes: { type: 'array', items: text('A purpose'), minItems: 1 },
    automatedMeans: { type: 'boolean' },
    customDataCategories: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, label: text('') } } },
    dataCategories: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: {
            anyOf: [
              { type: 'string', enum: ['name', 'health', 'ip-address'] },
              { type: 'string', pattern: '^[a-z-]+$' },
            ],
          },
          note: text(''),
        },
        required: ['code'],
      },
    },
    legalBasisGroups: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          bases: {
            type: 'array',
            items: {
              type: 'object',
              properties: { code: { type: 'string', enum: ['6.1.a', '6.1.e'] }, national: { type: 'array', items: SFS } },
            },
          },
          dataCategories: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    controller: {
      type: 'object',
      properties: {
        contact: {
          type: 'object',
          properties: { address: { type: 'object', properties: { lines: { type: 'array', items: { type: 'string' } } } } },
        },
      },
    },
    archiving: { type: 'object', properties: { law: { type: 'array', items: { anyOf: [SFS, GDPR] } } } },
  },
};

describe('the notice form: paths', () => {
  it('reads the service’s field paths, and refuses what is not one', () => {
    expect(parsePath('legalBasisGroups[0].bases[12].code')).toEqual(['legalBasisGroups', 0, 'bases', 12, 'code']);
    expect(parsePath('title.sv')).toEqual(['title', 'sv']);
    for (const bad of ['', '[0]', 'a..b', 'a[x]', 'a[1234]', '__proto__.x.', 'a b']) expect(parsePath(bad)).toBeUndefined();
    expect(fieldId('legalBasisGroups[0].bases[1].code')).toBe('f-legalBasisGroups-0-bases-1-code');
  });
});

describe('the notice form: parsing what was posted', () => {
  it('builds the notice from fields named by path, typed by the schema, ignoring fields it does not have', () => {
    const notice = parseNoticeForm(
      {
        _csrf: 'x',
        _revision: '3',
        id: 'someone-else',
        version: '9',
        languages: ['sv', 'en'],
        'title.sv': '  Behandling  ',
        'title.en': '',
        'purposes[0].sv': 'Att svara',
        'purposes[1].sv': 'Att arkivera',
        automatedMeans: 'true',
        'dataCategories[0].code': 'health',
        'legalBasisGroups[0].bases[0].national[0].chapter': '2',
        'legalBasisGroups[0].dataCategories': ['name', 'health'],
        'controller.contact.address.lines': 'Umeå kommun\r\n\r\nSocialtjänsten\n',
        'archiving.law[0].gdpr': '17.3.b',
        'nothing.here': 'x',
        '__proto__.polluted': 'yes',
        'constructor.prototype.polluted': 'yes',
      },
      SCHEMA,
    );
    expect(notice).toEqual({
      languages: ['sv', 'en'],
      title: { sv: 'Behandling', en: '' },
      purposes: [{ sv: 'Att svara' }, { sv: 'Att arkivera' }],
      automatedMeans: true,
      dataCategories: [{ code: 'health' }],
      legalBasisGroups: [{ bases: [{ national: [{ chapter: 2 }] }], dataCategories: ['name', 'health'] }],
      controller: { contact: { address: { lines: ['Umeå kommun', 'Socialtjänsten'] } } },
      archiving: { law: [{ gdpr: '17.3.b' }] },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a number that is not one as typed (the service says what is wrong), and a yes/no left unstated empty', () => {
    const notice = parseNoticeForm({ 'legalBasisGroups[0].bases[0].national[0].chapter': '2a', automatedMeans: '' }, SCHEMA);
    expect(notice).toEqual({ legalBasisGroups: [{ bases: [{ national: [{ chapter: '2a' }] }] }], automatedMeans: '' });
  });

  it('keeps a row with nothing typed in it (its marker), and closes the gaps of rows removed', () => {
    const notice = parseNoticeForm({ _item: ['purposes[0]', 'purposes[3]'], 'purposes[3].sv': 'Sista' }, SCHEMA);
    expect(notice.purposes).toEqual([{}, { sv: 'Sista' }]);
    expect(parseNoticeForm({ _list: ['purposes', 'title', 'nothing'] }, SCHEMA)).toEqual({ purposes: [] });
  });

  it('leaves out what was left empty when saving, so the service names what is missing', () => {
    expect(
      forSaving({
        title: { sv: 'T', en: '' },
        purposes: [{ sv: '' }, { sv: 'A' }],
        roles: [{}],
        automatedMeans: false,
        summary: { sv: '' },
      }),
    ).toEqual({ title: { sv: 'T' }, purposes: [{ sv: 'A' }], automatedMeans: false });
    // A list the notice must have, which may be empty, stays (no recipients); one that needs a row does not.
    const schema: SchemaNode = {
      type: 'object',
      required: ['recipients', 'purposes'],
      properties: { recipients: { type: 'array', items: { type: 'object' } }, purposes: { type: 'array', minItems: 1, items: text('') } },
    };
    expect(forSaving({ recipients: [{}], purposes: [{ sv: '' }] }, schema)).toEqual({ recipients: [] });
  });
});

describe('the notice form: rows added and removed without script', () => {
  it('adds an empty row to a list, or the list with one row', () => {
    const body = { _action: 'add:purposes', 'purposes[0].sv': 'A' };
    const action = actionOf(body, SCHEMA);
    expect(action).toEqual({ kind: 'add', list: ['purposes'] });
    expect(applyAction(parseNoticeForm(body, SCHEMA), action).purposes).toEqual([{ sv: 'A' }, {}]);
    const nested = actionOf({ _action: 'add:legalBasisGroups[0].bases' }, SCHEMA);
    expect(applyAction({}, nested)).toEqual({ legalBasisGroups: [{ bases: [{}] }] });
  });

  it('removes the row named, and the rest move up', () => {
    const body = {
      _action: 'remove:dataCategories[1]',
      'dataCategories[0].code': 'name',
      'dataCategories[1].code': 'health',
      'dataCategories[2].code': 'ip-address',
    };
    const notice = applyAction(parseNoticeForm(body, SCHEMA), actionOf(body, SCHEMA));
    expect(notice.dataCategories).toEqual([{ code: 'name' }, { code: 'ip-address' }]);
  });

  it('saves for anything else pressed (Enter in a field, a crafted action)', () => {
    for (const a of [undefined, 'save', 'add:title', 'remove:purposes', 'add:nothing', 'remove:x[0]', 'drop:purposes[0]'])
      expect(actionOf({ _action: a }, SCHEMA)).toEqual({ kind: 'save' });
  });
});

describe('the notice form: rendering', () => {
  const notice = {
    id: 'n',
    languages: ['sv'],
    title: { sv: 'Behandling <script>' },
    customDataCategories: [{ code: 'case-notes', label: { sv: 'Anteckningar' } }],
    dataCategories: [{ code: 'health' }, { code: 'case-notes' }],
    legalBasisGroups: [{ id: 'soc', bases: [{ code: '6.1.e' }], dataCategories: ['health'] }],
  };

  it('has an input for every field, labelled, with its help, escaped; the code lists as choices', () => {
    const { sections } = renderNoticeForm(SCHEMA, notice, 'sv', new Map());
    const html = sections.map((s) => s.html).join('\n');
    expect(sections.map((s) => s.key)).toEqual([
      'languages',
      'title',
      'purposes',
      'automatedMeans',
      'customDataCategories',
      'dataCategories',
      'legalBasisGroups',
      'controller',
      'archiving',
    ]);
    expect(html).toContain('value="Behandling &lt;script&gt;"');
    expect(html).not.toContain('<script>');
    // The language choices as checkboxes, the legal basis as a select with its words, the data category from the code list and the notice's own.
    expect(html).toMatch(
      /<input type="checkbox" id="f-languages-0" name="languages" value="sv" checked><label for="f-languages-0">Svenska/,
    );
    expect(html).toContain('<option value="6.1.e" selected>Art. 6.1 e – allmänt intresse eller myndighetsutövning (6.1.e)</option>');
    expect(html).toContain('<option value="health" selected>Uppgifter om hälsa (health)</option>');
    expect(html).toContain('<option value="case-notes" selected>case-notes</option>');
    // A group's data categories are chosen among the notice's own list.
    expect(html).toMatch(/name="legalBasisGroups\[0\]\.dataCategories" value="health" checked/);
    expect(html).toMatch(/name="legalBasisGroups\[0\]\.dataCategories" value="case-notes">/);
    // Help text, tied to its field.
    expect(html).toContain('aria-describedby="f-purposes-hint"');
    expect(html).toContain('id="f-purposes-hint">Varför uppgifterna behandlas');
    // Rows: a remove button per row, named by it, and an add button per list.
    expect(html).toContain('name="_action" value="remove:dataCategories[1]">Ta bort personuppgiftskategori 2</button>');
    expect(html).toContain('name="_action" value="add:legalBasisGroups[0].bases">Lägg till rättslig grund</button>');
    // An SFS or GDPR citation offers the fields of both.
    expect(html).toContain('value="add:archiving.law"');
  });

  it('shows the service’s messages beside their fields, and in the summary linked to the nearest field shown', () => {
    const errors = fieldErrors({
      errors: [
        { field: 'title.sv', messages: ['must not be empty'] },
        { field: 'dataCategories[1]', messages: ['is an art. 9 category but no legal-basis group has an art. 9.2 condition'] },
        { field: 'legalBasisGroups[0].bases[0].national', messages: ['is required'] },
        { field: '', messages: ['a notice must be an object'] },
      ],
    });
    const { sections, summary } = renderNoticeForm(SCHEMA, notice, 'en', errors);
    const html = sections.map((s) => s.html).join('\n');
    expect(html).toContain(
      '<p class="field-error" id="f-title-sv-error"><span class="sr-only">Error: </span><span lang="en">must not be empty</span></p>',
    );
    expect(html).toMatch(/id="f-title-sv" name="title.sv" lang="sv" aria-describedby="f-title-sv-error" aria-invalid="true"/);
    expect(summary).toEqual([
      { href: '#f-title-sv', label: 'Title › Swedish', text: 'must not be empty' },
      {
        href: '#f-dataCategories-1',
        label: 'Data category 2',
        text: 'is an art. 9 category but no legal-basis group has an art. 9.2 condition',
      },
      { href: '#f-legalBasisGroups-0-bases-0-national', label: 'Context 1 › Legal basis 1 › Swedish provisions', text: 'is required' },
      { href: '#notice-form', label: 'The whole notice', text: 'a notice must be an object' },
    ]);
    expect(sections.find((s) => s.key === 'title')?.hasErrors).toBe(true);
    expect(sections.find((s) => s.key === 'purposes')?.hasErrors).toBe(false);
  });

  it('in a Swedish editor, shows the service’s Swedish messages marked as Swedish (the service answers in the language asked for)', () => {
    const errors = fieldErrors({
      errors: [
        {
          field: 'dataCategories[1]',
          messages: [
            '"health" är känsliga personuppgifter (art. 9) men ingen rättslig grund har ett undantag enligt artikel 9.2 i dataskyddsförordningen',
          ],
        },
        { field: 'title.sv', messages: ['måste vara en text som inte är tom'] },
      ],
    });
    const { sections, summary } = renderNoticeForm(SCHEMA, notice, 'sv', errors, 'sv');
    const html = sections.map((s) => s.html).join('\n');
    expect(html).toContain(
      '<p class="field-error" id="f-title-sv-error"><span class="sr-only">Fel: </span><span lang="sv">måste vara en text som inte är tom</span></p>',
    );
    expect(html).not.toContain('<span lang="en">');
    expect(summary).toContainEqual({
      href: '#f-dataCategories-1',
      label: 'Personuppgiftskategori 2',
      text: '"health" är känsliga personuppgifter (art. 9) men ingen rättslig grund har ett undantag enligt artikel 9.2 i dataskyddsförordningen',
    });
    // Messages of a service that says no language are English, and marked so on a Swedish page.
    const untold = renderNoticeForm(SCHEMA, notice, 'sv', fieldErrors({ errors: [{ field: 'title.sv', messages: ['x'] }] }));
    expect(untold.sections.find((s) => s.key === 'title')?.html).toContain('<span lang="en">x</span>');
  });
});

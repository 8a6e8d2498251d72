import { describe, expect, it } from '@jest/globals';
import { group, override, text } from '../domain/notice.fixtures.js';
import { renderNoticeHtml } from './notice-html.js';
import { renderNoticeJsonLd } from './notice-jsonld.js';
import { publishedView, sectionOf, wordsOf } from './public-view.fixtures.js';

const BASE = 'https://insyn.example.se';
type Node = Record<string, unknown> & { '@id': string };
const rightsOf = (doc: Record<string, unknown>, key = 'dpv:hasRight') => doc[key] as Node[];
const right = (nodes: Node[], id: string) => nodes.find((n) => n['@id'] === id);

describe('rights: the JSON-LD carries every limit and caveat the HTML shows', () => {
  const erasureLimit = override({
    right: 'erasure',
    effect: 'limit',
    law: { gdpr: '17.3.b', label: text('rättslig förpliktelse') },
    reason: text('Uppgifter som vi måste spara enligt lag raderas inte.'),
  });
  const view = () =>
    publishedView({ legalBasisGroups: [group('avtal', ['6.1.b']), group('allmant', ['6.1.f'])], rightsOverrides: [erasureLimit] });

  it('the erasure limit, with its reason and law, on the right where the HTML shows it', () => {
    const v = view();
    const html = wordsOf(sectionOf(renderNoticeHtml(v, 'sv', { self: '/x', versions: '/y' }), 'rights'));
    expect(html).toContain(
      'Rätt till radering (artikel 17) Begränsning: Uppgifter som vi måste spara enligt lag raderas inte. (Artikel 17.3.b GDPR',
    );
    const erasure = right(rightsOf(renderNoticeJsonLd(v, BASE)), 'eu-gdpr:A17')!;
    expect(erasure['insyn:limitation']).toEqual([
      {
        'insyn:effect': 'limit',
        'dct:description': [
          { '@value': 'Uppgifter som vi måste spara enligt lag raderas inte.', '@language': 'sv' },
          { '@value': 'Uppgifter som vi måste spara enligt lag raderas inte. (en)', '@language': 'en' },
        ],
        'dpv:hasApplicableLaw': expect.objectContaining({ '@id': 'eu-gdpr:A17-3-b' }),
      },
    ]);
  });

  it('a limit scoped to one group sits on that group’s part only', () => {
    const scoped = publishedView({
      legalBasisGroups: [group('avtal', ['6.1.b']), group('allmant', ['6.1.f'])],
      rightsOverrides: [{ ...erasureLimit, groupId: 'avtal' }],
    });
    const doc = renderNoticeJsonLd(scoped, BASE);
    const parts = doc['dct:hasPart'] as Record<string, unknown>[];
    expect(right(rightsOf(parts[0]!), 'eu-gdpr:A17')!['insyn:limitation']).toHaveLength(1);
    expect(right(rightsOf(parts[1]!), 'eu-gdpr:A17')!['insyn:limitation']).toBeUndefined();
    // On the whole notice the right is shown with every limit that applies somewhere in it.
    expect(right(rightsOf(doc), 'eu-gdpr:A17')!['insyn:limitation']).toHaveLength(1);
  });

  it('the objection caveat of art. 21.1, in the HTML under the right and in the JSON-LD', () => {
    const v = publishedView({ legalBasisGroups: [group('allmant', ['6.1.e'])] });
    const sv = wordsOf(sectionOf(renderNoticeHtml(v, 'sv', { self: '/x', versions: '/y' }), 'rights'));
    expect(sv).toContain(
      'Rätt att invända mot behandlingen (artikel 21) Om du invänder får vi fortsätta behandlingen bara om vi kan visa tvingande berättigade skäl',
    );
    expect(sv).toContain('(artikel 21.1)');
    const en = wordsOf(sectionOf(renderNoticeHtml(v, 'en', { self: '/x', versions: '/y' }), 'rights'));
    expect(en).toContain('If you object, we may continue the processing only if we can show compelling legitimate grounds');
    const objection = right(rightsOf(renderNoticeJsonLd(v, BASE)), 'eu-gdpr:A21')!;
    expect(objection['insyn:caveat']).toMatchObject({ 'dpv:hasApplicableLaw': { '@id': 'eu-gdpr:A21-1' } });
    // No caveat where the right does not apply.
    const consent = publishedView({ legalBasisGroups: [group('samtycke', ['6.1.a'])] });
    expect(wordsOf(renderNoticeHtml(consent, 'sv', { self: '/x', versions: '/y' }))).not.toContain('tvingande berättigade skäl');
  });
});

describe('the JSON-LD states what the YAML states', () => {
  const v = () =>
    publishedView({
      controller: { name: text('Exempel IT-förbund'), contact: { email: 'it@example.se' } },
      roles: [{ role: 'processor', organisations: [text('Region Exempel')] }],
      customDataCategories: [{ code: 'journal', label: text('Journalanteckningar'), art9: true }],
      dataCategories: [{ code: 'name' }, { code: 'journal' }],
      dataSubjectCategories: [{ id: 'patienter', label: text('Patienter') }],
      legalBasisGroups: [{ ...group('vard', ['6.1.b', '9.2.h']), dataSubjects: ['patienter'], dataCategories: ['journal'] }],
      archiving: { text: text('Journaler arkiveras.'), law: [{ sfs: '1990:782', label: text('arkivlagen') }] },
      definitions: [{ term: text('GDPR'), text: text('EU:s dataskyddsförordning.') }],
    });

  it('the controller without a number, its role, its own category, the per-group map, archiving and definitions', () => {
    const doc = renderNoticeJsonLd(v(), BASE);
    const controller = doc['dpv:hasDataController'] as Record<string, unknown>;
    expect(controller['@id']).toBe(`${BASE}/v1/notices/exempel-behandling/versions/1#controller`);
    expect(controller).not.toHaveProperty('dct:identifier');
    expect(controller['insyn:role']).toEqual([
      { '@type': 'dpv:DataProcessor', 'insyn:withOrganisation': [{ 'rdfs:label': expect.any(Array) }] },
    ]);
    expect(doc['dpv:hasPersonalData']).toContainEqual({
      '@id': 'insyn:data-category/journal',
      'rdfs:label': [
        { '@value': 'Journalanteckningar', '@language': 'sv' },
        { '@value': 'Journalanteckningar (en)', '@language': 'en' },
      ],
      '@type': 'dpv:SpecialCategoryPersonalData',
    });
    const [part] = doc['dct:hasPart'] as Record<string, unknown>[];
    expect((part!['dpv:hasPersonalData'] as Node[]).map((p) => p['@id'])).toEqual(['insyn:data-category/journal']);
    expect(part!['dpv:hasDataSubject']).toHaveLength(1);
    expect(doc['insyn:archiving']).toMatchObject({ 'dpv:hasApplicableLaw': [{ 'dct:identifier': 'SFS 1990:782' }] });
    expect(right(rightsOf(doc), 'eu-gdpr:A17')!['insyn:limitation']).toEqual([
      expect.objectContaining({ 'insyn:effect': 'limit', 'dpv:hasApplicableLaw': expect.objectContaining({ '@id': 'eu-gdpr:A17-3-d' }) }),
    ]);
    expect(doc['insyn:definition']).toHaveLength(1);
  });
});

describe('the JSON-LD says only what the notice says', () => {
  it('nothing about transfers or automated decisions when the notice is silent, "none" when it says none, the decisions when it states them', () => {
    const silent = renderNoticeJsonLd(publishedView(), BASE);
    for (const key of [
      'dpv:hasThirdCountry',
      'insyn:statesNoThirdCountryTransfer',
      'insyn:automatedDecision',
      'insyn:statesNoAutomatedDecision',
    ]) {
      expect(silent).not.toHaveProperty([key]);
    }
    const none = renderNoticeJsonLd(publishedView({ thirdCountryTransfers: [], automatedDecisions: [] }), BASE);
    expect(none).toMatchObject({ 'insyn:statesNoThirdCountryTransfer': true, 'insyn:statesNoAutomatedDecision': true });
    const stated = renderNoticeJsonLd(
      publishedView({ automatedDecisions: [{ description: text('Avgift.'), logic: text('Taxan.'), consequences: text('En faktura.') }] }),
      BASE,
    );
    expect(stated['insyn:automatedDecision']).toEqual([expect.objectContaining({ '@type': 'dpv:AutomatedDecisionMaking' })]);
    expect(stated).not.toHaveProperty(['insyn:statesNoAutomatedDecision']);
  });
});

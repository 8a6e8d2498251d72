import { describe, expect, it } from '@jest/globals';
import { group, text } from '../domain/notice.fixtures.js';
import type { Language } from '../domain/notice.model.js';
import type { PublicNoticeView } from './public-view.js';
import { publishedView, sectionOf, wordsOf } from './public-view.fixtures.js';
import { renderNoticeHtml } from './notice-html.js';

const LINKS = { self: '/v1/notices/exempel-behandling/versions/1', versions: '/v1/notices/exempel-behandling/versions' };
const html = (view: PublicNoticeView, lang: Language = 'sv') => renderNoticeHtml(view, lang, LINKS);

describe('the HTML page says only what the notice says', () => {
  it('shows nothing about third-country transfers or automated decisions when the notice is silent on them', () => {
    const page = html(publishedView());
    expect(page).not.toContain('utanför EU/EES');
    expect(page).not.toContain('automatiskt');
    expect(sectionOf(page, 'automated')).toBe('');
  });

  it('says "none" only when the notice does (an empty list), and lists what it states', () => {
    const none = html(publishedView({ thirdCountryTransfers: [], automatedDecisions: [] }));
    expect(wordsOf(none)).toContain('Personuppgifterna överförs inte till något land utanför EU/EES.');
    expect(wordsOf(sectionOf(none, 'automated'))).toContain('Inga beslut fattas enbart automatiskt i den här behandlingen.');

    const some = html(
      publishedView({
        thirdCountryTransfers: [
          { country: 'US', safeguard: 'standard-contractual-clauses', description: text('Support från leverantören.') },
        ],
        automatedDecisions: [{ description: text('Beslut om avgift.'), logic: text('Taxan.'), consequences: text('Du får en faktura.') }],
      }),
    );
    expect(wordsOf(some)).toContain('US: Support från leverantören. (standardavtalsklausuler)');
    expect(wordsOf(some)).not.toContain('överförs inte');
    expect(wordsOf(sectionOf(some, 'automated'))).toContain('Logiken: Taxan.');
  });

  it('names the supervisory authority as the notice writes it, once', () => {
    const page = wordsOf(html(publishedView()));
    expect(page).toContain('Integritetsskyddsmyndigheten (IMY)');
    expect(page).not.toContain('(IMY) (IMY)');
  });

  it('shows the date the version was published, as "Publicerad" near the title', () => {
    const page = html(publishedView());
    expect(page).toMatch(/<\/h1>\s*<p class="published">Publicerad <time datetime="2025-06-01">2025-06-01<\/time> · Version 1<\/p>/);
    expect(html(publishedView(), 'en')).toContain('Published <time datetime="2025-06-01">');
  });
});

describe('languages: only those the notice is written in', () => {
  const swedishOnly = () => {
    const v = publishedView();
    const sv = <T extends { sv: string }>(l: T) => ({ sv: l.sv });
    return {
      ...v,
      languages: ['sv'],
      title: sv(v.title),
      purposes: v.purposes.map(sv),
    } as PublicNoticeView;
  };

  it('links the other language when the notice has it', () => {
    const page = html(publishedView());
    expect(page).toContain(
      '<a href="/v1/notices/exempel-behandling/versions/1?format=html&amp;lang=en" hreflang="en" lang="en">In English</a>',
    );
    expect(page).toContain('<link rel="alternate" hreflang="en"');
    expect(html(publishedView(), 'en')).toContain('lang="sv">På svenska</a>');
  });

  it('offers no English for a Swedish-only notice', () => {
    const page = html(swedishOnly());
    expect(page).not.toContain('In English');
    expect(page).not.toContain('hreflang="en"');
    expect(page).not.toContain('<nav aria-label="Språk">');
  });

  it('asked in English, shows a Swedish-only notice as a Swedish page, with a note in English marked lang="en"', () => {
    const page = html(swedishOnly(), 'en');
    expect(page).toMatch(/<html lang="sv">/);
    expect(page).toContain('<h2 id="purpose">Syftet med behandlingen</h2>');
    expect(page).not.toContain('Purpose of the processing');
    expect(page).toContain(
      '<p class="language-note" role="note" lang="en">This notice is published in Swedish only, so it is shown in Swedish.</p>',
    );
    expect(html(swedishOnly(), 'sv')).not.toContain('class="language-note"');
  });
});

describe('the HTML page shows what real notices say', () => {
  const processorNotice = () =>
    publishedView({
      controller: { name: text('Exempel IT-förbund'), contact: { email: 'it@example.se' } },
      roles: [
        { role: 'controller', description: text('För vår egen personal.') },
        { role: 'processor', organisations: [text('Region Exempel'), text('Exempelkommun')] },
      ],
      customDataCategories: [{ code: 'arende', label: { sv: 'Ärendeuppgifter', en: 'Case details' } }],
      dataCategories: [{ code: 'name' }, { code: 'arende' }],
      dataSubjectCategories: [
        { id: 'invanare', label: text('Invånare') },
        { id: 'personal', label: text('Personal') },
      ],
      legalBasisGroups: [
        { ...group('uppdrag', ['6.1.e']), dataSubjects: ['invanare'], dataCategories: ['name', 'arende'] },
        { ...group('personal', ['6.1.b']), dataSubjects: ['personal'], dataCategories: ['name'] },
      ],
      archiving: {
        text: text('Allmänna handlingar bevaras enligt arkivlagen.'),
        law: [{ sfs: '1990:782', section: 3, label: text('arkivlagen') }],
      },
      definitions: [{ term: text('Personuppgift'), text: text('All information som kan knytas till en levande person.') }],
      contacts: {
        ...publishedView().contacts,
        questions: [{ to: 'your-controller', text: text('Vänd dig till den kommun eller region du har kontakt med.') }],
      },
    });

  it('the roles, with the organisations processed for, and no organisation number when the notice has none', () => {
    const page = html(processorNotice());
    expect(wordsOf(sectionOf(page, 'roles'))).toContain('Personuppgiftsbiträde för Region Exempel, Exempelkommun');
    expect(wordsOf(sectionOf(page, 'roles'))).toContain('Personuppgiftsansvarig För vår egen personal.');
    expect(wordsOf(sectionOf(page, 'contacts'))).toContain(
      'Den personuppgiftsansvarige du har kontakt med : Vänd dig till den kommun eller region',
    );
    expect(page).not.toContain('Organisationsnummer');
    expect(html(publishedView())).toContain('Organisationsnummer: 222222-3337');
  });

  it('a category of the notice’s own by its label, and per group whom and which data it covers', () => {
    const page = html(processorNotice());
    expect(wordsOf(sectionOf(page, 'data'))).toContain('Ärendeuppgifter');
    const legal = wordsOf(sectionOf(page, 'legal-basis'));
    expect(legal).toContain('Sammanhang uppdrag Gäller: Invånare Personuppgifter: Namn, Ärendeuppgifter');
    expect(legal).toContain('Sammanhang personal Gäller: Personal Personuppgifter: Namn');
    expect(wordsOf(sectionOf(html(processorNotice(), 'en'), 'legal-basis'))).toContain(
      'Covers: Invånare (en) Personal data: Name, Case details',
    );
  });

  it('archiving as its own statement, which limits erasure under art. 17.3 d without an override', () => {
    const page = html(processorNotice());
    expect(wordsOf(sectionOf(page, 'archiving'))).toContain('Allmänna handlingar bevaras enligt arkivlagen. 3 § arkivlagen (1990:782)');
    expect(wordsOf(sectionOf(page, 'rights'))).toContain(
      'Rätt till radering (artikel 17) (gäller för: Sammanhang personal) Begränsning: Allmänna handlingar bevaras enligt arkivlagen. (Artikel 17.3.d GDPR',
    );
    expect(sectionOf(html(publishedView()), 'archiving')).toBe('');
  });

  it('definitions in a section of their own', () => {
    expect(wordsOf(sectionOf(html(processorNotice()), 'definitions'))).toContain(
      'Personuppgift All information som kan knytas till en levande person.',
    );
  });
});

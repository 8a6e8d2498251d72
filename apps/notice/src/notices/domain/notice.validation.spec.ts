import { describe, expect, it } from '@jest/globals';
import { basis, factory, group, override, text } from './notice.fixtures.js';
import type { Notice } from './notice.model.js';
import { InvalidNoticeError, parseNotice, validateNotice, type Violation } from './notice.validation.js';

/** A notice as plain data, so tests can break it in ways the types would not allow. */
function plain(fields: Partial<Notice> = {}): Record<string, unknown> {
  return structuredClone(factory.notice(fields)) as unknown as Record<string, unknown>;
}

function messagesAt(violations: Violation[], field: string): string[] {
  return violations.find((v) => v.field === field)?.messages ?? [];
}

function fields(violations: Violation[]): string[] {
  return violations.map((v) => v.field);
}

describe('validateNotice: a valid notice', () => {
  it('has no violations', () => {
    expect(validateNotice(factory.notice())).toEqual([]);
  });

  it('parseNotice returns it typed, and throws InvalidNoticeError listing every violation otherwise', () => {
    const notice = factory.notice();
    expect(parseNotice(notice)).toBe(notice);
    const bad = plain({ languages: ['sv', 'de' as never] });
    expect(() => parseNotice(bad)).toThrow(InvalidNoticeError);
    expect(() => parseNotice(bad)).toThrow(/languages\[1\]/);
  });

  it('rejects something that is not an object', () => {
    expect(validateNotice('a notice')).toEqual([{ field: '', messages: ['a notice must be an object'] }]);
    expect(validateNotice(null)).toHaveLength(1);
  });
});

describe('validateNotice: structure', () => {
  it('reports unknown fields at any depth, so YAML typos do not vanish', () => {
    const notice = plain();
    notice.purpose = notice.purposes;
    (notice.controller as Record<string, unknown>).orgnr = '1';
    expect(fields(validateNotice(notice))).toEqual(['purpose', 'controller.orgnr']);
  });

  it('requires the mandatory parts and at least one item in the mandatory lists', () => {
    const notice = plain({ purposes: [], retention: [] });
    delete notice.title;
    delete notice.automatedMeans;
    const violations = validateNotice(notice);
    expect(messagesAt(violations, 'title')).toEqual(['is required']);
    expect(messagesAt(violations, 'automatedMeans')).toEqual(['is required']);
    expect(messagesAt(violations, 'purposes')).toEqual(['must have at least one item']);
    expect(messagesAt(violations, 'retention')).toEqual(['must have at least one item']);
  });

  it('checks id, version, publishedAt and sourceUrl', () => {
    const notice = plain({ id: 'Säkra meddelanden', version: 0, publishedAt: '2024-02-30', sourceUrl: 'ftp://x' });
    expect(fields(validateNotice(notice))).toEqual(['id', 'version', 'publishedAt', 'sourceUrl']);
    expect(validateNotice(plain({ publishedAt: '2024-02-29', sourceUrl: 'https://www.umea.se/x' }))).toEqual([]);
  });
});

describe('validateNotice: languages and text', () => {
  it('allows only sv and en, Swedish first, each once', () => {
    expect(messagesAt(validateNotice(plain({ languages: ['sv', 'de' as never] })), 'languages[1]')).toEqual(['must be one of sv, en']);
    expect(messagesAt(validateNotice(plain({ languages: ['en', 'sv'] })), 'languages')).toEqual([
      'Swedish (sv) is required and must come first',
    ]);
    expect(messagesAt(validateNotice(plain({ languages: ['sv', 'sv'] })), 'languages[1]')).toEqual(['"sv" is listed twice']);
    expect(messagesAt(validateNotice(plain({ languages: [] })), 'languages')).toContain('must have at least one item');
  });

  it('requires Swedish text everywhere', () => {
    const notice = plain({
      title: { en: 'Secure messages' } as never,
      purposes: [{ sv: '   ', en: 'x' }],
      dataSubjectCategories: [{ label: { sv: '', en: 'x' } }],
    });
    const violations = validateNotice(notice);
    expect(messagesAt(violations, 'title.sv')).toEqual(['Swedish text is required']);
    expect(messagesAt(violations, 'purposes[0].sv')).toEqual(['must be a non-empty string']);
    expect(messagesAt(violations, 'dataSubjectCategories[0].label.sv')).toEqual(['must be a non-empty string']);
  });

  it('rejects text in a language other than sv and en', () => {
    const violations = validateNotice(plain({ title: { sv: 'Titel', en: 'Title', de: 'Titel' } as never }));
    expect(messagesAt(violations, 'title.de')).toEqual(['unknown language "de"; only sv and en are allowed']);
  });

  it('requires English everywhere when the notice declares en, and not otherwise', () => {
    const notice = plain({ title: { sv: 'Titel' } });
    expect(messagesAt(validateNotice(notice), 'title.en')).toEqual([
      'English text is required because the notice declares the language "en"',
    ]);
    expect(validateNotice({ ...notice, languages: ['sv'] })).toEqual([]);
  });

  it('rejects oversized text and lists', () => {
    const violations = validateNotice(
      plain({
        title: text('x'.repeat(2001)),
        dataSubjectCategories: Array.from({ length: 101 }, () => ({ label: text('Invånare') })),
      }),
    );
    expect(messagesAt(violations, 'title.sv')).toEqual(['is 2001 characters long; at most 2000 are allowed']);
    expect(messagesAt(violations, 'dataSubjectCategories')).toEqual(['has 101 items; at most 100 are allowed']);
    expect(validateNotice(plain({ title: text('x'.repeat(2000), 'y'.repeat(2000)) }))).toEqual([]);
  });
});

describe('validateNotice: controller and contacts', () => {
  it('needs an email or a phone for the controller; a postal address alone is not enough', () => {
    const base = factory.notice().controller;
    const addressOnly = plain({ controller: { ...base, contact: { address: base.contact.address } } });
    expect(messagesAt(validateNotice(addressOnly), 'controller.contact')).toEqual([
      'the controller needs at least an email address or a phone number',
    ]);
    const phoneOnly = plain({ controller: { ...base, contact: { phone: '090-16 10 00' } } });
    expect(validateNotice(phoneOnly)).toEqual([]);
  });

  it('needs an email or a phone for the data protection officer', () => {
    expect(messagesAt(validateNotice(plain({ dpo: { personName: 'Eric' } })), 'dpo')).toEqual([
      'the data protection officer needs at least an email address or a phone number',
    ]);
  });

  it('checks email, phone, web and postcode formats', () => {
    const violations = validateNotice(
      plain({
        dpo: {
          email: 'dataskyddsombud(at)umea.se',
          phone: 'ring oss',
          web: 'umea.se',
          address: { lines: ['Umeå kommun'], postalCode: '90184 Umeå', city: 'Umeå' },
        },
      }),
    );
    expect(fields(violations)).toEqual(['dpo.address.postalCode', 'dpo.phone', 'dpo.email', 'dpo.web']);
  });

  it.each([
    ['2120002627', 'must be a Swedish organisation number, NNNNNN-NNNN'],
    ['212000-2628', 'has a wrong check digit'],
    ['811218-9876', 'looks like a personnummer, not an organisation number (third digit below 2)'],
  ])('rejects the organisation number %s', (organisationNumber, message) => {
    const controller = { ...factory.notice().controller, organisationNumber };
    expect(messagesAt(validateNotice(plain({ controller })), 'controller.organisationNumber')).toEqual([message]);
  });

  it('accepts a real municipal organisation number (Umeå kommun)', () => {
    const controller = { ...factory.notice().controller, organisationNumber: '212000-2627' };
    expect(validateNotice(plain({ controller }))).toEqual([]);
  });

  it('requires IMY as supervisory authority and a complaint route to it (art. 13.2 d)', () => {
    const contacts = factory.notice().contacts;
    const notice = plain({
      contacts: {
        ...contacts,
        complaints: [{ to: 'dpo', text: text('Kontakta dataskyddsombudet.') }],
        supervisoryAuthority: { ...contacts.supervisoryAuthority, code: 'DI' as never },
      },
    });
    const violations = validateNotice(notice);
    expect(messagesAt(violations, 'contacts.complaints')).toEqual([
      'must include the right to complain to the supervisory authority (to: supervisory-authority)',
    ]);
    expect(messagesAt(violations, 'contacts.supervisoryAuthority.code')).toEqual([
      'must be "IMY": Integritetsskyddsmyndigheten supervises Swedish controllers',
    ]);
  });

  it('rejects an unknown contact route target', () => {
    const contacts = { ...factory.notice().contacts, questions: [{ to: 'mayor' as never, text: text('x') }] };
    expect(fields(validateNotice(plain({ contacts })))).toEqual(['contacts.questions[0].to']);
  });
});

describe('validateNotice: legal bases and citations', () => {
  it('reports an unknown legal-basis code at its exact path', () => {
    const notice = plain({ legalBasisGroups: [group('g', ['6.1.e', '6.1.g' as never]), group('h', ['art6' as never])] });
    const violations = validateNotice(notice);
    expect(messagesAt(violations, 'legalBasisGroups[0].bases[1].code')).toEqual([
      'unknown legal-basis code "6.1.g"; use 6.1.a–6.1.f, 9.2.a–9.2.j or 10',
    ]);
    expect(fields(violations)).toEqual(['legalBasisGroups[0].bases[1].code', 'legalBasisGroups[1].bases[0].code']);
  });

  it('rejects a code listed twice in a group and a group id used twice', () => {
    const notice = plain({ legalBasisGroups: [group('g', ['6.1.e', '6.1.e']), group('g', ['6.1.c'])] });
    expect(fields(validateNotice(notice))).toEqual(['legalBasisGroups[0].bases[1].code', 'legalBasisGroups[1].id']);
  });

  it('accepts consent.signature on a group that rests on consent, and refuses it elsewhere or with an unknown value', () => {
    const signed = { ...group('sms', ['6.1.a']), consent: { signature: 'required' as const } };
    expect(validateNotice(plain({ legalBasisGroups: [group('g', ['6.1.e']), signed] }))).toEqual([]);
    const explicit = { ...group('halsa', ['6.1.a', '9.2.a']), consent: { signature: 'none' as const } };
    expect(validateNotice(plain({ legalBasisGroups: [explicit] }))).toEqual([]);
    const notConsent = { ...group('g', ['6.1.e']), consent: { signature: 'required' as const } };
    expect(messagesAt(validateNotice(plain({ legalBasisGroups: [notConsent] })), 'legalBasisGroups[0].consent')).toEqual([
      'applies only to a group that rests on consent (a basis 6.1.a or 9.2.a)',
    ]);
    const unknown = { ...group('sms', ['6.1.a']), consent: { signature: 'maybe', witness: true } } as never;
    expect(fields(validateNotice(plain({ legalBasisGroups: [unknown] })))).toEqual([
      'legalBasisGroups[0].consent.witness',
      'legalBasisGroups[0].consent.signature',
    ]);
  });

  it('requires an art. 6.1 basis in every group that has an art. 9.2 condition, not only somewhere in the notice', () => {
    const notice = plain({ legalBasisGroups: [group('allmant', ['6.1.e']), group('halsa', ['9.2.a'])] });
    expect(fields(validateNotice(notice))).toEqual(['legalBasisGroups[1].bases']);
    expect(messagesAt(validateNotice(notice), 'legalBasisGroups[1].bases')[0]).toMatch(
      /^has an art\. 9\.2 condition but no art\. 6\.1 basis/,
    );
    expect(validateNotice(plain({ legalBasisGroups: [group('allmant', ['6.1.e']), group('halsa', ['6.1.a', '9.2.a'])] }))).toEqual([]);
  });

  it('takes automatedMeans on a group as true or false only', () => {
    const g = { ...group('g', ['6.1.a']), automatedMeans: 'ja' } as never;
    expect(messagesAt(validateNotice(plain({ legalBasisGroups: [g] })), 'legalBasisGroups[0].automatedMeans')).toEqual([
      'must be true or false',
    ]);
  });

  it('requires at least one art. 6.1 basis', () => {
    const notice = plain({ legalBasisGroups: [group('g', ['9.2.h'])] });
    expect(messagesAt(validateNotice(notice), 'legalBasisGroups')).toEqual(['needs at least one GDPR art. 6.1 basis (6.1.a–6.1.f)']);
  });

  it.each([
    ['2018-218', 'sfs'],
    ['18:218', 'sfs'],
    ['2018:0218', 'sfs'],
  ])('rejects the SFS number %s', (sfs) => {
    const g = { id: 'g', context: text('g'), bases: [basis('6.1.e', { national: [{ sfs, chapter: 2, section: 2, label: text('lag') }] })] };
    expect(messagesAt(validateNotice(plain({ legalBasisGroups: [g] })), 'legalBasisGroups[0].bases[0].national[0].sfs')).toEqual([
      'must be an SFS number, YYYY:N, e.g. "2018:218"',
    ]);
  });

  it('checks the parts of an SFS citation', () => {
    const national = [
      { sfs: '1993:387', section: 21, sectionLetter: 'a', label: text('LSS') },
      { sfs: '2018:218', chapter: 0, point: 1, label: text('lag') },
      { sfs: '2018:218', section: 7, sectionLetter: 'AB', label: text('lag') },
    ];
    const g = { id: 'g', context: text('g'), bases: [basis('6.1.e', { national })] };
    const path = 'legalBasisGroups[0].bases[0].national';
    expect(fields(validateNotice(plain({ legalBasisGroups: [g] })))).toEqual([
      `${path}[1].chapter`,
      `${path}[1].section`,
      `${path}[2].sectionLetter`,
    ]);
  });

  it('accepts GDPR and SFS citations in safeguards, and rejects anything else', () => {
    const safeguards = [
      {
        text: text('Tystnadsplikt'),
        law: [
          { gdpr: '9.3', label: text('art. 9.3') },
          { sfs: '2009:400', label: text('OSL') },
        ],
      },
      { text: text('x'), law: [{ gdpr: '9(3)', label: text('x') }, { url: 'https://x' }] },
    ];
    const g = { id: 'g', context: text('g'), bases: [basis('6.1.e'), basis('9.2.h', { safeguards: safeguards as never })] };
    const violations = validateNotice(plain({ legalBasisGroups: [g], dataCategories: [{ code: 'health' }] }));
    expect(fields(violations)).toEqual([
      'legalBasisGroups[0].bases[1].safeguards[1].law[0].gdpr',
      'legalBasisGroups[0].bases[1].safeguards[1].law[1]',
    ]);
  });
});

describe('validateNotice: data categories', () => {
  it("rejects an unknown data category code, listing the valid codes (the code list and the notice's own)", () => {
    const [message] = messagesAt(
      validateNotice(
        plain({ dataCategories: [{ code: 'shoe-size' }], customDataCategories: [{ code: 'skostorlek', label: text('Skostorlek') }] }),
      ),
      'dataCategories[0].code',
    );
    expect(message).toMatch(
      /^unknown data category "shoe-size"; use one of name, personnummer, .*, offences, skostorlek, or define it under customDataCategories$/,
    );
  });

  it('reports a category of its own without a label, or one that is no object, without throwing (schemathesis found a 500)', () => {
    const broken = plain({
      customDataCategories: [{ code: 'x-utan-etikett' }, null] as never,
      dataCategories: [{ code: 'x-utan-etikett' }],
    });
    const violations = validateNotice(broken);
    expect(fields(violations)).toEqual(expect.arrayContaining(['customDataCategories[0].label']));
  });

  it("accepts a category of the notice's own, and applies its flags like the code list's", () => {
    const own = { code: 'journalanteckning', label: text('Journalanteckningar'), art9: true };
    expect(validateNotice(plain({ customDataCategories: [own], dataCategories: [{ code: 'journalanteckning' }] }))).toEqual([
      {
        field: 'dataCategories[0].code',
        messages: ['"journalanteckning" is a special category (GDPR art. 9) but no legal basis has an art. 9.2 condition'],
      },
    ]);
    const withCondition = plain({
      customDataCategories: [own],
      dataCategories: [{ code: 'journalanteckning' }],
      legalBasisGroups: [group('vard', ['6.1.e', '9.2.h'])],
    });
    expect(validateNotice(withCondition)).toEqual([]);
    const idNumber = plain({
      customDataCategories: [{ code: 'lma-nummer', label: text('LMA-nummer'), personnummer: true }],
      dataCategories: [{ code: 'lma-nummer' }],
    });
    expect(fields(validateNotice(idNumber))).toEqual(['personnummerJustification']);
  });

  it('refuses a custom category that reuses a code-list code or is defined twice', () => {
    const notice = plain({
      customDataCategories: [
        { code: 'name', label: text('Namn') },
        { code: 'x', label: text('X') },
        { code: 'x', label: text('X') },
      ],
    });
    expect(messagesAt(validateNotice(notice), 'customDataCategories[0].code')[0]).toContain('is in the code list already');
    expect(messagesAt(validateNotice(notice), 'customDataCategories[2].code')).toEqual(['"x" is defined twice']);
  });

  it('rejects an art. 9 category without an art. 9.2 condition, and accepts it with one', () => {
    const noCondition = plain({ dataCategories: [{ code: 'name' }, { code: 'health' }] });
    expect(messagesAt(validateNotice(noCondition), 'dataCategories[1].code')).toEqual([
      '"health" is a special category (GDPR art. 9) but no legal basis has an art. 9.2 condition',
    ]);
    const withCondition = plain({ dataCategories: [{ code: 'health' }], legalBasisGroups: [group('g', ['6.1.e', '9.2.h'])] });
    expect(validateNotice(withCondition)).toEqual([]);
  });

  it('rejects an art. 10 category without an art. 10 basis, and accepts it with one', () => {
    const noBasis = plain({ dataCategories: [{ code: 'offences' }] });
    expect(messagesAt(validateNotice(noBasis), 'dataCategories[0].code')).toEqual([
      '"offences" is offence data (GDPR art. 10) but no legal basis cites art. 10',
    ]);
    const withBasis = plain({ dataCategories: [{ code: 'offences' }], legalBasisGroups: [group('g', ['6.1.e', '10'])] });
    expect(validateNotice(withBasis)).toEqual([]);
  });

  it('does not treat an excluded category as processed', () => {
    expect(validateNotice(plain({ excludedDataCategories: [{ code: 'health' }] }))).toEqual([]);
  });

  it('requires a justification for personnummer (3 kap. 10 § lag (2018:218))', () => {
    const notice = plain({ dataCategories: [{ code: 'personnummer' }] });
    expect(fields(validateNotice(notice))).toEqual(['personnummerJustification']);
    const justified = plain({ dataCategories: [{ code: 'personnummer' }], personnummerJustification: text('Säker identifiering.') });
    expect(validateNotice(justified)).toEqual([]);
  });
});

describe('validateNotice: recipients, transfers, retention', () => {
  it('checks recipient kinds', () => {
    const recipients = [{ kind: 'friend' as never, name: text('x') }];
    expect(fields(validateNotice(plain({ recipients })))).toEqual(['recipients[0].kind']);
  });

  it('accepts a transfer to a third country and rejects one to an EU/EEA state', () => {
    const transfer = (country: string) => ({ country, safeguard: 'standard-contractual-clauses' as const, description: text('Support') });
    expect(validateNotice(plain({ thirdCountryTransfers: [transfer('US')] }))).toEqual([]);
    expect(messagesAt(validateNotice(plain({ thirdCountryTransfers: [transfer('NO')] })), 'thirdCountryTransfers[0].country')).toEqual([
      '"NO" is in the EU/EEA, so this is not a third-country transfer',
    ]);
  });

  it('checks the retention rule reference', () => {
    const retention = [{ text: text('Gallras'), retentionRuleRef: 'regel med mellanslag' }];
    expect(fields(validateNotice(plain({ retention })))).toEqual(['retention[0].retentionRuleRef']);
  });
});

describe('validateNotice: rights overrides', () => {
  it('accepts an override that limits a right the basis gives', () => {
    expect(validateNotice(plain({ rightsOverrides: [override({ right: 'access', effect: 'limit' })] }))).toEqual([]);
  });

  it('rejects an override that tries to add a right', () => {
    const add = { ...override({ right: 'portability' }), effect: 'add' };
    const violations = validateNotice(plain({ rightsOverrides: [add as never] }));
    expect(messagesAt(violations, 'rightsOverrides[0].effect')).toEqual([
      'an override can only "remove" or "limit" a right; it can never add one',
    ]);
    expect(messagesAt(violations, 'rightsOverrides[0].right')).toEqual([
      'no legal basis in this notice gives the right "portability", so there is nothing to limit; an override can never add a right',
    ]);
  });

  it('requires the law and a reason, a known group and a valid citation', () => {
    const noLaw = { right: 'objection', effect: 'remove', groupId: 'nowhere' };
    const badLaw = override({ right: 'objection', law: { sfs: '5 kap. 1 §', label: text('DSL') } });
    const violations = validateNotice(plain({ rightsOverrides: [noLaw as never, badLaw] }));
    expect(fields(violations)).toEqual([
      'rightsOverrides[1].law.sfs',
      'rightsOverrides[0].groupId',
      'rightsOverrides[0].law',
      'rightsOverrides[0].reason',
    ]);
  });
});

describe('validateNotice: what real notices say', () => {
  it('takes roles: a processor and a joint controller name the organisations, a controller none', () => {
    const roles = [
      { role: 'controller' as const },
      { role: 'processor' as const, organisations: [text('Region Exempel'), text('Exempelkommun')] },
    ];
    expect(validateNotice(plain({ roles }))).toEqual([]);
    const bad = plain({ roles: [{ role: 'processor' }, { role: 'controller', organisations: [text('X')] }, { role: 'owner' }] } as never);
    expect(messagesAt(validateNotice(bad), 'roles[0].organisations')).toEqual(['is required']);
    expect(messagesAt(validateNotice(bad), 'roles[1].organisations')[0]).toContain('applies only to the roles processor');
    expect(messagesAt(validateNotice(bad), 'roles[2].role')).toEqual(['must be one of controller, processor, joint-controller']);
  });

  it('lets a route go to "the controller you are in contact with"', () => {
    const contacts = {
      ...factory.notice().contacts,
      questions: [{ to: 'your-controller' as const, text: text('Kontakta den som anlitat oss.') }],
    };
    expect(validateNotice(plain({ contacts }))).toEqual([]);
  });

  it('takes a notice without an organisation number, and still checks one that is given', () => {
    const { organisationNumber: _none, ...controller } = factory.notice().controller;
    expect(validateNotice(plain({ controller }))).toEqual([]);
    expect(fields(validateNotice(plain({ controller: { ...controller, organisationNumber: '123' } })))).toEqual([
      'controller.organisationNumber',
    ]);
  });

  it('maps a group to the data subjects and categories it covers, by id and code', () => {
    const notice = plain({
      dataSubjectCategories: [{ id: 'invanare', label: text('Invånare') }, { label: text('Tjänstepersoner') }],
      legalBasisGroups: [{ ...group('g', ['6.1.e']), dataSubjects: ['invanare'], dataCategories: ['name'] }],
    });
    expect(validateNotice(notice)).toEqual([]);
    const wrong = plain({
      dataSubjectCategories: [{ id: 'invanare', label: text('Invånare') }],
      legalBasisGroups: [{ ...group('g', ['6.1.e']), dataSubjects: ['elever'], dataCategories: ['health'] }],
    });
    expect(messagesAt(validateNotice(wrong), 'legalBasisGroups[0].dataSubjects[0]')).toEqual([
      '"elever" is not the id of one of the notice\'s dataSubjectCategories; use one of invanare',
    ]);
    expect(messagesAt(validateNotice(wrong), 'legalBasisGroups[0].dataCategories[0]')).toEqual([
      '"health" is not a code listed in the notice\'s dataCategories; use one of name, email',
    ]);
  });

  it('takes archiving with the law that requires it, and definitions', () => {
    const archiving = {
      text: text('Handlingar arkiveras enligt arkivlagen.'),
      law: [{ sfs: '1990:782', section: 3, label: text('arkivlagen') }],
    };
    const definitions = [{ term: text('Personuppgift'), text: text('All slags information som kan knytas till en levande person.') }];
    expect(validateNotice(plain({ archiving, definitions }))).toEqual([]);
    expect(fields(validateNotice(plain({ archiving: { text: text('Arkiveras.'), law: [] } })))).toEqual(['archiving.law']);
  });
});

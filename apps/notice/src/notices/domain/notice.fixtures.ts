import type { LegalBasis, LegalBasisCode, LegalBasisGroup, Localised, Notice, RightsOverride } from './notice.model.js';

/**
 * Test data builders (STYLE rule 20): each test asks for a fresh, valid notice and changes only what
 * it is about, instead of editing a shared fixture. The organisation is fictional; its number only
 * has a valid check digit.
 */

export function text(sv: string, en = `${sv} (en)`): Localised {
  return { sv, en };
}

export function basis(code: LegalBasisCode, extra: Partial<LegalBasis> = {}): LegalBasis {
  return { code, ...extra };
}

export function group(id: string, codes: LegalBasisCode[]): LegalBasisGroup {
  return { id, context: text(`Sammanhang ${id}`), bases: codes.map((code) => basis(code)) };
}

export function override(fields: Partial<RightsOverride> & Pick<RightsOverride, 'right'>): RightsOverride {
  return {
    effect: 'remove',
    law: {
      sfs: '2018:218',
      chapter: 5,
      section: 1,
      label: text('lag (2018:218) med kompletterande bestämmelser till EU:s dataskyddsförordning'),
    },
    reason: text('Uppgifter som omfattas av sekretess lämnas inte ut.'),
    ...fields,
  };
}

export const factory = {
  notice(fields: Partial<Notice> = {}): Notice {
    return {
      id: 'exempel-behandling',
      version: 1,
      languages: ['sv', 'en'],
      title: text('Behandling, exempel'),
      controller: {
        name: text('Exempelnämnden, Exempelkommun'),
        organisationNumber: '222222-3337',
        contact: {
          email: 'exempelnamnden@example.se',
          address: { lines: ['Exempelkommun', 'Exempelförvaltningen'], postalCode: '123 45', city: 'Exempelstad' },
        },
      },
      dpo: { email: 'dataskyddsombud@example.se', phone: '012-34 56 78' },
      purposes: [text('Att skicka säkra meddelanden.')],
      legalBasisGroups: [group('allmant', ['6.1.e'])],
      dataCategories: [{ code: 'name' }, { code: 'email' }],
      dataSubjectCategories: [{ label: text('Invånare') }],
      recipients: [{ kind: 'processor', name: text('Leverantörer av digitala tjänster') }],
      retention: [{ text: text('Gallras enligt gällande gallringsregler.') }],
      automatedMeans: true,
      contacts: {
        questions: [{ to: 'controller', text: text('Frågor om behandlingen.') }],
        complaints: [{ to: 'supervisory-authority', text: text('Klagomål till IMY.') }],
        supervisoryAuthority: { code: 'IMY', name: text('Integritetsskyddsmyndigheten (IMY)'), web: 'https://www.imy.se' },
      },
      ...fields,
    };
  },
};

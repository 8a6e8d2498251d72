import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Notice } from './notice.model.js';
import { parseNotice, validateNotice } from './notice.validation.js';
import { noticeWarnings } from './notice.warnings.js';
import { deriveRights } from './rights.js';

// The seed notices live in apps/notice/seed/, three levels up from this folder.
function loadSeed(file: string): unknown {
  return parse(readFileSync(join(import.meta.dirname, '../../../seed', file), 'utf8'));
}

describe('seed: Umeå kommun, Behandling, säkra meddelanden', () => {
  const raw = loadSeed('umea-behandling-sakra-meddelanden.yaml');

  it('validates with zero violations', () => {
    expect(validateNotice(raw)).toEqual([]);
  });

  const notice: Notice = parseNotice(raw);
  const rights = deriveRights(notice);
  const groupsWith = (code: string) => notice.legalBasisGroups.filter((g) => g.bases.some((b) => b.code === code)).map((g) => g.id);

  it('gives access, rectification and restriction in every context', () => {
    for (const right of ['access', 'rectification', 'restriction'] as const) {
      expect(rights[right].applies).toBe(true);
      expect(rights[right].appliesIn).toEqual(['sakra-meddelanden', 'socialtjanst-halso-och-sjukvard', 'arbetsgivaransvar']);
    }
  });

  it('gives no withdrawal of consent: nothing rests on consent', () => {
    expect(rights['withdraw-consent'].applies).toBe(false);
    expect(rights['withdraw-consent'].basisCodes).toEqual([]);
  });

  it('gives objection exactly where art. 6.1 e applies', () => {
    expect(rights.objection.basisCodes).toEqual(['6.1.e']);
    expect(rights.objection.appliesIn).toEqual(groupsWith('6.1.e'));
  });

  it('gives no portability or erasure from the public-interest and legal-obligation bases', () => {
    for (const right of ['portability', 'erasure'] as const) {
      expect(rights[right].grants.map((g) => g.code)).not.toContain('6.1.c');
      expect(rights[right].grants.map((g) => g.code)).not.toContain('6.1.e');
      expect(rights[right].appliesIn).not.toContain('sakra-meddelanden');
      expect(rights[right].appliesIn).not.toContain('socialtjanst-halso-och-sjukvard');
    }
  });

  it('gives portability and erasure only for employment-contract data (6.1 b), as the page says rights depend on the basis', () => {
    expect(rights.portability.grants).toEqual([{ groupId: 'arbetsgivaransvar', code: '6.1.b' }]);
    expect(rights.erasure.grants).toEqual([{ groupId: 'arbetsgivaransvar', code: '6.1.b' }]);
  });

  it('states the legal bases and every statute the page cites', () => {
    const codes = notice.legalBasisGroups.flatMap((g) => g.bases.map((b) => b.code));
    expect(new Set(codes)).toEqual(new Set(['6.1.b', '6.1.c', '6.1.e', '9.2.b', '9.2.g', '9.2.h', '10']));
    const cited = JSON.stringify(notice.legalBasisGroups);
    for (const sfs of ['2018:218', '2001:453', '1993:387', '2001:454', '2001:637', '2008:355', '2009:400']) {
      expect(cited).toContain(`"sfs":"${sfs}"`);
    }
  });

  it('lists every data category and data-subject category on the page', () => {
    expect(notice.dataCategories.map((c) => c.code)).toEqual([
      'name',
      'personnummer',
      'address',
      'email',
      'phone',
      'work-phone',
      'special-categories',
      'social-economic-situation',
      'offences',
      'ip-address',
      'financial',
    ]);
    expect(notice.excludedDataCategories?.map((c) => c.code)).toEqual(['protected-identity']);
    expect(notice.dataSubjectCategories).toHaveLength(9);
    expect(notice.recipients.map((r) => r.kind)).toEqual(['processor']);
  });

  it('has the page contacts: the committee, the DPO and IMY', () => {
    expect(notice.controller.contact.email).toBe('teknikochfastighet@umea.se');
    expect(notice.dpo).toMatchObject({ personName: 'Eric Lindström', phone: '090-16 32 15', email: 'dataskyddsombud@umea.se' });
    expect(notice.contacts.supervisoryAuthority).toMatchObject({ code: 'IMY', web: 'https://www.imy.se' });
    expect(notice.contacts.complaints.map((r) => r.to)).toEqual(['processing-unit', 'dpo', 'supervisory-authority']);
  });
});

describe('seed: consent example', () => {
  const raw = loadSeed('consent-example.yaml');

  it('validates with zero violations', () => {
    expect(validateNotice(raw)).toEqual([]);
  });

  it('derives withdrawal of consent and portability from art. 6.1 a, and no objection', () => {
    const rights = deriveRights(parseNotice(raw));
    expect(rights['withdraw-consent']).toMatchObject({ applies: true, basisCodes: ['6.1.a'] });
    expect(rights.portability).toMatchObject({ applies: true, basisCodes: ['6.1.a'] });
    expect(rights.erasure.applies).toBe(true);
    expect(rights.objection.applies).toBe(false);
  });

  it('asks for a BankID signature on one consent purpose (sms-amnesrad) and not on the other', () => {
    const notice = parseNotice(raw);
    expect(notice.legalBasisGroups.map((g) => [g.id, g.consent?.signature ?? 'none'])).toEqual([
      ['sms-avisering', 'none'],
      ['sms-amnesrad', 'required'],
    ]);
  });
});

describe('seed: a processor organisation (made up)', () => {
  const raw = loadSeed('processor-example.yaml');

  it('validates with zero violations and no warnings: it states transfers and automated decisions (none)', () => {
    expect(validateNotice(raw)).toEqual([]);
    expect(noticeWarnings(raw)).toEqual([]);
  });

  it('is controller for its own staff and processor for three members, and sends people to the controller they are in contact with', () => {
    const notice = parseNotice(raw);
    expect(notice.roles?.map((r) => [r.role, r.organisations?.length ?? 0])).toEqual([
      ['controller', 0],
      ['processor', 3],
    ]);
    expect(notice.contacts.questions[0]!.to).toBe('your-controller');
  });

  it('maps each basis to whom and which data it covers, with categories of its own', () => {
    const notice = parseNotice(raw);
    expect(notice.legalBasisGroups.map((g) => [g.id, g.dataSubjects, g.dataCategories])).toEqual([
      ['arenden', ['invanare'], ['name', 'personnummer', 'email', 'arendeuppgifter', 'bilagor']],
      ['personalkonton', ['personal'], ['name', 'work-phone', 'inloggningslogg']],
    ]);
    expect(notice.customDataCategories?.map((c) => c.code)).toEqual(['arendeuppgifter', 'bilagor', 'inloggningslogg']);
  });

  it('limits erasure by its archiving statement (art. 17.3 d), where the staff contract gives erasure', () => {
    const rights = deriveRights(parseNotice(raw));
    expect(rights.erasure.appliesIn).toEqual(['personalkonton']);
    expect(rights.erasure.limitedBy.map((o) => o.law)).toEqual([expect.objectContaining({ gdpr: '17.3.d' })]);
  });
});

describe('seed: Umeå gives no organisation number (the page prints none)', () => {
  it('and is warned about the statements the page does not make', () => {
    const raw = loadSeed('umea-behandling-sakra-meddelanden.yaml') as { controller: Record<string, unknown> };
    expect(raw.controller).not.toHaveProperty('organisationNumber');
    expect(noticeWarnings(raw).map((w) => w.field)).toEqual(['thirdCountryTransfers', 'automatedDecisions']);
  });
});

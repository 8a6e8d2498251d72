import { describe, expect, it } from '@jest/globals';
import type { NoticeTermsRepository } from '../../../notices/persistence/notice-terms.repository.js';
import { changeOf, type ConsentSummary, newConsent } from '../../domain/consent.js';
import type { ConsentsRepository } from '../../persistence/consents.repository.js';
import { citizen, smsTerms, SUBJECT } from '../use-case-fakes.js';
import { ListConsentsUseCase } from './list-consents.usecase.js';
import { strictFake } from '@insyn/testing';

const at = new Date('2026-03-01T10:00:00Z');
const summary = (id: string, terms = smsTerms(), over: Partial<ConsentSummary> = {}): ConsentSummary => {
  const { history: _, ...rest } = newConsent(
    id,
    SUBJECT,
    changeOf(1, 'given', terms, terms.consentPurposes[0]!, 'sv', citizen().method, at),
  );
  return { ...rest, ...over };
};

function useCase(current: ReturnType<typeof smsTerms>[], mine: ConsentSummary[]) {
  return new ListConsentsUseCase(
    strictFake<ConsentsRepository>('ConsentsRepository', {
      listOwned: (subjectKey) => Promise.resolve(subjectKey === SUBJECT ? mine : []),
    }),
    strictFake<NoticeTermsRepository>('NoticeTermsRepository', { listCurrent: () => Promise.resolve(current) }),
  );
}

describe('ListConsentsUseCase', () => {
  it('offers every consent purpose of the current notices, with the text, as not given when the person has none', async () => {
    const { purposes, formerConsents } = await useCase([smsTerms()], []).execute(SUBJECT);
    expect(purposes).toEqual([
      {
        notice: { slug: 'sms-avisering', version: 1, title: smsTerms().title },
        purpose: {
          id: 'sms-avisering',
          basis: '6.1.a',
          title: { sv: 'Sms-avisering', en: 'SMS alerts' },
          text: { sv: 'Ditt samtycke.', en: 'Your consent.' },
          signature: 'none',
        },
        status: 'not-given',
        consent: null,
      },
    ]);
    expect(formerConsents).toEqual([]);
  });

  it('says which purposes are given by signing with BankID', async () => {
    const t = smsTerms();
    const signed = {
      ...t,
      consentPurposes: [...t.consentPurposes, { ...t.consentPurposes[0]!, id: 'sms-amnesrad', signature: 'required' as const }],
    };
    const { purposes } = await useCase([signed], []).execute(SUBJECT);
    expect(purposes.map((p) => [p.purpose.id, p.purpose.signature])).toEqual([
      ['sms-avisering', 'none'],
      ['sms-amnesrad', 'required'],
    ]);
  });

  it('says given, withdrawn, or renewal-needed when the current version changed the wording consented to', async () => {
    const list = async (current: ReturnType<typeof smsTerms>, mine: ConsentSummary) =>
      (await useCase([current], [mine]).execute(SUBJECT)).purposes[0];
    expect(await list(smsTerms(), summary('consent-1'))).toMatchObject({
      status: 'given',
      consent: { consentId: 'consent-1', state: 'given', givenUnderVersion: 1 },
    });
    expect(await list(smsTerms(), summary('consent-1', smsTerms(), { state: 'withdrawn' }))).toMatchObject({ status: 'withdrawn' });
    expect(await list(smsTerms({ version: 2 }), summary('consent-1'))).toMatchObject({ status: 'given' });
    expect(await list(smsTerms({ version: 2 }, { sv: 'Ny text.' }), summary('consent-1'))).toMatchObject({
      status: 'renewal-needed',
      notice: { version: 2 },
      consent: { givenUnderVersion: 1 },
    });
  });

  it('lists consents to purposes no longer offered apart, saying why', async () => {
    const other = smsTerms({ slug: 'nedlagd', noticeId: 'nedlagd' });
    const dropped = smsTerms({ consentPurposes: [] });
    const { purposes, formerConsents } = await useCase([dropped], [summary('consent-1'), summary('consent-2', other)]).execute(SUBJECT);
    expect(purposes).toEqual([]);
    expect(formerConsents).toEqual([
      expect.objectContaining({ consentId: 'consent-1', notice: 'sms-avisering', state: 'given', reason: 'purpose-not-current' }),
      expect.objectContaining({ consentId: 'consent-2', notice: 'nedlagd', reason: 'notice-not-current' }),
    ]);
  });
});

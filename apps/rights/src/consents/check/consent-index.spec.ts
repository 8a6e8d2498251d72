import { describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { Broadcasts } from '@insyn/messaging';
import type { RightsEnv } from '../../config/rights-env.js';
import type { NoticeTermsRepository } from '../../notices/persistence/notice-terms.repository.js';
import { textDigest } from '../domain/consent.js';
import type { ConsentsRepository } from '../persistence/consents.repository.js';
import { smsTerms, SUBJECT } from '../usecases/use-case-fakes.js';
import { ConsentIndex, type IndexedConsent } from './consent-index.js';
import { strictFake } from '@insyn/testing';

const terms = smsTerms();
const digest = textDigest(terms.consentPurposes[0]!);
const consent = (over: Partial<IndexedConsent> = {}): IndexedConsent => ({
  consentId: 'consent-1',
  subjectKey: SUBJECT,
  notice: 'sms-avisering',
  purpose: 'sms-avisering',
  state: 'given',
  sequence: 1,
  noticeVersion: 1,
  textDigest: digest,
  changedAt: new Date('2026-03-01T10:00:00Z'),
  ...over,
});

function index(rows: IndexedConsent[] = [], current = [terms]): ConsentIndex {
  return new ConsentIndex(
    strictFake<ConsentsRepository>('ConsentsRepository', { summariesSince: () => Promise.resolve(rows as never) }),
    strictFake<NoticeTermsRepository>('NoticeTermsRepository', { listCurrent: () => Promise.resolve(current) }),
    strictFake<Broadcasts>('Broadcasts', {}),
    { now: () => new Date('2026-03-02T00:00:00Z') },
    { get: () => 15_000 } as unknown as ConfigService<RightsEnv, true>,
  );
}

describe('ConsentIndex', () => {
  it('answers from what it loaded, per person, notice and purpose', async () => {
    const idx = index([consent()]);
    await idx.sync(true);
    expect(idx.check(SUBJECT, 'sms-avisering', 'sms-avisering')).toMatchObject({
      consents: true,
      reason: 'given',
      consentId: 'consent-1',
      givenUnderVersion: 1,
      currentNoticeVersion: 1,
    });
    expect(idx.check('sk1_someone-else-entirely-000000000000000000000', 'sms-avisering', 'sms-avisering')).toMatchObject({
      consents: false,
      reason: 'not-given',
    });
    expect(idx.check(SUBJECT, 'okand', 'sms-avisering')).toMatchObject({ consents: false, reason: 'notice-not-current' });
  });

  it('never moves a consent backwards: an older sequence from an event or a sync is ignored', async () => {
    const idx = index([consent()]);
    await idx.sync(true);
    idx.apply(consent({ state: 'withdrawn', sequence: 2 }));
    expect(idx.check(SUBJECT, 'sms-avisering', 'sms-avisering')).toMatchObject({ consents: false, reason: 'withdrawn' });
    idx.apply(consent({ state: 'given', sequence: 1 }));
    await idx.sync();
    expect(idx.check(SUBJECT, 'sms-avisering', 'sms-avisering')).toMatchObject({ consents: false, reason: 'withdrawn' });
  });

  it('follows the notices: a new wording needs renewal, a withdrawn notice holds no consent', async () => {
    const idx = index([consent()]);
    await idx.sync(true);
    idx.applyNotice(smsTerms({ version: 2 }, { sv: 'Ny text.' }));
    expect(idx.check(SUBJECT, 'sms-avisering', 'sms-avisering')).toMatchObject({
      consents: false,
      reason: 'renewal-needed',
      currentNoticeVersion: 2,
    });
    idx.applyNotice(smsTerms({ version: 1 }));
    expect(idx.check(SUBJECT, 'sms-avisering', 'sms-avisering')).toMatchObject({ currentNoticeVersion: 2 });
    idx.applyNoticeWithdrawn('sms-avisering', 2);
    expect(idx.check(SUBJECT, 'sms-avisering', 'sms-avisering')).toMatchObject({ consents: false, reason: 'notice-not-current' });
  });
});

// Shared by the consent use cases' unit tests: a consent-based notice and a citizen (strict port fakes: strictFake of
// @insyn/testing).
import type { Localized, NoticeTerms } from '../../notices/domain/notice-terms.js';
import type { Citizen } from '../domain/citizen.js';

export const SUBJECT = 'sk1_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';

export const citizen = (over: Partial<Citizen['method']> = {}): Citizen => ({
  subjectKey: SUBJECT,
  method: { provider: 'bankid', loa: 3, sessionId: 'session-0001', ...over },
});

/** The consent-based example notice's terms: one purpose, `sms-avisering`, on art. 6.1 a. */
export const smsTerms = (
  over: Partial<NoticeTerms> = {},
  text: Localized = { sv: 'Ditt samtycke.', en: 'Your consent.' },
): NoticeTerms => ({
  slug: 'sms-avisering',
  noticeId: 'sms-avisering',
  version: 1,
  publishedAt: new Date('2026-01-01T00:00:00Z'),
  title: { sv: 'Behandling, sms-avisering', en: 'Processing, SMS alerts' },
  requestKinds: {
    access: { applies: true, article: '15' },
    rectification: { applies: true, article: '16' },
    erasure: { applies: true, article: '17' },
    restriction: { applies: true, article: '18' },
    objection: { applies: false, article: '21' },
    portability: { applies: true, article: '20' },
  },
  consentPurposes: [{ id: 'sms-avisering', basis: '6.1.a', title: { sv: 'Sms-avisering', en: 'SMS alerts' }, text }],
  controller: { name: 'Kommunstyrelsen, Exempelkommun', organisationNumber: '222222-3337' },
  ...over,
});

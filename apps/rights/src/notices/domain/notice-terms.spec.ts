import { describe, expect, it } from '@jest/globals';
import { REQUEST_KINDS } from '@insyn/contracts';
import { noticeTermsOf } from './notice-terms.js';

const rights = Object.fromEntries(REQUEST_KINDS.map((k) => [k, { applies: true, article: '15' }]));
const event = (extra: Record<string, unknown> = {}, content: Record<string, unknown> = {}) => ({
  noticeId: 'n',
  slug: 'n',
  version: 1,
  publishedAt: '2026-12-04T10:00:00.000Z',
  ...extra,
  content: {
    title: { sv: 'Behandling' },
    rights,
    controller: { name: { sv: 'Exempelförbundet' } },
    dataCategories: [{ code: 'name' }, { code: 'arende' }],
    customDataCategories: [{ code: 'arende', label: { sv: 'Uppgifter i ärendet' } }],
    ...content,
  },
});

describe('noticeTermsOf: a notice without an organisation number, and categories of its own', () => {
  it('names the controller by the content when the event has no reference (the notice prints no number)', () => {
    expect(noticeTermsOf(event()).controller).toEqual({ name: 'Exempelförbundet' });
    const withRef = noticeTermsOf(event({ controller: { name: 'Kommunstyrelsen', organisationNumber: '222222-3337' } }));
    expect(withRef.controller).toEqual({ name: 'Kommunstyrelsen', organisationNumber: '222222-3337' });
    expect(noticeTermsOf(event({}, { controller: undefined })).controller).toBeUndefined();
  });

  it('gives a custom data category its label in the facts, a code-list one its code as before', () => {
    expect(noticeTermsOf(event()).facts?.dataCategories).toEqual(['name', 'Uppgifter i ärendet']);
  });
});

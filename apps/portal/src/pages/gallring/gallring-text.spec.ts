import { describe, expect, it } from '@jest/globals';
import {
  actionText,
  actorOfToken,
  actorText,
  dayText,
  decisionText,
  durationText,
  performerText,
  scheduleText,
  selectionText,
} from './gallring-text.js';
import { reviewInstant } from './holds.controller.js';
import { nextCursor } from './paging.js';

describe('gallring in words', () => {
  it('says a gallringsfrist in words, in Swedish and English', () => {
    expect(durationText('P2Y', 'sv')).toBe('2 år');
    expect(durationText('P1Y6M', 'sv')).toBe('1 år och 6 månader');
    expect(durationText('P1M2W3D', 'en')).toBe('1 month, 2 weeks and 3 days');
    expect(durationText('P1D', 'en')).toBe('1 day');
    // A time part is shown as it is written rather than guessed at.
    expect(durationText('PT12H', 'sv')).toBe('PT12H');
    expect(durationText(null, 'sv')).toBe('');
  });

  it('says what a rule does, and its decision with organ, date, diarienummer and paragraph', () => {
    expect(actionText({ action: 'delete', trigger: 'conversation-closed', after: 'P2Y' }, 'sv')).toBe(
      'Gallras 2 år efter att samtalet avslutades',
    );
    expect(actionText({ action: 'keep', trigger: 'case-closed', after: null }, 'en')).toBe('Kept');
    const decision = { body: 'Socialnämnden', date: '2025-05-12', reference: 'SN 2025/17', section: '§ 45' };
    expect(decisionText(decision, 'sv')).toBe('Socialnämnden 12 maj 2025, dnr SN 2025/17, § 45');
    expect(decisionText({ ...decision, section: undefined }, 'sv')).toBe('Beslut saknas');
    expect(dayText('2025-05-12', 'en')).toBe('12 May 2025');
  });

  it('says a selection in Swedish time', () => {
    const s = { informationType: 'secure-message', unitName: 'Kommunstyrelsen', trigger: 'conversation-closed' };
    // 23:30 UTC on 31 December is 00:30 on New Year's Day in Stockholm.
    expect(selectionText({ ...s, triggeredBefore: '2024-12-31T23:30:00.000Z' }, 'sv')).toBe(
      'Säkra meddelanden hos Kommunstyrelsen: samtal avslutade före 1 januari 2025 kl. 00:30',
    );
    expect(selectionText({ ...s, triggeredBefore: '2024-06-30T22:00:00.000Z', requireArchived: true }, 'en')).toContain('(archived only)');
  });
});

describe('who and when, in words', () => {
  it('names an official by her HSA-id, the scheduler as the schedule, a system by its id', () => {
    expect(actorText('official:SE2120002627-E000000000003', 'sv')).toBe('tjänsteperson med HSA-id SE2120002627-E000000000003');
    expect(actorText({ kind: 'official', id: 'SE2120002627-E000000000003' }, 'en')).toBe('official with HSA-id SE2120002627-E000000000003');
    expect(actorText('service:retention-scheduler', 'sv')).toBe('schemat (automatiskt)');
    expect(actorText({ kind: 'system', id: 'rights' }, 'en')).toBe('the system rights');
    expect(actorText(undefined, 'sv')).toBe('');
  });

  it('says the usual schedules in words, and the others as written', () => {
    expect(scheduleText('0 2 * * *', 'sv')).toBe('Varje dag kl. 02:00');
    expect(scheduleText('30 3 * * 1', 'en')).toBe('Every Monday at 03:30');
    expect(scheduleText('0 4 1 * *', 'sv')).toBe('Den 1 varje månad kl. 04:00');
    expect(scheduleText('*/15 * * * *', 'sv')).toBe('*/15 * * * *');
    expect(scheduleText('0 25 * * *', 'sv')).toBe('0 25 * * *');
  });
});

describe('the gallring pages’ input', () => {
  const now = new Date('2026-12-04T10:00:00.000Z');

  it('takes a review date after today and at most a year ahead', () => {
    expect(reviewInstant('2027-01-04', now)).toBe('2027-01-04T00:00:00.000Z');
    expect(reviewInstant('2026-12-04', now)).toBeUndefined();
    expect(reviewInstant('2027-12-05', now)).toBeUndefined();
    expect(reviewInstant('2027-02-30', now)).toBeUndefined();
    expect(reviewInstant('4 januari', now)).toBeUndefined();
  });

  it('follows the retention service’s Link header to the next page, and nothing else', () => {
    expect(nextCursor(new Headers({ link: '</v1/runs?cursor=eyJhIjoxfQ>; rel="next"' }))).toBe('eyJhIjoxfQ');
    expect(nextCursor(new Headers())).toBeUndefined();
    expect(nextCursor(new Headers({ link: '</v1/runs?cursor=a%22b>; rel="next"' }))).toBeUndefined();
  });
});

describe('who did it', () => {
  it('names an official when the service kept her name, by her HSA-id otherwise', () => {
    expect(performerText('official:SE2120002627-E000000000003', 'Frida Forsberg', 'sv')).toBe(
      'Frida Forsberg (tjänsteperson med HSA-id SE2120002627-E000000000003)',
    );
    expect(performerText('official:SE2120002627-E000000000003', undefined, 'en')).toBe('official with HSA-id SE2120002627-E000000000003');
    expect(performerText(undefined, undefined, 'sv')).toBe('');
  });

  it('reads the signed-in official as the retention service records her from her token, and nothing from a bad token', () => {
    const token = ['h', Buffer.from(JSON.stringify({ hsa_id: 'SE2120002627-E000000000006' })).toString('base64url'), 's'].join('.');
    expect(actorOfToken(token)).toBe('official:SE2120002627-E000000000006');
    expect(actorOfToken(['h', Buffer.from('{}').toString('base64url'), 's'].join('.'))).toBeUndefined();
    expect(actorOfToken('not-a-token')).toBeUndefined();
  });
});

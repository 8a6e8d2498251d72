import { describe, expect, it } from '@jest/globals';
import { NoticeWithdrawnV1Event } from './events/notice.js';
import { validateEvent, validatePayload } from './validate.js';

const event = {
  id: '01a2-x',
  type: 'notice.withdrawn.v1',
  occurredAt: '2026-11-23T10:00:00.000Z',
  source: 'notice',
  correlationId: 'c-1',
  data: { noticeId: 'sakra-meddelanden', slug: 'sakra-meddelanden', lastVersion: 2, withdrawnAt: '2026-11-23T10:00:00.000Z' },
};

describe('event contracts', () => {
  it('accepts a valid event', () => {
    expect(validateEvent(NoticeWithdrawnV1Event, event)).toEqual([]);
  });

  it('names each bad field by path', () => {
    const violations = validateEvent(NoticeWithdrawnV1Event, {
      ...event,
      occurredAt: 'yesterday',
      data: { ...event.data, lastVersion: 0, extra: 1 },
    });
    expect(violations.map((v) => v.field).sort()).toEqual(['data.extra', 'data.lastVersion', 'occurredAt']);
  });

  it('rejects an event of another type on this contract', () => {
    expect(validateEvent(NoticeWithdrawnV1Event, { ...event, type: 'notice.published.v1' }).map((v) => v.field)).toEqual(['type']);
  });

  it('rejects a personnummer as subject key', () => {
    expect(validateEvent(NoticeWithdrawnV1Event, { ...event, subjectKey: '199001011234' }).map((v) => v.field)).toEqual(['subjectKey']);
  });

  it.each([null, 'text', [1], 42])('rejects %j as an event', (value) => {
    expect(validateEvent(NoticeWithdrawnV1Event, value)).not.toEqual([]);
  });

  it('validates payloads alone for producers', () => {
    expect(validatePayload(NoticeWithdrawnV1Event, { ...event.data, slug: 'Not A Slug' }).map((v) => v.field)).toEqual(['data.slug']);
  });
});

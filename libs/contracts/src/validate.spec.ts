import { describe, expect, it } from '@jest/globals';
import { NoticeWithdrawnV1Event } from './events/notice.js';
import { flattenValidationErrors, MAX_EVENT_DEPTH, nestedDeeperThan, validateEvent, validatePayload } from './validate.js';

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

  it('names array items with brackets, properties with dots: attachments[0].content', () => {
    const content = { property: 'content', constraints: { isBase64: 'content must be base64' }, children: [] };
    const errors = [
      { property: 'attachments', children: [{ property: '0', children: [content] }] },
      { property: 'tags', constraints: { a: 'bad' } },
    ];
    expect(flattenValidationErrors(errors as never).map((v) => v.field)).toEqual(['attachments[0].content', 'tags']);
    expect(flattenValidationErrors(errors as never, 'data').map((v) => v.field)).toEqual(['data.attachments[0].content', 'data.tags']);
  });

  it('refuses an event nested deeper than the limit before class-transformer recurses into it (it overflowed the stack)', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    expect(validateEvent(NoticeWithdrawnV1Event, { ...event, data: { ...event.data, deep } })).toEqual([
      { field: '', messages: [`must not be nested deeper than ${MAX_EVENT_DEPTH} levels`] },
    ]);
    expect(validatePayload(NoticeWithdrawnV1Event, { ...event.data, deep }).map((v) => v.field)).toEqual(['data']);
  });

  it('measures nesting as the HTTP body limit does: {"a":[1]} is 2 levels', () => {
    expect(nestedDeeperThan({ a: [1] }, 2)).toBe(false);
    expect(nestedDeeperThan({ a: [[1]] }, 2)).toBe(true);
    expect(nestedDeeperThan('text', 0)).toBe(false);
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

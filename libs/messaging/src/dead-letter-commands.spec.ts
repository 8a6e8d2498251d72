import { describe, expect, it } from '@jest/globals';
import { describeDeadLetter } from './dead-letter-commands.js';

describe('dead-letter show', () => {
  it('outlines the message by its metadata and field names, never its values, and scrubs personnummer from errors', () => {
    const value = JSON.stringify({
      id: 'e1',
      type: 'rights.request.part.v1',
      source: 'messages',
      occurredAt: '2026-12-04T10:00:00.000Z',
      correlationId: 'c1',
      subjectKey: 'sk-secret',
      data: { requestId: 'r1', records: ['Anna Andersson'] },
    });
    const shown = describeDeadLetter({
      id: '0:12',
      replays: 1,
      record: {
        consumer: 'RequestsConsumer.onPart',
        originalTopic: 'rights.request.part.v1',
        partition: 2,
        offset: '40',
        key: 'r1',
        value,
        eventId: 'e1',
        reason: 'handler-failed',
        error: 'no person 19900101-1234',
        violations: [{ field: 'data.x', messages: ['19900101-1234 is not allowed'] }],
        attempts: 5,
        deadLetteredAt: '2026-12-04T10:00:05.000Z',
      },
    });
    expect(shown).toMatchObject({
      id: '0:12',
      eventId: 'e1',
      error: 'no person [personnummer]',
      violations: [{ field: 'data.x', messages: ['[personnummer] is not allowed'] }],
      message: { type: 'rights.request.part.v1', hasSubjectKey: true, dataFields: ['records', 'requestId'] },
    });
    const text = JSON.stringify(shown);
    for (const secret of ['sk-secret', 'Anna Andersson', '19900101-1234']) expect(text).not.toContain(secret);
  });

  it('says what it can of a message that is not an envelope', () => {
    const base = { id: '1:1', replays: 0 };
    const record = {
      consumer: 'c',
      originalTopic: 't',
      partition: 0,
      offset: '1',
      key: null,
      reason: 'contract-violation' as const,
      error: 'e',
      attempts: 0,
      deadLetteredAt: 'now',
    };
    expect(describeDeadLetter({ ...base, record: { ...record, value: 'not json' } }).message).toEqual({
      present: true,
      json: false,
      bytes: 8,
    });
    expect(describeDeadLetter({ ...base, record: { ...record, value: null } }).message).toEqual({ present: false });
  });
});

import { describe, expect, it } from '@jest/globals';
import { RightsRequestPartV1Event, validatePayload } from '@insyn/contracts';
import {
  AccessExtract,
  conversationRecord,
  MAX_BODY_CHARS,
  MAX_EVENT_BYTES,
  MAX_RECORDS,
  type PlainConversation,
} from './access-extract.js';

const at = (day: number) => new Date(Date.UTC(2026, 0, day, 9, 30));

function conversation(over: Partial<PlainConversation> = {}): PlainConversation {
  return {
    conversationId: 'c-00000001',
    unit: { id: 'socialtjansten', name: 'Individ- och familjeomsorgen' },
    subject: 'Kallelse till möte',
    status: 'closed',
    openedAt: at(1),
    closedAt: at(3),
    archive: { status: 'archived', archivedAt: at(4) },
    messageCount: 2,
    notificationContact: { email: 'anna@example.se' },
    messages: [
      {
        seq: 1,
        sentAt: at(1),
        readAt: at(2),
        author: { kind: 'client', name: 'Individ- och familjeomsorgen' },
        body: 'Hej Anna! Här kommer beslutet.',
        attachments: [{ attachmentId: 'a-00000001', fileName: 'beslut.pdf', mimeType: 'application/pdf', size: 1234 }],
      },
      { seq: 2, sentAt: at(2), author: { kind: 'citizen' }, body: 'Tack.', attachments: [] },
    ],
    ...over,
  };
}

const payload = (records: Record<string, unknown>[]) => ({
  requestId: 'req-00000001',
  service: 'messages',
  kind: 'access',
  records,
  decision: { outcome: 'done', legalReason: 'art. 15' },
  producedAt: new Date().toISOString(),
});

describe('conversationRecord', () => {
  it('shows unit, subject, status, dates, archive status and the messages with when she read them, attachment names, types and sizes', () => {
    expect(conversationRecord(conversation())).toEqual({
      type: 'conversation',
      conversationId: 'c-00000001',
      unit: { id: 'socialtjansten', name: 'Individ- och familjeomsorgen' },
      subject: 'Kallelse till möte',
      status: 'closed',
      openedAt: '2026-01-01T09:30:00.000Z',
      closedAt: '2026-01-03T09:30:00.000Z',
      archive: { status: 'archived', archivedAt: '2026-01-04T09:30:00.000Z' },
      content: 'available',
      messageCount: 2,
      notificationContact: { email: 'anna@example.se' },
      messages: [
        {
          seq: 1,
          sentAt: '2026-01-01T09:30:00.000Z',
          readAt: '2026-01-02T09:30:00.000Z',
          author: { kind: 'client', name: 'Individ- och familjeomsorgen' },
          body: 'Hej Anna! Här kommer beslutet.',
          attachments: [{ attachmentId: 'a-00000001', fileName: 'beslut.pdf', mimeType: 'application/pdf', size: 1234 }],
        },
        { seq: 2, sentAt: '2026-01-02T09:30:00.000Z', author: { kind: 'citizen' }, body: 'Tack.', attachments: [] },
      ],
      attachmentCopies: expect.stringContaining('på begäran via API:t'),
    });
  });

  it('an open conversation has no closedAt and is not yet archived', () => {
    const { closedAt: _c, archive: _a, ...open } = conversation({ status: 'open' });
    expect(conversationRecord(open)).toMatchObject({ status: 'open', archive: { status: 'not-closed' } });
    expect(conversationRecord(open)).not.toHaveProperty('closedAt');
  });

  it('a conversation whose key gallring destroyed is reported as deleted, with no content', () => {
    const { messages: _m, notificationContact: _n, ...purged } = conversation();
    const record = conversationRecord(purged);
    expect(record).toMatchObject({ content: 'deleted-by-gallring', conversationId: 'c-00000001' });
    expect(record).not.toHaveProperty('messages');
    expect(record).not.toHaveProperty('notificationContact');
  });

  it('caps a body at the API’s size and says so', () => {
    const long = conversation();
    long.messages![0]!.body = 'x'.repeat(MAX_BODY_CHARS + 10);
    const m = (conversationRecord(long).messages as { body: string; bodyTruncated?: boolean }[])[0]!;
    expect(m.body).toHaveLength(MAX_BODY_CHARS);
    expect(m.bodyTruncated).toBe(true);
  });
});

describe('AccessExtract', () => {
  it('puts the summary first: categories held, counts, and the retention statement naming the notice', () => {
    const extract = new AccessExtract();
    extract.offer(conversation());
    const { messages: _m, ...purged } = conversation({ conversationId: 'c-00000002' });
    extract.offer(purged);
    const records = extract.build();
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({
      type: 'summary',
      service: 'messages',
      processing: { notice: 'sakra-meddelanden' },
      conversations: 2,
      deletedByGallring: 1,
      retention: expect.stringContaining('sakra-meddelanden'),
    });
    expect(records[0]).not.toHaveProperty('truncated');
    expect(extract.truncated).toBe(false);
    expect(validatePayload(RightsRequestPartV1Event, payload(records))).toEqual([]);
  });

  it('with nothing held, the summary alone says so', () => {
    const records = new AccessExtract().build();
    expect(records).toEqual([expect.objectContaining({ type: 'summary', conversations: 0 })]);
  });

  it('stays under ~900 KB: what does not fit is left out and named, with a pointer to the full extract in the API', () => {
    const extract = new AccessExtract();
    const big = (i: number) => {
      const c = conversation({ conversationId: `c-${String(i).padStart(8, '0')}` });
      c.messages = Array.from({ length: 10 }, (_, seq) => ({ ...c.messages![0]!, seq: seq + 1, body: 'å'.repeat(MAX_BODY_CHARS) }));
      return c;
    };
    for (let i = 0; i < 10; i++) extract.offer(big(i));
    extract.offer(conversation({ conversationId: 'c-small-01' }));
    const records = extract.build();
    const size = Buffer.byteLength(JSON.stringify(payload(records)));
    expect(size).toBeLessThan(MAX_EVENT_BYTES);
    expect(extract.truncated).toBe(true);
    const summary = records[0] as { truncated: { omittedConversations: number; omittedConversationIds: string[]; note: string } };
    expect(summary.truncated.omittedConversations).toBe(10 - (records.length - 2));
    expect(summary.truncated.note).toContain('GET /v1/conversations');
    // A later, smaller conversation still fits.
    expect(records.at(-1)).toMatchObject({ conversationId: 'c-small-01' });
    expect(validatePayload(RightsRequestPartV1Event, payload(records))).toEqual([]);
  });

  it('never exceeds the contract’s 10 000 records', () => {
    const extract = new AccessExtract(Number.MAX_SAFE_INTEGER);
    const { messages: _m, ...purged } = conversation();
    for (let i = 0; i < MAX_RECORDS + 5; i++) {
      if (extract.full) extract.skip(`c-${i}`, true);
      else extract.offer({ ...purged, conversationId: `c-${i}` });
    }
    const records = extract.build();
    expect(records).toHaveLength(MAX_RECORDS);
    expect(records[0]).toMatchObject({ conversations: MAX_RECORDS + 5, truncated: { omittedConversations: 6 } });
  });
});

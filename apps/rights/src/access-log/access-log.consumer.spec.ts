import { describe, expect, it, jest } from '@jest/globals';
import type { AuditAccessedV1Envelope, PurgeRequestedV1Envelope } from '@insyn/contracts';
import { PermanentEventError } from '@insyn/messaging';
import { AccessLogConsumer } from './access-log.consumer.js';
import { ANNA, BRITT, OFFICIAL, purgeRequest, units } from './usecases/access-log-fakes.js';
import type { PurgeAccessLog } from './usecases/purge-access-log/purge-access-log.usecase.js';
import type { RecordAccess } from './usecases/record-access/record-access.usecase.js';

const envelope = (data: object, subjectKey?: string) => ({
  id: 'evt-00000001',
  type: 't.v1',
  occurredAt: '2026-03-01T10:00:00.000Z',
  source: 'messages',
  correlationId: 'corr-1',
  ...(subjectKey ? { subjectKey } : {}),
  data,
});

function setUp() {
  const record = { execute: jest.fn<RecordAccess['execute']>().mockResolvedValue('recorded') };
  const purge = { execute: jest.fn<PurgeAccessLog['execute']>().mockResolvedValue({} as never) };
  const consumer = new AccessLogConsumer(record as unknown as RecordAccess, purge as unknown as PurgeAccessLog, units());
  return { record, purge, consumer };
}

const accessed = {
  accessId: 'acc-00000001',
  accessor: { kind: 'official' as const, id: OFFICIAL, role: 'messages-handler', unit: 'socialtjansten' },
  subjectKey: ANNA,
  resource: { type: 'conversation' as const, id: 'conv-00000001', conversationId: 'conv-00000001' },
  action: 'read' as const,
  purpose: 'handlaggning',
  accessedAt: '2026-03-01T10:00:00.000Z',
};

describe('AccessLogConsumer', () => {
  it('records a read with the service that reported it', async () => {
    const { record, consumer } = setUp();
    await consumer.onAccessed(envelope(accessed, ANNA) as AuditAccessedV1Envelope);
    expect(record.execute).toHaveBeenCalledWith(accessed, 'messages');
  });

  it('refuses for good an event whose envelope names another person than its data', async () => {
    const { record, consumer } = setUp();
    await expect(consumer.onAccessed(envelope(accessed, BRITT) as AuditAccessedV1Envelope)).rejects.toBeInstanceOf(PermanentEventError);
    expect(record.execute).not.toHaveBeenCalled();
  });

  it('answers purge requests for the rights service and the units it keeps; leaves the others alone', async () => {
    const { purge, consumer } = setUp();
    await consumer.onPurgeRequested(envelope(purgeRequest({}, { service: 'messages' })) as PurgeRequestedV1Envelope);
    await consumer.onPurgeRequested(envelope(purgeRequest({}, { unit: 'another-installations-unit' })) as PurgeRequestedV1Envelope);
    expect(purge.execute).not.toHaveBeenCalled();
    await consumer.onPurgeRequested(envelope(purgeRequest()) as PurgeRequestedV1Envelope);
    await consumer.onPurgeRequested(envelope(purgeRequest({}, { unit: 'kommunstyrelsen' })) as PurgeRequestedV1Envelope); // the log's own unit
    expect(purge.execute).toHaveBeenCalledTimes(2);
  });
});

import { type SubmissionPackageInput } from './sip-types.js';

/** Test data for the package specs: a small, fully populated closed conversation. Override what a test needs. */
export function submissionPackageInput(overrides: Partial<SubmissionPackageInput> = {}): SubmissionPackageInput {
  const messageIds = ['msg-a', 'msg-b', 'msg-c'];
  return {
    objid: '0190f5d2-3c4b-7a1e-9f00-123456789abc',
    createdAt: new Date('2025-03-14T09:26:53.000Z'),
    archivalCreator: { name: 'Socialnämnden', orgNumber: '212000-2627' },
    submitter: { name: 'Insyn drift' },
    software: { name: 'Insyn', version: '0.1.0' },
    submissionAgreement: 'KS 2025/123',
    conversation: {
      conversationId: 'conv-1',
      unit: { id: 'unit-1', name: 'Försörjningsstöd' },
      subject: 'Fråga om ansökan',
      caseReference: 'SN 2025/42',
      openedAt: new Date('2025-03-01T08:00:00.000Z'),
      closedAt: new Date('2025-03-13T15:00:00.000Z'),
      participants: [
        { role: 'citizen', subjectKey: 'sk_3f2a', personnummer: '19121212-1212' },
        { role: 'official', displayName: 'Handläggare A' },
      ],
    },
    messages: [
      {
        id: messageIds[1]!,
        sentAt: new Date('2025-03-02T10:00:00.000Z'),
        author: { kind: 'official', displayName: 'Handläggare A' },
        body: 'Hej! Skicka intyget.',
      },
      {
        id: messageIds[0]!,
        sentAt: new Date('2025-03-01T08:00:00.000Z'),
        author: { kind: 'citizen' },
        body: 'Hej, jag har en fråga om min ansökan.\r\nMvh',
      },
      { id: messageIds[2]!, sentAt: new Date('2025-03-03T12:00:00.000Z'), author: { kind: 'citizen' }, body: 'Här är intyget 😀' },
    ],
    attachments: [
      {
        id: 'att-1',
        messageId: 'msg-c',
        fileName: 'Läkarintyg.pdf',
        mimeType: 'application/pdf',
        content: Buffer.from('%PDF-1.7 fake pdf '.repeat(40)),
      },
      { id: 'att-2', messageId: 'msg-c', fileName: '../../etc/passwd', mimeType: 'text/plain', content: Buffer.from('not really') },
    ],
    ...overrides,
  };
}

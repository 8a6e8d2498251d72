import type { Registerutdrag } from './registerutdrag.js';

/** One conversation record as the messages service sends it (access-extract's shape), with `n` messages. */
export function conversationRecord(n = 2, body = (i: number) => `Meddelande ${i} från enheten.`): Record<string, unknown> {
  return {
    type: 'conversation',
    conversationId: 'c0nv-0001',
    unit: { id: 'soc-ifo', name: 'Individ- och familjeomsorgen' },
    subject: 'Kallelse till möte (ekonomiskt bistånd)',
    status: 'closed',
    openedAt: '2026-03-02T08:15:00.000Z',
    closedAt: '2026-03-20T14:00:00.000Z',
    archive: { status: 'archived', archivedAt: '2026-03-21T01:00:00.000Z' },
    content: 'available',
    messageCount: n,
    messages: Array.from({ length: n }, (_, i) => ({
      seq: i + 1,
      sentAt: `2026-03-${String(2 + i).padStart(2, '0')}T09:00:00.000Z`,
      author: i % 2 === 0 ? { kind: 'unit', name: 'Handläggare Åsa' } : { kind: 'citizen' },
      body: body(i + 1),
      attachments: i === 0 ? [{ attachmentId: 'att-1', fileName: 'beslut.pdf', mimeType: 'application/pdf', size: 48213 }] : [],
    })),
  };
}

/** An answered access request's registerutdrag, as `registerutdrag()` builds it. */
export function registerutdragFixture(overrides: Partial<Registerutdrag> = {}): Registerutdrag {
  return {
    format: 'insyn-registerutdrag/1',
    request: {
      id: 'req-0001-abcd',
      kind: 'access',
      receivedAt: '2026-04-01T10:00:00.000Z',
      answeredAt: '2026-04-20T12:30:00.000Z',
      notice: { slug: 'umea-behandling-sakra-meddelanden', version: 3, title: 'Behandling, säkra meddelanden' },
    },
    controller: { name: 'Umeå kommun', organisationNumber: '212000-2627' },
    processing: {
      purposes: [{ sv: 'Att kommunicera säkert med dig om ditt ärende.' }],
      legalBases: [{ context: { sv: 'Myndighetsutövning' }, codes: ['6.1.e', '9.2.g'] }],
      dataCategories: ['Personnummer', 'Kontaktuppgifter', 'Innehåll i meddelanden'],
      recipients: [{ sv: 'Kommunens verksamhetssystem (arkiv)' }],
      retention: [{ sv: 'Meddelanden gallras två år efter att konversationen avslutats.' }],
      dpo: { email: 'dataskyddsombud@umea.se', phone: '090-16 10 00' },
    },
    services: [
      {
        service: 'messages',
        decision: { outcome: 'done', ground: 'Begäran tillgodoses', law: 'GDPR art. 15–21' },
        records: [
          {
            type: 'summary',
            service: 'messages',
            conversations: 1,
            deletedByGallring: 0,
            categories: [{ codes: ['email', 'phone'], description: 'E-post och telefon.' }],
          },
          conversationRecord(),
        ],
      },
    ],
    ...overrides,
  };
}

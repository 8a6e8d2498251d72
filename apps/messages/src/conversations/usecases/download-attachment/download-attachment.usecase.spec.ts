import { describe, expect, it, jest } from '@jest/globals';
import { problemOf, strictFake } from '@insyn/testing';
import type { ConversationRepository } from '../../persistence/conversation.repository.js';
import type { AttachmentRecord, MessageRecord } from '../../persistence/conversation.schema.js';
import { ConversationAccess } from '../shared/conversation-access.js';
import { clock, conversation, events, herself, ID, ids, keys, relay, someoneElse } from '../use-case-fakes.js';
import { DownloadAttachment } from './download-attachment.usecase.js';

const ATTACHMENT = '0190a3c4-aaaa-7000-8000-000000000001';
const message: MessageRecord = {
  _id: 'm-1',
  conversationId: ID,
  seq: 1,
  author: { kind: 'client', id: 'case-system' },
  sentAt: new Date('2026-05-01T09:00:00.000Z'),
  sealedBody: `sealed[${ID}/message/m-1]:Se bilagan`,
  attachments: [
    { id: ATTACHMENT, sealedFileName: `sealed[${ID}/attachment/${ATTACHMENT}/name]:beslut.pdf`, mimeType: 'application/pdf', size: 4 },
  ],
};
const stored: AttachmentRecord = {
  _id: ATTACHMENT,
  conversationId: ID,
  messageId: 'm-1',
  sealedContent: Buffer.from(`sealed[${ID}/attachment/${ATTACHMENT}]:%PDF`, 'latin1'),
};

function setup(attachment: AttachmentRecord | null) {
  const recordAccess = jest
    .fn<ConversationRepository['recordAccess']>()
    .mockImplementation((entries) => Promise.resolve(entries.map((e) => [e.event])));
  const repo = strictFake<ConversationRepository>('ConversationRepository', {
    find: () => Promise.resolve(conversation()),
    attachment: () => Promise.resolve(attachment),
    messagesOf: () => Promise.resolve([message]),
    recordAccess,
  });
  const { relay: outbox } = relay();
  const useCase = new DownloadAttachment(repo, keys(), new ConversationAccess(repo, events(), outbox, clock, ids()));
  return { useCase, recordAccess };
}

describe('DownloadAttachment', () => {
  it('returns the file decrypted with its name and type, after logging the download', async () => {
    const { useCase, recordAccess } = setup(stored);
    const file = await useCase.execute(ID, ATTACHMENT, herself);
    expect({ ...file, content: file.content.toString('latin1') }).toEqual({
      fileName: 'beslut.pdf',
      mimeType: 'application/pdf',
      content: '%PDF',
    });
    const entry = recordAccess.mock.calls[0]![0][0]!;
    expect(JSON.parse(entry.event.value)).toMatchObject({
      data: { action: 'download', purpose: 'egen-insyn', resource: { type: 'attachment', id: ATTACHMENT, conversationId: ID } },
    });
  });

  it('answers 404 for an attachment that is not there, and for a conversation the caller may not read; logs nothing', async () => {
    const missing = setup(null);
    expect((await problemOf(missing.useCase.execute(ID, ATTACHMENT, herself))).getStatus()).toBe(404);
    const notHers = setup(stored);
    expect((await problemOf(notHers.useCase.execute(ID, ATTACHMENT, someoneElse))).getStatus()).toBe(404);
    expect([...missing.recordAccess.mock.calls, ...notHers.recordAccess.mock.calls]).toEqual([]);
  });
});

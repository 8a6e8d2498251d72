import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { ConversationKeys } from '../../persistence/conversation-keys.js';
import { ConversationRepository } from '../../persistence/conversation.repository.js';
import { ConversationAccess } from '../shared/conversation-access.js';

export interface DownloadedAttachment {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

/** One attachment, decrypted; logged like a read (audit.accessed.v1, action `download`) before it is returned. */
@Injectable()
export class DownloadAttachment {
  constructor(
    private readonly repo: ConversationRepository,
    private readonly keys: ConversationKeys,
    private readonly access: ConversationAccess,
  ) {}

  async execute(conversationId: string, attachmentId: string, by: Principal): Promise<DownloadedAttachment> {
    const conversation = await this.access.accessible(conversationId, by, 'read');
    const record = await this.repo.attachment(conversationId, attachmentId);
    const meta = record && (await this.repo.messagesOf(conversationId)).flatMap((m) => m.attachments).find((a) => a.id === attachmentId);
    if (!record || !meta) throw Problems.notFound(`Attachment ${attachmentId}`);
    const key = await this.keys.get(conversationId);
    await this.access.logAccess(by, conversation, 'attachment', attachmentId, 'download');
    return {
      fileName: this.keys.open(key, meta.sealedFileName, conversationId, `attachment/${attachmentId}/name`),
      mimeType: meta.mimeType,
      content: this.keys.openBytes(key, record.sealedContent, conversationId, `attachment/${attachmentId}`),
    };
  }
}

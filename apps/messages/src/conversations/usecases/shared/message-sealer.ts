import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Principal } from '@insyn/auth';
import type { ContractViolation } from '@insyn/contracts';
import { ProblemException } from '@insyn/observability';
import { IdGenerator } from '@insyn/platform';
import type { MessagesEnv } from '../../../config/messages-env.js';
import { checkAttachment, safeFileName } from '../../domain/attachment-policy.js';
import type { AttachmentInputDto } from '../../dto/conversation.dto.js';
import { ConversationKeys } from '../../persistence/conversation-keys.js';
import type { ActorRecord, AttachmentRecord, MessageRecord } from '../../persistence/conversation.schema.js';

export interface FileInput {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

/** Who acts, as the conversation records it: a system under its unit's name, an official under hers. */
export function actorOf(by: Principal, unitName?: string): ActorRecord {
  if (by.kind === 'client') return { kind: 'client', id: by.subject, ...(unitName ? { name: unitName } : {}) };
  return { kind: by.kind, id: by.subject, ...(by.kind === 'official' && by.name ? { name: by.name } : {}) };
}

/** The answer to a message for a closed conversation (or one closed meanwhile). */
export function closedProblem(): ProblemException {
  return new ProblemException(
    HttpStatus.CONFLICT,
    'conversation-closed',
    'The conversation is closed',
    'A closed conversation takes no more messages.',
  );
}

/**
 * A new message as stored: its attachments checked against the policy (ATTACHMENT_MAX_BYTES,
 * ATTACHMENT_TYPES), then body, author's name, file names and contents sealed under the conversation's
 * key, each bound to its field (message/<id>, message/<id>/author, attachment/<id>/name, attachment/<id>).
 */
@Injectable()
export class MessageSealer {
  constructor(
    private readonly keys: ConversationKeys,
    private readonly ids: IdGenerator,
    private readonly config: ConfigService<MessagesEnv, true>,
  ) {}

  /** The attachments decoded, with what breaks the policy. */
  files(inputs: AttachmentInputDto[] | undefined): { items: FileInput[]; problems: ContractViolation[] } {
    const policy = {
      maxBytes: this.config.get('ATTACHMENT_MAX_BYTES', { infer: true }),
      types: this.config
        .get('ATTACHMENT_TYPES', { infer: true })
        .split(',')
        .map((t) => t.trim()),
    };
    const items = (inputs ?? []).map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, content: Buffer.from(a.content, 'base64') }));
    return { items, problems: items.flatMap((f, i) => checkAttachment(i, f, policy)) };
  }

  seal(
    key: Buffer,
    conversationId: string,
    seq: number,
    author: ActorRecord,
    body: string,
    files: FileInput[],
    at: Date,
  ): { message: MessageRecord; attachments: AttachmentRecord[] } {
    const messageId = this.ids.next();
    const attachments: AttachmentRecord[] = [];
    const metas = files.map((f) => {
      const id = this.ids.next();
      attachments.push({
        _id: id,
        conversationId,
        messageId,
        sealedContent: this.keys.sealBytes(key, f.content, conversationId, `attachment/${id}`),
      });
      return {
        id,
        sealedFileName: this.keys.seal(key, safeFileName(f.fileName)!, conversationId, `attachment/${id}/name`),
        mimeType: f.mimeType,
        size: f.content.length,
      };
    });
    const message: MessageRecord = {
      _id: messageId,
      conversationId,
      seq,
      author: author.name ? { ...author, name: this.keys.seal(key, author.name, conversationId, `message/${messageId}/author`) } : author,
      sentAt: at,
      sealedBody: this.keys.seal(key, body, conversationId, `message/${messageId}`),
      attachments: metas,
    };
    return { message, attachments };
  }
}

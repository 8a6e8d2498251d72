import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Units } from '../../domain/units.js';
import type { ConversationSummaryDto, ConversationViewDto } from '../../dto/conversation.dto.js';
import { ConversationKeys } from '../../persistence/conversation-keys.js';
import type { ConversationRecord, MessageRecord } from '../../persistence/conversation.schema.js';

/** When a conversation last changed; for one stored before `changedAt` was kept, its latest recorded step. */
export function changedAtOf(c: ConversationRecord): Date {
  if (c.changedAt) return c.changedAt;
  const times = [c.lastMessageAt, c.closedAt, c.inaktuellAt, c.archive?.archivedAt].filter((d): d is Date => d instanceof Date);
  return new Date(Math.max(...times.map((d) => d.getTime())));
}

/** A conversation as the API shows it to `by`: its summary, or its view with the messages decrypted. */
@Injectable()
export class ConversationPresenter {
  constructor(
    private readonly keys: ConversationKeys,
    private readonly units: Units,
  ) {}

  view(c: ConversationRecord, messages: MessageRecord[], key: Buffer, by: Principal, unitName?: string): ConversationViewDto {
    return {
      ...this.summary(c, by, unitName),
      messages: messages.map((m) => ({
        messageId: m._id,
        seq: m.seq,
        authorKind: m.author.kind,
        ...(m.author.name ? { authorName: this.keys.open(key, m.author.name, c._id, `message/${m._id}/author`) } : {}),
        sentAt: m.sentAt.toISOString(),
        ...(m.readAt && by.kind !== 'citizen' ? { readAt: m.readAt.toISOString() } : {}),
        body: this.keys.open(key, m.sealedBody, c._id, `message/${m._id}`),
        attachments: m.attachments.map((a) => ({
          attachmentId: a.id,
          fileName: this.keys.open(key, a.sealedFileName, c._id, `attachment/${a.id}/name`),
          mimeType: a.mimeType,
          size: a.size,
        })),
      })),
    };
  }

  /** The failure of a failing archive goes to the unit only: the citizen sees the status. */
  summary(c: ConversationRecord, by: Principal, unitName?: string): ConversationSummaryDto {
    const failure = c.archive?.status === 'failing' && by.kind !== 'citizen' ? c.archive.failure : undefined;
    return {
      conversationId: c._id,
      unit: c.unit,
      unitName: unitName ?? this.units.get(c.unit)?.name ?? c.unit,
      subject: c.subject,
      status: c.status,
      openedAt: c.openedAt.toISOString(),
      ...(c.closedAt ? { closedAt: c.closedAt.toISOString() } : {}),
      ...(c.inaktuellAt ? { inaktuellAt: c.inaktuellAt.toISOString() } : {}),
      lastMessageAt: c.lastMessageAt.toISOString(),
      changedAt: changedAtOf(c).toISOString(),
      ...(c.caseReference && by.kind !== 'citizen' ? { caseReference: c.caseReference } : {}),
      messageCount: c.messageCount,
      ...(c.archive ? { archive: c.archive.status } : {}),
      ...(failure && c.archive
        ? {
            archiveFailure: {
              reason: failure.reason,
              retryable: failure.retryable,
              since: failure.since.toISOString(),
              lastAttemptAt: failure.lastAttemptAt.toISOString(),
              nextAttemptAt: (c.archive.nextAttemptAt ?? failure.lastAttemptAt).toISOString(),
              attempts: c.archive.attempts,
            },
          }
        : {}),
    };
  }
}

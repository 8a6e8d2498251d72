import type { OutboxEntry, WrittenOutbox } from '@insyn/messaging';

/**
 * One purge request of the access log: the ids chosen before anything was deleted (so a redelivery after a
 * crash finishes the same deletion) and, once done, the answer (so the same request twice answers the same).
 * Entry ids only, no personal data.
 */
export interface AccessLogPurge {
  requestId: string;
  runId: string;
  chunk: number;
  status: 'deleting' | 'done';
  method: 'delete' | 'crypto-shred';
  ids: string[];
  skippedHeld: number;
  blockedUnarchived: number;
  remaining: boolean;
  deletedIdsSha256?: string;
  /** Why the request was answered without selecting anything. */
  error?: string;
  createdAt: Date;
  completedAt?: Date;
  expiresAt: Date;
}

export abstract class AccessLogPurgesRepository {
  abstract find(requestId: string): Promise<AccessLogPurge | null>;
  /** Stores a new request's selection; when another delivery stored it first, returns that one instead. */
  abstract insertSelected(purge: AccessLogPurge): Promise<AccessLogPurge>;
  /**
   * Marks a `deleting` request done with its digest and pushes the answer, in one write. Returns the request's
   * outbox as that write left it, or null when the request was not `deleting` (nothing written).
   */
  abstract complete(requestId: string, digest: string, completedAt: Date, answer: OutboxEntry): Promise<WrittenOutbox | null>;
  /**
   * Pushes the answer again (the same request came again). Returns the request's outbox as that write left it,
   * or null when the request is not stored (nothing written).
   */
  abstract answerAgain(requestId: string, answer: OutboxEntry): Promise<WrittenOutbox | null>;
  /**
   * Stores a refused request (done, nothing selected) with its answer, unless it is stored already (then only the
   * answer is pushed). Returns the request's outbox as that write left it.
   */
  abstract refuse(purge: AccessLogPurge, answer: OutboxEntry): Promise<WrittenOutbox>;
}

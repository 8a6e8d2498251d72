import { Injectable, Logger } from '@nestjs/common';
import { deletedIdsSha256, type PurgeCompletedV1, PurgeCompletedV1Event, type PurgeRequestedV1, purgeCompletion } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import { accessEntriesPurged } from '../../access-log.metrics.js';
import { accessLogSelectionOf, type AccessLogSelection, RIGHTS_SERVICE } from '../../domain/access-log-purge.js';
import { ACCESS_LOG_PURGES_COLLECTION } from '../../persistence/access-log-purge.schema.js';
import { type AccessLogPurge, AccessLogPurgesRepository } from '../../persistence/access-log-purges.repository.js';
import { AccessLogRepository } from '../../persistence/access-log.repository.js';

/** Purge records (entry ids and counts, no personal data) are kept this long for the protocol's sake, as in messages. */
const KEEP_MS = 400 * 86_400_000;

/**
 * Gallring of the access log, on the retention service's purge protocol (ADR 0007): a
 * `retention.purge.requested.v1` for the information type `access-log` selects the unit's entries read
 * before the cutoff, leaves out held persons and conversations, stores the chosen ids before deleting
 * anything, deletes them and answers with `retention.purge.completed.v1` (counts, the ids and their
 * digest) through the outbox. Idempotent by request id and safe to redeliver after a crash; a request the
 * log cannot answer (another information type, a trigger other than `last-activity`) is answered with an
 * `error` and nothing deleted.
 */
@Injectable()
export class PurgeAccessLog {
  private readonly logger = new Logger(PurgeAccessLog.name);

  constructor(
    private readonly log: AccessLogRepository,
    private readonly purges: AccessLogPurgesRepository,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(request: PurgeRequestedV1): Promise<PurgeCompletedV1> {
    let purge = await this.purges.find(request.requestId);
    if (!purge) {
      const selection = accessLogSelectionOf(request);
      if ('refused' in selection) return this.refuse(request, selection.refused);
      purge = await this.purges.insertSelected(await this.select(request, selection));
    }
    if (purge.status === 'deleting') {
      await this.log.delete(purge.ids);
      const done: AccessLogPurge = {
        ...purge,
        status: 'done',
        deletedIdsSha256: deletedIdsSha256(purge.ids),
        completedAt: this.clock.now(),
      };
      const answer = this.completion(done);
      const outbox = await this.purges.complete(
        purge.requestId,
        done.deletedIdsSha256!,
        done.completedAt!,
        this.events.outboxEntry(PurgeCompletedV1Event, answer),
      );
      // Null when another delivery completed it first: marked without an outbox, the relay reads the record.
      await this.relay.enqueued(ACCESS_LOG_PURGES_COLLECTION, purge.requestId, outbox ?? undefined);
      accessEntriesPurged().inc(purge.ids.length);
      this.logger.log(
        `purge ${purge.requestId} (run ${purge.runId}, chunk ${purge.chunk}): ${purge.ids.length} access-log entries deleted, ` +
          `${purge.skippedHeld} held, ${purge.blockedUnarchived} not archived`,
      );
      return answer;
    }
    // The same request again: the same answer again (the run may have missed the first).
    const answer = this.completion(purge);
    const outbox = await this.purges.answerAgain(purge.requestId, this.events.outboxEntry(PurgeCompletedV1Event, answer));
    await this.relay.enqueued(ACCESS_LOG_PURGES_COLLECTION, purge.requestId, outbox ?? undefined);
    return answer;
  }

  /** Chooses the chunk's entries, counted by the database, before anything is deleted. */
  private async select(request: PurgeRequestedV1, selection: AccessLogSelection): Promise<AccessLogPurge> {
    const skippedHeld = await this.log.countHeld(selection);
    // The log is never archived: a rule that wants an archive receipt first blocks every entry it covers.
    const blockedUnarchived = selection.requireArchived ? await this.log.countSelectable(selection) : 0;
    const { ids, remaining } = selection.requireArchived
      ? { ids: [], remaining: false }
      : await this.log.selectIds(selection, request.limit);
    const now = this.clock.now();
    return {
      requestId: request.requestId,
      runId: request.runId,
      chunk: request.chunk,
      status: 'deleting',
      method: request.method,
      ids,
      skippedHeld,
      blockedUnarchived,
      remaining,
      createdAt: now,
      expiresAt: new Date(now.getTime() + KEEP_MS),
    };
  }

  private async refuse(request: PurgeRequestedV1, reason: string): Promise<PurgeCompletedV1> {
    const now = this.clock.now();
    const purge: AccessLogPurge = {
      requestId: request.requestId,
      runId: request.runId,
      chunk: request.chunk,
      status: 'done',
      method: request.method,
      ids: [],
      skippedHeld: 0,
      blockedUnarchived: 0,
      remaining: false,
      deletedIdsSha256: deletedIdsSha256([]),
      error: reason,
      createdAt: now,
      completedAt: now,
      expiresAt: new Date(now.getTime() + KEEP_MS),
    };
    const answer = this.completion(purge);
    const outbox = await this.purges.refuse(purge, this.events.outboxEntry(PurgeCompletedV1Event, answer));
    await this.relay.enqueued(ACCESS_LOG_PURGES_COLLECTION, request.requestId, outbox);
    this.logger.warn(`purge ${request.requestId} (run ${request.runId}, chunk ${request.chunk}) refused: ${reason}`);
    return answer;
  }

  private completion(p: AccessLogPurge): PurgeCompletedV1 {
    return purgeCompletion(RIGHTS_SERVICE, p, this.clock.now());
  }
}

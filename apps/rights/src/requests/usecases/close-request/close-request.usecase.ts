import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { keysIn, type Principal, type SubjectKeyScope } from '@insyn/auth';
import { RightsRequestClosedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Problems, ProblemException } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { RightsEnv } from '../../../config/rights-env.js';
import { requestClosed } from '../../domain/request.events.js';
import type { DataSubjectRequest } from '../../domain/request.model.js';
import { answerRefusal, officialRef } from '../../domain/request.rules.js';
import { REQUESTS_COLLECTION } from '../../persistence/request.schema.js';
import { RequestsRepository } from '../../persistence/requests.repository.js';
import { onCurrentRevision } from '../current-revision.js';
import { SettlePartsUseCase } from '../settle-parts/settle-parts.usecase.js';

const DAY_MS = 86_400_000;

/**
 * Closes a request: answered by an official once every part is in and decided, or withdrawn by the
 * person at any time while open. The close and its rights.request.closed.v1 (which releases retention's
 * automatic hold) are one write. Then its sealed parts are settled: deleted when withdrawn, kept until
 * `reportAvailableUntil` (RIGHTS_REPORT_KEEP_DAYS after the answer) when answered.
 */
@Injectable()
export class CloseRequestUseCase {
  private readonly keepMs: number;

  constructor(
    private readonly requests: RequestsRepository,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly parts: SettlePartsUseCase,
    config: ConfigService<RightsEnv, true>,
  ) {
    this.keepMs = config.get('RIGHTS_REPORT_KEEP_DAYS', { infer: true }) * DAY_MS;
  }

  async answer(id: string, official: Principal): Promise<DataSubjectRequest> {
    return onCurrentRevision(
      this.requests,
      id,
      (request) => {
        if (!request) throw Problems.notFound(`The request ${id}`);
        const refusal = answerRefusal(request);
        if (refusal) throw new ProblemException(refusal.status, refusal.type, 'The request cannot be answered yet', refusal.detail);
        return this.close(request, 'answered', officialRef(official));
      },
      'answered',
    );
  }

  /** The person withdraws her own request; another person's is not found. */
  async withdraw(id: string, subjectKeys: SubjectKeyScope): Promise<DataSubjectRequest> {
    return onCurrentRevision(
      this.requests,
      id,
      (request) => {
        if (!request || !keysIn(subjectKeys).includes(request.subjectKey)) throw Problems.notFound(`The request ${id}`);
        if (request.status !== 'open')
          throw new ProblemException(409, 'request-closed', 'The request is closed', `The request is already ${request.status}.`);
        return this.close(request, 'withdrawn', { citizen: true });
      },
      'withdrawn',
    );
  }

  private async close(
    request: DataSubjectRequest,
    status: 'answered' | 'withdrawn',
    by: DataSubjectRequest['closedBy'],
  ): Promise<DataSubjectRequest | undefined> {
    const now = this.clock.now();
    const event = this.events.outboxEntry(RightsRequestClosedV1Event, requestClosed(request, status, now), {
      subjectKey: request.subjectKey,
    });
    const reportAvailableUntil = status === 'answered' ? new Date(now.getTime() + this.keepMs) : undefined;
    const outbox = await this.requests.close(request.id, request.revision, status, by, now, event, reportAvailableUntil);
    if (!outbox) return undefined;
    await this.relay.enqueued(REQUESTS_COLLECTION, request.id, outbox);
    const closed: DataSubjectRequest = {
      ...request,
      status,
      closedAt: now,
      closedBy: by,
      ...(reportAvailableUntil ? { reportAvailableUntil } : {}),
      revision: request.revision + 1,
    };
    await this.parts.settle(closed);
    return closed;
  }
}

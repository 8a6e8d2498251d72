import { Injectable, Logger } from '@nestjs/common';
import type { RightsRequestOpenedV1 } from '@insyn/contracts';
import { Clock } from '@insyn/platform';
import { type Hold, type HoldActor, rightsRequestHoldId } from '../../domain/hold.js';
import { HoldsRepository } from '../../persistence/holds.repository.js';

export type HoldForRightsRequestOutcome = 'held' | 'already-held';

/**
 * An open data-subject request stops gallring of the person's data until it is answered: a person hold
 * with reason `data-subject-request`, reviewed when the answer is due. Idempotent by request id: the hold
 * id is derived from it, so the same request (whatever its event id) makes one hold, and a hold already
 * released is not set again.
 *
 * The hold is tied to its request: rights.request.closed.v1 releases it (ReleaseForClosedRequest). The hold
 * writers cannot release it by hand (409, ReleaseHold); the data-protection officer can, with a note, for
 * a request answered outside Insyn.
 */
@Injectable()
export class HoldForRightsRequest {
  private readonly logger = new Logger(HoldForRightsRequest.name);

  constructor(
    private readonly repo: HoldsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(request: RightsRequestOpenedV1, by: HoldActor): Promise<HoldForRightsRequestOutcome> {
    const now = this.clock.now();
    const hold: Hold = {
      holdId: rightsRequestHoldId(request.requestId),
      scope: 'person',
      target: request.subjectKey,
      reason: 'data-subject-request',
      note: `Open data-subject request (${request.kind})`,
      setBy: by,
      setAt: now,
      reviewAt: new Date(request.dueAt),
      reviews: [],
      source: { type: 'rights-request', requestId: request.requestId },
      changedAt: now,
    };
    const outcome = await this.repo.insert(hold);
    if (!outcome.inserted) return 'already-held';
    this.logger.log(`hold ${hold.holdId} set for data-subject request ${request.requestId}`);
    return 'held';
  }
}

import { Injectable, Logger } from '@nestjs/common';
import type { RightsRequestClosedV1 } from '@insyn/contracts';
import { Clock } from '@insyn/platform';
import { type HoldActor, rightsRequestHoldId } from '../../domain/hold.js';
import { HoldsRepository } from '../../persistence/holds.repository.js';

export type ReleaseForClosedRequestOutcome = 'released' | 'nothing-held';

/**
 * A data-subject request was answered or withdrawn: its automatic hold ends, and gallring may take the
 * person's data again from the next run. Idempotent: a request with no hold (never opened here, or its
 * hold released already) changes nothing.
 */
@Injectable()
export class ReleaseForClosedRequest {
  private readonly logger = new Logger(ReleaseForClosedRequest.name);

  constructor(
    private readonly repo: HoldsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(request: RightsRequestClosedV1, by: HoldActor): Promise<ReleaseForClosedRequestOutcome> {
    const holdId = rightsRequestHoldId(request.requestId);
    const note = `Data-subject request ${request.outcome} ${request.closedAt}`;
    const released = await this.repo.release(holdId, 'of-request', this.clock.now(), by, note);
    if (!released) return 'nothing-held';
    this.logger.log(`hold ${holdId} released: data-subject request ${request.requestId} ${request.outcome}`);
    return 'released';
  }
}

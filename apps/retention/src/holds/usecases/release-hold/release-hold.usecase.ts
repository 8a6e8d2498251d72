import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { Hold, HoldActor } from '../../domain/hold.js';
import { HoldsRepository } from '../../persistence/holds.repository.js';

export const holdReleased = (holdId: string) =>
  new ProblemException(HttpStatus.CONFLICT, 'hold-released', 'The hold was released', `Hold ${holdId} was released already.`, undefined, {
    holdId,
  });

/** 409: the automatic hold of an open data-subject request ends with the request, not by hand. */
export const holdOfRightsRequest = (holdId: string, requestId: string) =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'hold-of-rights-request',
    'The hold ends with its data-subject request',
    `Hold ${holdId} was set automatically for data-subject request ${requestId}; it is released when the request is answered, not by hand.`,
    undefined,
    { holdId, requestId },
  );

/**
 * Releases a hold set by hand: from then on gallring may take what it covered (at the next run). One
 * atomic update conditioned on the hold being active and set by hand; the hold stays stored, released, as
 * evidence. The automatic hold of a data-subject request is refused (409): it is tied to the request, and
 * is released when the request is answered (see HoldForRightsRequest).
 */
@Injectable()
export class ReleaseHold {
  private readonly logger = new Logger(ReleaseHold.name);

  constructor(
    private readonly repo: HoldsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(holdId: string, by: HoldActor, note?: string): Promise<Hold> {
    const released = await this.repo.releaseSetByHand(holdId, this.clock.now(), by, note);
    if (released) {
      this.logger.log(`hold ${holdId} released by ${by.kind} ${by.id}`);
      return released;
    }
    const hold = await this.repo.findById(holdId);
    if (!hold) throw Problems.notFound(`Hold ${holdId}`);
    if (hold.releasedAt) throw holdReleased(holdId);
    if (hold.source) throw holdOfRightsRequest(holdId, hold.source.requestId);
    throw Problems.conflict(`Hold ${holdId} changed while it was being released; read it and try again.`);
  }
}

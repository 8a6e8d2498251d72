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
    `Hold ${holdId} was set automatically for data-subject request ${requestId}; it is released when the request is closed ` +
      '(rights.request.closed.v1), or by the data-protection officer, with a note, when it was answered outside Insyn.',
    undefined,
    { holdId, requestId },
  );

/** What the caller may release: holds set by hand (the hold writers), automatic ones (the data-protection officer). */
export interface ReleaseRights {
  byHand: boolean;
  ofRequest: boolean;
}

/**
 * Releases a hold: from then on gallring may take what it covered (at the next run). One atomic update
 * conditioned on the hold being active and of the kind read; the hold stays stored, released, as evidence.
 * A hold set by hand is released by the hold writers. The automatic hold of a data-subject request ends
 * with the request (HoldsConsumer, rights.request.closed.v1); only the data-protection officer may release
 * it by hand, with a note, for a request answered outside Insyn.
 */
@Injectable()
export class ReleaseHold {
  private readonly logger = new Logger(ReleaseHold.name);

  constructor(
    private readonly repo: HoldsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(holdId: string, by: HoldActor, note: string | undefined, may: ReleaseRights): Promise<Hold> {
    const hold = await this.repo.findById(holdId);
    if (!hold) throw Problems.notFound(`Hold ${holdId}`);
    if (hold.releasedAt) throw holdReleased(holdId);
    const kind = hold.source ? 'of-request' : 'by-hand';
    if (hold.source && !may.ofRequest) throw holdOfRightsRequest(holdId, hold.source.requestId);
    if (!hold.source && !may.byHand)
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'forbidden',
        'Not yours to release',
        `Hold ${holdId} was set by hand; it is released by a retention-admin or registrator.`,
      );
    if (hold.source && !note?.trim())
      throw Problems.validation([{ field: 'note', messages: ['say how the data-subject request was answered'] }]);
    const released = await this.repo.release(holdId, kind, this.clock.now(), by, note);
    if (!released) {
      if ((await this.repo.findById(holdId))?.releasedAt) throw holdReleased(holdId);
      throw Problems.conflict(`Hold ${holdId} changed while it was being released; read it and try again.`);
    }
    this.logger.log(`hold ${holdId} (${kind}) released by ${by.kind} ${by.id}`);
    return released;
  }
}

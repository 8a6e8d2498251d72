import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ProblemException, Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { Hold, HoldActor } from '../../domain/hold.js';
import { HoldsRepository } from '../../persistence/holds.repository.js';

export const holdReleased = (holdId: string) =>
  new ProblemException(HttpStatus.CONFLICT, 'hold-released', 'The hold was released', `Hold ${holdId} was released already.`, undefined, {
    holdId,
  });

/**
 * Releases a hold: from then on gallring may take what it covered (at the next run). One atomic update
 * conditioned on the hold being active; the hold stays stored, released, as evidence.
 * Automatic holds of data-subject requests are released here too, by an official, once the request is answered.
 */
@Injectable()
export class ReleaseHold {
  private readonly logger = new Logger(ReleaseHold.name);

  constructor(
    private readonly repo: HoldsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(holdId: string, by: HoldActor, note?: string): Promise<Hold> {
    const released = await this.repo.release(holdId, this.clock.now(), by, note);
    if (released) {
      this.logger.log(`hold ${holdId} released by ${by.kind} ${by.id}`);
      return released;
    }
    if (!(await this.repo.findById(holdId))) throw Problems.notFound(`Hold ${holdId}`);
    throw holdReleased(holdId);
  }
}

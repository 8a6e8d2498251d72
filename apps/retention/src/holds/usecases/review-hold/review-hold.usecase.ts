import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { type Hold, type HoldActor, reviewAtViolations } from '../../domain/hold.js';
import { HoldsRepository } from '../../persistence/holds.repository.js';
import { holdReleased } from '../release-hold/release-hold.usecase.js';

/**
 * Records that a hold was reviewed and still applies, with the next review date (after now, at most a
 * year ahead). One atomic update conditioned on the hold being active and unchanged since it was read.
 */
@Injectable()
export class ReviewHold {
  constructor(
    private readonly repo: HoldsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(holdId: string, reviewAtText: string, by: HoldActor): Promise<Hold> {
    const now = this.clock.now();
    const reviewAt = new Date(reviewAtText);
    const violations = reviewAtViolations(reviewAt, now);
    if (violations.length > 0) throw Problems.unprocessable(violations, 'The review date breaks a rule; see errors.');
    const hold = await this.repo.findById(holdId);
    if (!hold) throw Problems.notFound(`Hold ${holdId}`);
    if (hold.releasedAt) throw holdReleased(holdId);
    const reviewed = await this.repo.review(holdId, { at: now, by, from: hold.reviewAt, to: reviewAt });
    if (!reviewed) throw Problems.conflict(`Hold ${holdId} changed while it was being reviewed; read it and try again.`);
    return reviewed;
  }
}

import { Injectable } from '@nestjs/common';
import type { CandidateItem, CandidateTrigger, ListedCandidate } from './candidate.js';
import { CandidatesRepository } from './persistence/candidates.repository.js';

/**
 * What forecasts and runs read: the closed conversations of a unit and information type whose trigger
 * (the closing, or the confirmation that they are inaktuella) lies in `[triggeredFrom, triggeredBefore)`, as an async stream read through a database
 * cursor. Consume it with `for await`; never collect it into an array, a selection may be millions.
 */
@Injectable()
export class CandidatesQuery {
  constructor(private readonly repo: CandidatesRepository) {}

  countDue(unit: string, informationType: string, trigger: CandidateTrigger, triggeredBefore: Date): Promise<number> {
    return this.repo.countDue(unit, informationType, trigger, triggeredBefore);
  }

  /** The owner deleted these: they are no longer candidates. */
  forget(ids: readonly string[]): Promise<number> {
    return this.repo.forget(ids);
  }

  stream(
    unit: string,
    informationType: string,
    trigger: CandidateTrigger,
    triggeredBefore: Date,
    triggeredFrom?: Date,
  ): AsyncIterable<CandidateItem> {
    return this.repo.stream(unit, informationType, trigger, triggeredBefore, triggeredFrom);
  }

  /** The candidates in `range`, ordered by trigger instant then id, after `after`: read until a page is full, then stop. */
  streamOrdered(
    unit: string,
    informationType: string,
    trigger: CandidateTrigger,
    range: { from?: Date; before: Date },
    after?: { at: Date; id: string },
  ): AsyncIterable<ListedCandidate> {
    return this.repo.streamOrdered(unit, informationType, trigger, range, after);
  }
}

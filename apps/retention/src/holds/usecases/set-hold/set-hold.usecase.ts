import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { ContractViolation } from '@insyn/contracts';
import { ProblemException, Problems } from '@insyn/observability';
import { parsePersonnummer } from '@insyn/person';
import { Clock, IdGenerator } from '@insyn/platform';
import { type Hold, type HoldActor, type HoldReason, type HoldScope, reviewAtViolations } from '../../domain/hold.js';
import { HoldsConfig } from '../../holds.config.js';
import { HoldsRepository } from '../../persistence/holds.repository.js';
import { RULE_ID } from '../../../rules/domain/rule.model.js';
import { RulesRepository } from '../../../rules/persistence/rules.repository.js';

export interface SetHoldInput {
  scope: HoldScope;
  personnummer?: string;
  target?: string;
  reason: HoldReason;
  note?: string;
  reviewAt: string;
}

/** 409 naming the active hold that already covers the same scope + target. */
export const holdOverlap = (existing: Hold) =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'hold-overlap',
    'An active hold covers this already',
    `Active hold ${existing.holdId} already covers this ${existing.scope}; review or release it instead of adding another.`,
    undefined,
    { existingHoldId: existing.holdId },
  );

/**
 * Sets a legal hold by hand. A person is stored by subject key only (the personnummer is turned into
 * the key here and dropped). A unit must be one the service knows, and a rule one that exists (a draft
 * counts): runs compare rule ids exactly, so a hold on any other id would protect nothing. One active
 * hand-set hold per scope + target: a second gets 409 naming the first. Nothing is stored unless every
 * check passes; the insert is one document.
 */
@Injectable()
export class SetHold {
  private readonly logger = new Logger(SetHold.name);

  constructor(
    private readonly repo: HoldsRepository,
    private readonly config: HoldsConfig,
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(input: SetHoldInput, by: HoldActor): Promise<Hold> {
    const now = this.clock.now();
    const target = this.target(input);
    const reviewAt = new Date(input.reviewAt);
    const violations: ContractViolation[] = reviewAtViolations(reviewAt, now);
    if (input.scope === 'unit' && !this.config.isKnownUnit(target))
      violations.push({ field: 'target', messages: ['target is not a unit known to the retention service'] });
    if (input.scope === 'rule' && !(await this.rules.findById(target)))
      violations.push({ field: 'target', messages: ['target is not a rule of the retention service'] });
    if (violations.length > 0) throw Problems.unprocessable(violations, 'The hold breaks a rule; see errors.');

    const hold: Hold = {
      holdId: this.ids.next(),
      scope: input.scope,
      target,
      reason: input.reason,
      ...(input.note !== undefined ? { note: input.note } : {}),
      setBy: by,
      setAt: now,
      reviewAt,
      reviews: [],
      changedAt: now,
    };
    const outcome = await this.repo.insert(hold);
    if (!outcome.inserted) {
      if (outcome.existing) throw holdOverlap(outcome.existing);
      throw Problems.conflict('The hold changed while it was being set; try again.');
    }
    this.logger.log(`hold ${hold.holdId} set on a ${hold.scope} (${hold.reason}) by ${by.kind} ${by.id}`);
    return hold;
  }

  private target(input: SetHoldInput): string {
    if (input.scope === 'rule' && !RULE_ID.test(input.target ?? ''))
      throw Problems.validation([{ field: 'target', messages: ['target must be a rule id (2-63 lower-case letters, digits, hyphens)'] }]);
    if (input.scope !== 'person') return input.target!;
    const parsed = parsePersonnummer(input.personnummer ?? '');
    if (!parsed.ok) throw Problems.validation([{ field: 'personnummer', messages: ['personnummer must be a personnummer'] }]);
    return this.config.subjectKeys.of(parsed.value.normalized);
  }
}

import { Injectable } from '@nestjs/common';
import { HoldsRepository } from './persistence/holds.repository.js';

/** What a gallring run must leave alone, for `retention.purge.requested.v1` exclusions and the run's report. */
export interface ActiveExclusions {
  /** Held people (person holds), for PurgeExclusions.subjectKeys. */
  subjectKeys: string[];
  /** Held conversations (conversation holds), for PurgeExclusions.itemIds. */
  itemIds: string[];
  /** A hold on the whole unit: request no purge at all, report the run as held. */
  unitHeld: boolean;
  /** A hold on the rule: request no purge at all, report the run as held. */
  ruleHeld: boolean;
  /** The active holds that applied, for the run's protocol (held: count + hold ids). */
  holdIds: string[];
}

/**
 * The holds feature's answer to the runs feature: every hold active now that bears on a run of `ruleId`
 * over `unit`. Person and conversation holds apply whatever the unit or information type (a held person
 * is held everywhere; an id that is not in the selection excludes nothing), so `informationType` does not
 * narrow the answer today; it is part of the question so it can when holds get finer.
 */
@Injectable()
export class HoldsQuery {
  constructor(private readonly repo: HoldsRepository) {}

  async activeExclusions(unit: string, informationType: string, ruleId: string): Promise<ActiveExclusions> {
    void informationType;
    const holds = await this.repo.activeAffecting(unit, ruleId);
    const subjectKeys = new Set<string>();
    const itemIds = new Set<string>();
    let unitHeld = false;
    let ruleHeld = false;
    for (const h of holds) {
      switch (h.scope) {
        case 'person':
          subjectKeys.add(h.target);
          break;
        case 'conversation':
          itemIds.add(h.target);
          break;
        case 'unit':
          unitHeld ||= h.target === unit;
          break;
        case 'rule':
          ruleHeld ||= h.target === ruleId;
          break;
      }
    }
    return {
      subjectKeys: [...subjectKeys].sort(),
      itemIds: [...itemIds].sort(),
      unitHeld,
      ruleHeld,
      holdIds: holds.map((h) => h.holdId).sort(),
    };
  }
}

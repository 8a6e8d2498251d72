import type { Clock } from '@insyn/platform';
import { type GoverningRule, type RuleRetirement, withRetirement } from '../domain/governing-rule.js';
import { GoverningRulesRepository, type RecordOutcome } from '../persistence/governing-rules.repository.js';

/**
 * The repository in memory, as the Mongo one behaves: highest version wins in one conditional write,
 * the first retirement stays (stored also for a rule not stored yet), and rules are read retired.
 */
export class InMemoryGoverningRulesRepository extends GoverningRulesRepository {
  readonly stored = new Map<string, GoverningRule & { eventId: string }>();
  readonly retirements = new Map<string, RuleRetirement & { eventId: string }>();

  findAll(): Promise<GoverningRule[]> {
    return Promise.resolve([...this.stored.values()].map((r) => this.read(r)));
  }
  findByIds(ids: string[]): Promise<GoverningRule[]> {
    return Promise.resolve(ids.flatMap((id) => this.stored.get(id) ?? []).map((r) => this.read(r)));
  }
  findRetirements(ids?: string[]): Promise<RuleRetirement[]> {
    const all = [...this.retirements.values()];
    return Promise.resolve(ids ? all.filter((r) => ids.includes(r.ruleId)) : all);
  }
  record(rule: GoverningRule, meta: { eventId: string }): Promise<RecordOutcome> {
    const known = this.stored.get(rule.ruleId);
    if (known && known.version >= rule.version) return Promise.resolve('unchanged');
    this.stored.set(rule.ruleId, { ...rule, retiredAt: null, eventId: meta.eventId });
    return Promise.resolve(known ? 'replaced' : 'inserted');
  }
  recordRetirement(retirement: RuleRetirement, meta: { eventId: string }): Promise<'inserted' | 'unchanged'> {
    if (this.retirements.has(retirement.ruleId)) return Promise.resolve('unchanged');
    this.retirements.set(retirement.ruleId, { ...retirement, eventId: meta.eventId });
    return Promise.resolve('inserted');
  }

  private read(rule: GoverningRule & { eventId: string }): GoverningRule {
    const { eventId: _eventId, ...plain } = rule;
    return withRetirement(plain, this.retirements.get(rule.ruleId));
  }
}

export const fixedClock: Clock = { now: () => new Date('2025-06-01T10:00:00Z') };

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, Model } from 'mongoose';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import { type GoverningRule, type RuleRetirement, withRetirement } from '../domain/governing-rule.js';
import type { GoverningRuleRecord, RuleRetirementRecord } from './governing-rule.entity.js';
import { GOVERNING_RULE_MODEL, RULE_RETIREMENT_MODEL } from './governing-rule.schema.js';
import { GoverningRulesRepository, type RecordOutcome } from './governing-rules.repository.js';

function toRule(r: GoverningRuleRecord, retirement: RuleRetirement | undefined): GoverningRule {
  const rule: GoverningRule = {
    ruleId: r._id,
    version: r.version,
    unit: r.unit,
    informationType: r.informationType,
    action: r.action,
    trigger: r.trigger,
    after: r.after ?? null,
    preconditions: [...r.preconditions],
    decision: { body: r.decision.body, date: r.decision.date, reference: r.decision.reference, section: r.decision.section },
    activatedAt: r.activatedAt,
    retiredAt: null,
  };
  return withRetirement(rule, retirement);
}

function toRetirement(r: RuleRetirementRecord): RuleRetirement {
  return { ruleId: r._id, version: r.version ?? null, retiredAt: r.retiredAt };
}

/**
 * Highest version wins, in single-document writes without update pipelines (FerretDB): replace where the
 * stored version is lower, else insert, and a duplicate key on insert means someone stored it first. The
 * writes go to the driver's collection (typed by the record, collectionOf), so the insert fails on a
 * duplicate `_id` and both store the rule as given, without mongoose casting or adding defaults.
 * Retirements are a collection of their own, written once (an insert; a duplicate key is the same
 * retirement again), and joined to the rules on reading: a retirement may come before the rule.
 */
@Injectable()
export class MongoGoverningRulesRepository extends GoverningRulesRepository {
  private readonly collection: Collection<GoverningRuleRecord>;
  private readonly retirementCollection: Collection<RuleRetirementRecord>;

  constructor(
    @InjectModel(GOVERNING_RULE_MODEL) private readonly model: Model<GoverningRuleRecord>,
    @InjectModel(RULE_RETIREMENT_MODEL) private readonly retirementModel: Model<RuleRetirementRecord>,
  ) {
    super();
    this.collection = collectionOf(model);
    this.retirementCollection = collectionOf(retirementModel);
  }

  async findAll(): Promise<GoverningRule[]> {
    const records = await this.model.find({}).sort({ _id: 1 }).lean<GoverningRuleRecord[]>().exec();
    return this.withRetirements(records);
  }

  async findByIds(ruleIds: string[]): Promise<GoverningRule[]> {
    if (ruleIds.length === 0) return [];
    const records = await this.model
      .find({ _id: { $in: [...new Set(ruleIds)] } })
      .lean<GoverningRuleRecord[]>()
      .exec();
    return this.withRetirements(records);
  }

  async findRetirements(ruleIds?: string[]): Promise<RuleRetirement[]> {
    if (ruleIds?.length === 0) return [];
    const records = await this.retirementModel
      .find(ruleIds ? { _id: { $in: [...new Set(ruleIds)] } } : {})
      .sort({ _id: 1 })
      .lean<RuleRetirementRecord[]>()
      .exec();
    return records.map(toRetirement);
  }

  async record(rule: GoverningRule, meta: { eventId: string; at: Date }): Promise<RecordOutcome> {
    // The retirement is not the version's: it is stored on its own and joined on reading.
    const { ruleId, retiredAt: _retiredAt, ...fields } = rule;
    const set = { ...fields, eventId: meta.eventId, receivedAt: meta.at };
    const replace = () => this.collection.updateOne({ _id: ruleId, version: { $lt: rule.version } }, { $set: set });
    if ((await replace()).matchedCount === 1) return 'replaced';
    try {
      await this.collection.insertOne({ _id: ruleId, ...set });
      return 'inserted';
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    // Stored meanwhile by another instance: it wins unless ours is higher.
    return (await replace()).matchedCount === 1 ? 'replaced' : 'unchanged';
  }

  async recordRetirement(retirement: RuleRetirement, meta: { eventId: string; at: Date }): Promise<'inserted' | 'unchanged'> {
    try {
      await this.retirementCollection.insertOne({
        _id: retirement.ruleId,
        version: retirement.version,
        retiredAt: retirement.retiredAt,
        eventId: meta.eventId,
        receivedAt: meta.at,
      });
      return 'inserted';
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'unchanged';
      throw err;
    }
  }

  private async withRetirements(records: GoverningRuleRecord[]): Promise<GoverningRule[]> {
    if (records.length === 0) return [];
    const retirements = new Map((await this.findRetirements(records.map((r) => r._id))).map((r) => [r.ruleId, r]));
    return records.map((r) => toRule(r, retirements.get(r._id)));
  }
}

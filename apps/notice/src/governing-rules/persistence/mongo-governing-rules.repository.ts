import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, Model } from 'mongoose';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import type { GoverningRule } from '../domain/governing-rule.js';
import type { GoverningRuleRecord } from './governing-rule.entity.js';
import { GOVERNING_RULE_MODEL } from './governing-rule.schema.js';
import { GoverningRulesRepository, type RecordOutcome } from './governing-rules.repository.js';

function toRule(r: GoverningRuleRecord): GoverningRule {
  return {
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
  };
}

/**
 * Highest version wins, in single-document writes without update pipelines (FerretDB): replace where the
 * stored version is lower, else insert, and a duplicate key on insert means someone stored it first. The
 * writes go to the driver's collection (typed by the record, collectionOf), so the insert fails on a
 * duplicate `_id` and both store the rule as given, without mongoose casting or adding defaults.
 */
@Injectable()
export class MongoGoverningRulesRepository extends GoverningRulesRepository {
  private readonly collection: Collection<GoverningRuleRecord>;

  constructor(@InjectModel(GOVERNING_RULE_MODEL) private readonly model: Model<GoverningRuleRecord>) {
    super();
    this.collection = collectionOf(model);
  }

  async findAll(): Promise<GoverningRule[]> {
    const records = await this.model.find({}).sort({ _id: 1 }).lean<GoverningRuleRecord[]>().exec();
    return records.map(toRule);
  }

  async findByIds(ruleIds: string[]): Promise<GoverningRule[]> {
    if (ruleIds.length === 0) return [];
    const records = await this.model
      .find({ _id: { $in: [...new Set(ruleIds)] } })
      .lean<GoverningRuleRecord[]>()
      .exec();
    return records.map(toRule);
  }

  async record(rule: GoverningRule, meta: { eventId: string; at: Date }): Promise<RecordOutcome> {
    const { ruleId, ...fields } = rule;
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
}

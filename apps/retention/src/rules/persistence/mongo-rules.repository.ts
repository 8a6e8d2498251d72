import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type OutboxEntry, RETURN_OUTBOX, type WrittenOutbox, writtenOutbox } from '@insyn/messaging';
import type { Collection, Model } from 'mongoose';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import type { ApprovalRejection, ApprovalRequest, Retirement, Rule, RuleVersion } from '../domain/rule.model.js';
import type { RuleRecord } from './rule.entity.js';
import { toRecord, toRule } from './rule.mapper.js';
import { RULE_MODEL } from './rule.schema.js';
import { RulesRepository } from './rules.repository.js';

/**
 * Each method is one query or one atomic single-document update with a revision precondition
 * (docs/style.md 12). Plain `$set`/`$inc` only: no update pipelines, array filters or positional updates,
 * which FerretDB v1 does not have.
 *
 * Writes go to the driver's collection (typed by the record, collectionOf): the insert must fail on a
 * duplicate `_id`, and each write stores exactly what it names, without mongoose casting it or adding the
 * schema's defaults. Reads use the model.
 */
@Injectable()
export class MongoRulesRepository extends RulesRepository {
  private readonly records: Collection<RuleRecord>;

  constructor(@InjectModel(RULE_MODEL) private readonly model: Model<RuleRecord>) {
    super();
    this.records = collectionOf(model);
  }

  async findById(ruleId: string): Promise<Rule | null> {
    const record = await this.model.findById(ruleId, { outbox: 0 }).lean<RuleRecord>().exec();
    return record ? toRule(record) : null;
  }

  async listAll(): Promise<Rule[]> {
    const records = await this.model.find({}, { outbox: 0 }).sort({ _id: 1 }).lean<RuleRecord[]>().exec();
    return records.map(toRule);
  }

  async findWithActiveVersion(): Promise<Rule[]> {
    const records = await this.model
      .find({ activeVersion: { $ne: null } }, { outbox: 0 })
      .sort({ _id: 1 })
      .lean<RuleRecord[]>()
      .exec();
    return records.filter((r) => r.activeVersion !== null).map(toRule);
  }

  async insert(rule: Rule): Promise<boolean> {
    try {
      await this.records.insertOne(toRecord(rule));
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async saveDraft(ruleId: string, expectedRevision: number, versions: RuleVersion[], draftVersion: number, at: Date): Promise<boolean> {
    const res = await this.records.updateOne(
      { _id: ruleId, revision: expectedRevision },
      { $set: { versions, draftVersion, approval: null, updatedAt: at }, $inc: { revision: 1 } },
    );
    return res.matchedCount === 1;
  }

  async activate(
    ruleId: string,
    expected: { revision: number; version: number; previousActive: number | null },
    versions: RuleVersion[],
    at: Date,
    event: OutboxEntry,
  ): Promise<WrittenOutbox | null> {
    const written = await this.records.findOneAndUpdate(
      { _id: ruleId, revision: expected.revision, draftVersion: expected.version, activeVersion: expected.previousActive },
      {
        $set: { versions, activeVersion: expected.version, draftVersion: null, approval: null, lastRejection: null, updatedAt: at },
        $inc: { revision: 1 },
        $push: { outbox: event },
      },
      RETURN_OUTBOX,
    );
    return writtenOutbox(written);
  }

  async requestApproval(ruleId: string, expectedRevision: number, request: ApprovalRequest): Promise<boolean> {
    const res = await this.records.updateOne(
      { _id: ruleId, revision: expectedRevision, draftVersion: request.version },
      { $set: { approval: request, updatedAt: request.requestedAt }, $inc: { revision: 1 } },
    );
    return res.matchedCount === 1;
  }

  async rejectApproval(ruleId: string, expectedRevision: number, rejection: ApprovalRejection): Promise<boolean> {
    const res = await this.records.updateOne(
      { _id: ruleId, revision: expectedRevision },
      { $set: { approval: null, lastRejection: rejection, updatedAt: rejection.rejectedAt }, $inc: { revision: 1 } },
    );
    return res.matchedCount === 1;
  }

  async retire(
    ruleId: string,
    expectedRevision: number,
    versions: RuleVersion[],
    retirement: Retirement,
    event: OutboxEntry,
  ): Promise<WrittenOutbox | null> {
    const written = await this.records.findOneAndUpdate(
      { _id: ruleId, revision: expectedRevision },
      {
        $set: { versions, activeVersion: null, approval: null, retired: retirement, updatedAt: retirement.at },
        $inc: { revision: 1 },
        $push: { outbox: event },
      },
      RETURN_OUTBOX,
    );
    return writtenOutbox(written);
  }
}

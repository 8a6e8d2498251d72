import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { keysIn, type SubjectKeyScope } from '@insyn/auth';
import { prefixPattern } from '@insyn/person';
import { collectionOf, isDuplicateKeyError } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import type { AccessEntry, LogPageQuery } from '../domain/access-entry.js';
import type { AccessLogSelection } from '../domain/access-log-purge.js';
import { ACCESS_ENTRY_MODEL, type AccessEntryRecord } from './access-entry.schema.js';
import { AccessLogRepository } from './access-log.repository.js';

const toEntry = ({ _id, conversationId: _conversationId, ...rest }: AccessEntryRecord): AccessEntry => ({ accessId: _id, ...rest });

type Filter = Record<string, unknown>;

/** The entries a purge selection covers, before holds: the unit's, read strictly before the cutoff. */
const covered = (s: AccessLogSelection): Filter => ({ unit: s.unit, accessedAt: { $lt: s.accessedBefore } });

/** Not of a held person, and not about a held conversation. */
const notHeld = (s: AccessLogSelection): Filter => ({
  ...(s.heldSubjectKeys.length ? { subjectKey: { $nin: s.heldSubjectKeys } } : {}),
  ...(s.heldItemIds.length ? { conversationId: { $nin: s.heldItemIds } } : {}),
});

/**
 * The insert, the counts and the purge's selection and deletes go to the driver's collection (typed by the
 * record, collectionOf): the insert must fail on a duplicate `_id` and store the entry as given, and the purge
 * reads ids only, through a cursor, without mongoose's per-document hydration. The rest uses the model.
 */
@Injectable()
export class MongoAccessLogRepository extends AccessLogRepository {
  private readonly collection: Collection<AccessEntryRecord>;

  constructor(@InjectModel(ACCESS_ENTRY_MODEL) private readonly model: Model<AccessEntryRecord>) {
    super();
    this.collection = collectionOf(model);
  }

  async record(entry: AccessEntry): Promise<boolean> {
    const { accessId, ...rest } = entry;
    const record: AccessEntryRecord = {
      _id: accessId,
      ...rest,
      ...(entry.resource.conversationId !== undefined ? { conversationId: entry.resource.conversationId } : {}),
    };
    try {
      await this.collection.insertOne(record);
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return false;
    }
  }

  async page(subjectKeys: SubjectKeyScope, query: LogPageQuery): Promise<AccessEntry[]> {
    const keys = keysIn(subjectKeys);
    if (keys.length === 0 || keys.some((k) => !k)) throw new Error('AccessLogRepository.page: a subject key is required');
    const period: Filter = {
      ...(query.from ? { $gte: query.from } : {}),
      ...(query.to ? { $lt: query.to } : {}),
    };
    const { cursor } = query;
    const filter: Filter = {
      subjectKey: keys.length === 1 ? keys[0] : { $in: keys },
      ...(Object.keys(period).length ? { accessedAt: period } : {}),
      ...(cursor
        ? { $or: [{ accessedAt: { $lt: cursor.accessedAt } }, { accessedAt: cursor.accessedAt, _id: { $lt: cursor.accessId } }] }
        : {}),
    };
    const records = await this.model
      .find(filter)
      .sort({ accessedAt: -1, _id: -1 })
      .limit(query.limit + 1)
      .lean<AccessEntryRecord[]>()
      .exec();
    return records.map(toEntry);
  }

  async countHeld(selection: AccessLogSelection): Promise<number> {
    // Two selective counts (held persons' entries; the others' entries about held conversations), each once,
    // rather than one `$or` or a count of everything covered: both scan the whole selection on FerretDB.
    const { heldSubjectKeys: persons, heldItemIds: conversations } = selection;
    const [ofPersons, ofConversations] = await Promise.all([
      persons.length ? this.collection.countDocuments({ ...covered(selection), subjectKey: { $in: persons } }) : 0,
      conversations.length
        ? this.collection.countDocuments({
            ...covered(selection),
            ...(persons.length ? { subjectKey: { $nin: persons } } : {}),
            conversationId: { $in: conversations },
          })
        : 0,
    ]);
    return ofPersons + ofConversations;
  }

  async countSelectable(selection: AccessLogSelection): Promise<number> {
    return this.collection.countDocuments({ ...covered(selection), ...notHeld(selection) });
  }

  async selectIds(selection: AccessLogSelection, limit: number): Promise<{ ids: string[]; remaining: boolean }> {
    const ids: string[] = [];
    let remaining = false;
    const cursor = this.collection
      .find<{ _id: string }>({ ...covered(selection), ...notHeld(selection) }, { projection: { _id: 1 } })
      .limit(limit + 1); // unsorted, as in messages: each chunk selects afresh what is still due (a sort costs tenfold on FerretDB)
    for await (const e of cursor) {
      if (ids.length < limit) ids.push(e._id);
      else remaining = true;
    }
    return { ids, remaining };
  }

  async delete(ids: readonly string[]): Promise<void> {
    const BATCH = 1_000;
    for (let i = 0; i < ids.length; i += BATCH) await this.collection.deleteMany({ _id: { $in: ids.slice(i, i + BATCH) } });
  }

  async staleSubjectKeys(prefixes: string[]): Promise<string[]> {
    return this.model.distinct('subjectKey', { subjectKey: { $regex: prefixPattern(prefixes) } }).exec();
  }

  async rekeySubject(stale: string, current: string): Promise<number> {
    const res = await this.model.updateMany({ subjectKey: stale }, { $set: { subjectKey: current } }).exec();
    return res.modifiedCount;
  }
}

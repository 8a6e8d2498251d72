import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type OutboxEntry, RETURN_OUTBOX, type WrittenOutbox, writtenOutbox } from '@insyn/messaging';
import { isDuplicateKeyError } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import type { ClientAuditRecord, ClientRecord } from './client.entity.js';
import { CLIENT_MODEL } from './client.schema.js';
import { type BootstrapClient, type ClientAuditTrail, ClientsRepository, type StoredClient } from './clients.repository.js';

/** Reads leave out the audit trail and the outbox, which only the audit log and the relay need. */
const WITHOUT_TRAILS = { outbox: 0, audit: 0 } as const;

@Injectable()
export class MongoClientsRepository extends ClientsRepository {
  /**
   * Inserts, the bootstrap's upsert and the outbox's writes go to the driver, so what is stored is exactly
   * what is given (no schema defaults or casting added); the driver's collection is typed with the record.
   */
  private readonly collection: Collection<ClientRecord>;

  constructor(@InjectModel(CLIENT_MODEL) private readonly model: Model<ClientRecord>) {
    super();
    this.collection = model.db.collection<ClientRecord>(model.collection.collectionName);
  }

  findById(clientId: string): Promise<StoredClient | null> {
    return this.model.findById(clientId, WITHOUT_TRAILS).lean<StoredClient>().exec();
  }

  list(): Promise<StoredClient[]> {
    return this.model.find({}, WITHOUT_TRAILS).sort({ _id: 1 }).lean<StoredClient[]>().exec();
  }

  async auditTrails(filter: { clientId?: string; unit?: string }): Promise<ClientAuditTrail[]> {
    const query = { ...(filter.clientId ? { _id: filter.clientId } : {}), ...(filter.unit ? { unit: filter.unit } : {}) };
    const records = await this.model.find(query, { audit: 1 }).lean<Pick<ClientRecord, '_id' | 'audit'>[]>().exec();
    return records.map((r) => ({ clientId: r._id, audit: r.audit ?? [] }));
  }

  async insert(record: ClientRecord): Promise<boolean> {
    try {
      await this.collection.insertOne(record);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async upsertBootstrap(client: BootstrapClient, now: Date): Promise<void> {
    const { clientId, ...fields } = client;
    await this.collection.updateOne(
      { _id: clientId },
      {
        $set: { ...fields, disabled: false, status: 'active', updatedAt: now },
        $setOnInsert: { createdAt: now, createdBy: 'bootstrap' },
      },
      { upsert: true },
    );
  }

  decide(
    clientId: string,
    decidedBy: string,
    status: 'active' | 'refused',
    audit: ClientAuditRecord,
    now: Date,
  ): Promise<StoredClient | null> {
    return this.model
      .findOneAndUpdate(
        { _id: clientId, status: 'pending', filedBy: { $ne: decidedBy } },
        { $set: { status, updatedAt: now }, $push: { audit } },
        { returnDocument: 'after' },
      )
      .lean<StoredClient>()
      .exec();
  }

  replaceSecret(clientId: string, secretHash: string, audit: ClientAuditRecord, now: Date): Promise<StoredClient | null> {
    return this.model
      .findOneAndUpdate({ _id: clientId }, { $set: { secretHash, updatedAt: now }, $push: { audit } }, { returnDocument: 'after' })
      .lean<StoredClient>()
      .exec();
  }

  setDisabled(clientId: string, disabled: boolean, audit: ClientAuditRecord, now: Date): Promise<StoredClient | null> {
    return this.model
      .findOneAndUpdate({ _id: clientId }, { $set: { disabled, updatedAt: now }, $push: { audit } }, { returnDocument: 'after' })
      .lean<StoredClient>()
      .exec();
  }

  async recordTokenIssued(clientId: string, entry: OutboxEntry, at: Date): Promise<WrittenOutbox | null> {
    const after = await this.collection.findOneAndUpdate(
      { _id: clientId },
      { $push: { outbox: entry }, $set: { lastTokenAt: at } },
      RETURN_OUTBOX,
    );
    return writtenOutbox(after);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isDuplicateKeyError } from '@insyn/platform';
import type { Collection, Model } from 'mongoose';
import { collectionOf } from '@insyn/platform';
import { WEBHOOK_DELIVERY_MODEL, WEBHOOK_MODEL, type WebhookDeliveryRecord, type WebhookRecord } from './webhook.schema.js';

/**
 * Webhooks and their deliveries; every query is scoped to a unit or claims one delivery atomically. The
 * inserts go to the driver's collections (typed, collectionOf): the record is stored exactly as given and
 * a second insert of the same delivery fails on the duplicate `_id`, without mongoose building and
 * casting a document first.
 */
@Injectable()
export class WebhookRepository {
  private readonly webhookRecords: Collection<WebhookRecord>;
  private readonly deliveryRecords: Collection<WebhookDeliveryRecord>;

  constructor(
    @InjectModel(WEBHOOK_MODEL) private readonly webhooks: Model<WebhookRecord>,
    @InjectModel(WEBHOOK_DELIVERY_MODEL) private readonly deliveries: Model<WebhookDeliveryRecord>,
  ) {
    this.webhookRecords = collectionOf(webhooks);
    this.deliveryRecords = collectionOf(deliveries);
  }

  async insert(webhook: WebhookRecord): Promise<void> {
    await this.webhookRecords.insertOne(webhook);
  }

  async ofUnit(unit: string): Promise<WebhookRecord[]> {
    return this.webhooks.find({ unit }).sort({ createdAt: 1 }).lean<WebhookRecord[]>().exec();
  }

  async findOfUnit(unit: string, id: string): Promise<WebhookRecord | null> {
    return this.webhooks.findOne({ _id: id, unit }).lean<WebhookRecord>().exec();
  }

  async find(id: string): Promise<WebhookRecord | null> {
    return this.webhooks.findById(id).lean<WebhookRecord>().exec();
  }

  /** Removes the webhook; its pending deliveries stop (they are marked failed), the log stays. */
  async remove(unit: string, id: string, at: Date): Promise<boolean> {
    const res = await this.webhooks.deleteOne({ _id: id, unit }).exec();
    if (res.deletedCount !== 1) return false;
    await this.deliveries
      .updateMany(
        { webhookId: id, status: { $in: ['pending', 'failing'] } },
        { $set: { status: 'failed', lastResult: 'webhook-removed', lastAttemptAt: at }, $unset: { nextAttemptAt: 1 } },
      )
      .exec();
    return true;
  }

  /** Records a delivery to make; false when it was recorded before (the event came again). */
  async addDelivery(delivery: WebhookDeliveryRecord): Promise<boolean> {
    try {
      await this.deliveryRecords.insertOne(delivery);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /** Takes the next due delivery for an attempt (its next attempt moved past the lease), or null. */
  async claimDue(now: Date, leaseMs: number): Promise<WebhookDeliveryRecord | null> {
    return this.deliveries
      .findOneAndUpdate(
        { status: { $in: ['pending', 'failing'] }, nextAttemptAt: { $lte: now } },
        { $set: { nextAttemptAt: new Date(now.getTime() + leaseMs), lastAttemptAt: now }, $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      )
      .lean<WebhookDeliveryRecord>()
      .exec();
  }

  async delivered(id: string, at: Date, result: string): Promise<void> {
    await this.deliveries
      .updateOne({ _id: id }, { $set: { status: 'delivered', deliveredAt: at, lastResult: result }, $unset: { nextAttemptAt: 1 } })
      .exec();
  }

  async attemptFailed(id: string, result: string, nextAttemptAt: Date | undefined): Promise<void> {
    await this.deliveries
      .updateOne(
        { _id: id },
        nextAttemptAt
          ? { $set: { status: 'failing', lastResult: result, nextAttemptAt } }
          : { $set: { status: 'failed', lastResult: result }, $unset: { nextAttemptAt: 1 } },
      )
      .exec();
  }

  async deliveriesOf(webhookId: string, limit: number): Promise<WebhookDeliveryRecord[]> {
    return this.deliveries.find({ webhookId }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<WebhookDeliveryRecord[]>().exec();
  }
}

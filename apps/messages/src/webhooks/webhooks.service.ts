import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Principal } from '@insyn/auth';
import { type MessageReceivedV1Envelope, Topics } from '@insyn/contracts';
import { Problems } from '@insyn/observability';
import { Clock, IdGenerator } from '@insyn/platform';
import type { MessagesEnv } from '../config/messages-env.js';
import { Units } from '../conversations/domain/units.js';
import { ConversationKeys } from '../conversations/persistence/conversation-keys.js';
import type { RegisteredWebhookDto, WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto.js';
import { WebhookRepository } from './persistence/webhook.repository.js';
import type { WebhookDeliveryRecord, WebhookRecord } from './persistence/webhook.schema.js';
import { newWebhookSecret } from './webhook-signature.js';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const SECRET_FIELD = 'webhook-secret';

/** A unit's webhooks: registered, listed and removed through the API; the unit's events recorded for delivery. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repo: WebhookRepository,
    private readonly keys: ConversationKeys,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: ConfigService<MessagesEnv, true>,
  ) {}

  async register(url: string, by: Principal): Promise<RegisteredWebhookDto> {
    const unit = this.unitOf(by);
    this.checkUrl(url);
    const id = this.ids.next();
    const secret = newWebhookSecret();
    // The secret is sealed under a data key of the webhook's own, wrapped by the service's key-encryption key.
    const key = await this.keys.create(id);
    const record: WebhookRecord = {
      _id: id,
      unit,
      url,
      events: [Topics.MessagesMessageReceivedV1],
      sealedSecret: this.keys.seal(key, secret, id, SECRET_FIELD),
      createdAt: this.clock.now(),
      createdBy: { kind: by.kind, id: by.subject },
    };
    await this.repo.insert(record);
    return { ...view(record), secret };
  }

  async list(by: Principal): Promise<WebhookDto[]> {
    return (await this.repo.ofUnit(this.unitOf(by))).map(view);
  }

  async remove(id: string, by: Principal): Promise<void> {
    if (!(await this.repo.remove(this.unitOf(by), id, this.clock.now()))) throw Problems.notFound(`Webhook ${id}`);
  }

  async deliveries(id: string, by: Principal): Promise<WebhookDeliveryDto[]> {
    if (!(await this.repo.findOfUnit(this.unitOf(by), id))) throw Problems.notFound(`Webhook ${id}`);
    return (await this.repo.deliveriesOf(id, 200)).map(deliveryView);
  }

  /** The signing secret of a webhook, for the dispatcher. */
  async secretOf(webhook: WebhookRecord): Promise<string> {
    return this.keys.open(await this.keys.get(webhook._id), webhook.sealedSecret, webhook._id, SECRET_FIELD);
  }

  /** A citizen replied: one delivery per webhook of the unit, with ids only (what the event has, less the subject key). */
  async enqueue(event: MessageReceivedV1Envelope): Promise<number> {
    const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data });
    const now = this.clock.now();
    let added = 0;
    for (const webhook of await this.repo.ofUnit(event.data.unit)) {
      if (!webhook.events.includes(event.type)) continue;
      const delivery: WebhookDeliveryRecord = {
        _id: `${event.id}:${webhook._id}`,
        webhookId: webhook._id,
        unit: webhook.unit,
        eventId: event.id,
        eventType: event.type,
        body,
        status: 'pending',
        attempts: 0,
        createdAt: now,
        nextAttemptAt: now,
      };
      if (await this.repo.addDelivery(delivery)) added++;
    }
    return added;
  }

  private unitOf(by: Principal): string {
    if (!by.unit || !this.units.get(by.unit))
      throw Problems.unprocessable(
        [{ field: 'unit', messages: [`the caller’s unit ${by.unit ?? '(none)'} is not a unit that holds conversations`] }],
        'Webhooks belong to a unit that holds conversations.',
      );
    return by.unit;
  }

  private checkUrl(text: string): void {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw Problems.validation([{ field: 'url', messages: ['url must be an absolute URL, e.g. https://arende.kommun.se/webhook'] }]);
    }
    const production = this.config.get('NODE_ENV', { infer: true }) === 'production';
    const loopbackHttp = url.protocol === 'http:' && LOOPBACK.includes(url.hostname) && !production;
    if (url.protocol !== 'https:' && !loopbackHttp)
      throw Problems.validation([
        { field: 'url', messages: [production ? 'url must use https' : 'url must use https (plain http only to 127.0.0.1 or localhost)'] },
      ]);
    if (url.username || url.password)
      throw Problems.validation([{ field: 'url', messages: ['url must not carry a user name or password'] }]);
    if (url.hash) throw Problems.validation([{ field: 'url', messages: ['url must not have a fragment'] }]);
  }
}

function view(w: WebhookRecord): WebhookDto {
  return { webhookId: w._id, unit: w.unit, url: w.url, events: w.events, createdAt: w.createdAt.toISOString() };
}

function deliveryView(d: WebhookDeliveryRecord): WebhookDeliveryDto {
  return {
    deliveryId: d._id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    createdAt: d.createdAt.toISOString(),
    ...(d.lastAttemptAt ? { lastAttemptAt: d.lastAttemptAt.toISOString() } : {}),
    ...(d.nextAttemptAt && (d.status === 'failing' || d.status === 'pending') ? { nextAttemptAt: d.nextAttemptAt.toISOString() } : {}),
    ...(d.lastResult ? { lastResult: d.lastResult } : {}),
    ...(d.deliveredAt ? { deliveredAt: d.deliveredAt.toISOString() } : {}),
  };
}

import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import { WebhookRepository } from './persistence/webhook.repository.js';
import type { WebhookDeliveryRecord } from './persistence/webhook.schema.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';
import { WebhooksService } from './webhooks.service.js';

/** Attempts in all before a delivery is given up (`failed`): over about 17 hours with the backoff below. */
export const MAX_ATTEMPTS = 12;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const TICK_MS = 2_000;

/** The wait after the n-th failed attempt: 5 s doubling, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends due webhook deliveries: one signed POST each (`Insyn-Signature`), a 2xx answer is delivered,
 * anything else is retried with backoff until MAX_ATTEMPTS. Deliveries are claimed with a lease, so several
 * instances share the work and one that dies mid-send leaves the delivery to be retried. At-least-once: a
 * receiver dedupes by `Insyn-Event-Id`.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;

  constructor(
    private readonly repo: WebhookRepository,
    private readonly webhooks: WebhooksService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), TICK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Runs a pass now (after new deliveries were recorded), or right after the one running. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass()
      .catch((err: unknown) => this.logger.warn(`webhook pass failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pass(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const delivery = await this.repo.claimDue(this.clock.now(), LEASE_MS);
      if (!delivery) return;
      await this.attempt(delivery);
    }
  }

  private async attempt(delivery: WebhookDeliveryRecord): Promise<void> {
    const webhook = await this.repo.find(delivery.webhookId);
    if (!webhook) return this.repo.attemptFailed(delivery._id, 'webhook-removed', undefined);
    let result: string;
    try {
      const res = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Insyn-Webhooks/1',
          'insyn-event-id': delivery.eventId,
          'insyn-event-type': delivery.eventType,
          [SIGNATURE_HEADER.toLowerCase()]: signWebhook(await this.webhooks.secretOf(webhook), delivery.body, this.clock.now()),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) return this.repo.delivered(delivery._id, this.clock.now(), String(res.status));
      result = String(res.status);
    } catch (err) {
      result = (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection-failed';
    }
    const next = delivery.attempts >= MAX_ATTEMPTS ? undefined : new Date(this.clock.now().getTime() + backoffMs(delivery.attempts));
    // The URL is the unit's; the log line names the webhook and the outcome only.
    this.logger.warn(`webhook ${webhook._id} delivery ${delivery.eventId} attempt ${delivery.attempts} failed: ${result}`);
    await this.repo.attemptFailed(delivery._id, result, next);
  }
}

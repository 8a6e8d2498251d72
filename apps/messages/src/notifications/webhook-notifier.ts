import { Injectable, Logger } from '@nestjs/common';
import { metric } from '@insyn/observability';
import { Counter } from 'prom-client';
import { type NotificationContact, Notifier } from './notifier.js';

/** What an operator alerts on: notifications the gateway did not take (the message itself is stored). */
export const notificationsSent = metric(
  'insyn_notifications_total',
  () =>
    new Counter({
      name: 'insyn_notifications_total',
      help: 'Notifications handed to the gateway, by channel (email, sms) and outcome (sent, failed)',
      labelNames: ['channel', 'outcome'],
    }),
);

export interface WebhookNotifierOptions {
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string;
  timeoutMs?: number;
}

/**
 * E-mail and SMS through the municipality's gateway: one POST per notification with
 * `{channel: 'email'|'sms', to, text}` (most SMS gateways and mail relays take such a call, or a
 * small adapter in front of them does). The text has passed `templateLeaks`; the address is sent to
 * the gateway and nowhere else — never logged.
 */
@Injectable()
export class WebhookNotifier extends Notifier {
  private readonly logger = new Logger('Notifier');

  constructor(private readonly options: WebhookNotifierOptions) {
    super();
    const url = new URL(options.url);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !loopback) throw new Error('NOTIFIER_URL must use https (plain http only on loopback)');
  }

  async notify(contact: NotificationContact, text: string): Promise<void> {
    const sends = [
      ...(contact.email ? [{ channel: 'email', to: contact.email }] : []),
      ...(contact.phone ? [{ channel: 'sms', to: contact.phone }] : []),
    ];
    for (const send of sends) {
      try {
        const res = await fetch(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) },
          body: JSON.stringify({ ...send, text }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
          redirect: 'error',
        });
        if (!res.ok) throw new Error(`the notification gateway answered ${res.status} for ${send.channel}`);
      } catch (err) {
        notificationsSent().inc({ channel: send.channel, outcome: 'failed' });
        throw err;
      }
      notificationsSent().inc({ channel: send.channel, outcome: 'sent' });
      this.logger.log(`notification sent by ${send.channel}`);
    }
  }
}

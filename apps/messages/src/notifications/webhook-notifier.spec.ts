import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { notificationsSent, WebhookNotifier } from './webhook-notifier.js';

describe('WebhookNotifier', () => {
  const received: { auth?: string; body: Record<string, string> }[] = [];
  let status = 202;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({
          ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
          body: JSON.parse(body) as Record<string, string>,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts one call per channel with the text and the token', async () => {
    await new WebhookNotifier({ url, token: 't0k' }).notify(
      { email: 'a@example.se', phone: '+46701234567' },
      'Du har ett nytt säkert meddelande.',
    );
    expect(received).toEqual([
      { auth: 'Bearer t0k', body: { channel: 'email', to: 'a@example.se', text: 'Du har ett nytt säkert meddelande.' } },
      { auth: 'Bearer t0k', body: { channel: 'sms', to: '+46701234567', text: 'Du har ett nytt säkert meddelande.' } },
    ]);
  });

  it('fails when the gateway refuses, without the address in the error', async () => {
    status = 500;
    await expect(new WebhookNotifier({ url }).notify({ email: 'b@example.se' }, 'x')).rejects.toThrow(/answered 500 for email/);
    await expect(new WebhookNotifier({ url }).notify({ email: 'b@example.se' }, 'x')).rejects.not.toThrow(/b@example/);
  });

  it('counts what the gateway took and refused, by channel, for the operator’s alert', async () => {
    const count = async (channel: string, outcome: string) =>
      (await notificationsSent().get()).values.find((v) => v.labels.channel === channel && v.labels.outcome === outcome)?.value ?? 0;
    const [sent, failed] = [await count('sms', 'sent'), await count('email', 'failed')];
    status = 202;
    await new WebhookNotifier({ url }).notify({ phone: '+46701234567' }, 'x');
    status = 503;
    await expect(new WebhookNotifier({ url }).notify({ email: 'c@example.se' }, 'x')).rejects.toThrow(/503/);
    expect([await count('sms', 'sent'), await count('email', 'failed')]).toEqual([sent + 1, failed + 1]);
  });

  it('refuses a plain-http gateway that is not on loopback', () => {
    expect(() => new WebhookNotifier({ url: 'http://sms.example.se/send' })).toThrow(/https/);
  });
});

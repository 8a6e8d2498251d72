import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebhookNotifier } from './webhook-notifier.js';

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

  it('refuses a plain-http gateway that is not on loopback', () => {
    expect(() => new WebhookNotifier({ url: 'http://sms.example.se/send' })).toThrow(/https/);
  });
});

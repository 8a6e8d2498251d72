import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { newWebhookSecret, signWebhook, verifyWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const at = new Date('2026-12-04T12:00:00.000Z');
  const body = '{"type":"messages.message.received.v1"}';

  it('signs t.body with HMAC-SHA256 under the secret, as a receiver recomputes it', () => {
    const header = signWebhook(secret, body, at);
    const t = at.getTime() / 1000;
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
    expect(verifyWebhook(secret, body, header, at)).toBe(true);
  });

  it('refuses another body, another secret, a stale timestamp and a malformed header', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhook(secret, `${body} `, header, at)).toBe(false);
    expect(verifyWebhook(newWebhookSecret(), body, header, at)).toBe(false);
    expect(verifyWebhook(secret, body, header, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhook(secret, body, 'v1=abc', at)).toBe(false);
    expect(newWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});

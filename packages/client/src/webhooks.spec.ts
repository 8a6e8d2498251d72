// verifyWebhook against signatures made here with node:crypto, as the messages service signs (ADR 0018).
import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { verifyWebhook } from './webhooks.js';

const SECRET = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I';
const body = JSON.stringify({
  id: 'e1',
  type: 'messages.message.received.v1',
  occurredAt: '2026-12-04T10:00:00.000Z',
  data: { conversationId: 'c1', messageId: 'm1', unit: 'soc', caseReference: 'SOC 2026/77', receivedAt: '2026-12-04T10:00:00.000Z' },
});
const sign = (t: number, payload = body, secret = SECRET) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
const now = new Date('2026-12-04T10:00:30Z');
const t = Math.floor(now.getTime() / 1000) - 30;

describe('verifyWebhook', () => {
  it('answers the event of a delivery signed with the secret, from Node or fetch headers', async () => {
    const event = await verifyWebhook(body, { 'insyn-signature': sign(t) }, SECRET, { now });
    expect(event).toMatchObject({ id: 'e1', data: { conversationId: 'c1', caseReference: 'SOC 2026/77' } });
    await expect(verifyWebhook(body, new Headers({ 'Insyn-Signature': sign(t) }), SECRET, { now })).resolves.toMatchObject({ id: 'e1' });
  });

  it.each([
    ['missing-signature', {}, body],
    ['malformed-signature', { 'insyn-signature': 'v1=abc' }, body],
    ['malformed-signature', { 'insyn-signature': `t=${t}` }, body],
    ['signature-mismatch', { 'insyn-signature': sign(t, body, 'whsec_other') }, body],
    ['signature-mismatch', { 'insyn-signature': sign(t) }, body.replace('c1', 'c2')],
    ['signature-mismatch', { 'insyn-signature': sign(t + 1).replace(`t=${t + 1}`, `t=${t}`) }, body],
    ['too-old', { 'insyn-signature': sign(t - 300) }, body],
    ['too-old', { 'insyn-signature': sign(t + 400) }, body],
    ['malformed-body', { 'insyn-signature': sign(t, 'not json') }, 'not json'],
  ])('refuses (%s)', async (reason, headers, payload) => {
    await expect(verifyWebhook(payload, headers, SECRET, { now })).rejects.toMatchObject({ name: 'WebhookVerificationError', reason });
  });

  it('takes a wider tolerance when asked', async () => {
    await expect(verifyWebhook(body, { 'insyn-signature': sign(t - 300) }, SECRET, { now, toleranceSeconds: 600 })).resolves.toMatchObject({
      id: 'e1',
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import { requestFingerprint } from './idempotency-store.js';
import { parseIdempotencyKey } from './idempotency.interceptor.js';

describe('Idempotency-Key', () => {
  it('takes the draft’s quoted sf-string or the bare text, 1-255 printable ASCII characters', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('"a \\"quoted\\" key"')).toBe('a "quoted" key');
    expect(parseIdempotencyKey('x'.repeat(255))).toBe('x'.repeat(255));
    for (const bad of ['', '""', 'x'.repeat(256), ' padded', 'nyckel-å', 'tab\there']) expect(parseIdempotencyKey(bad)).toBeUndefined();
  });

  it('fingerprints method, path, caller and body: any of them changed is another request', () => {
    const base = requestFingerprint('POST', '/v1/conversations', 'client:a', { subject: 'Hej' });
    expect(requestFingerprint('post', '/v1/conversations', 'client:a', { subject: 'Hej' })).toBe(base);
    expect(requestFingerprint('POST', '/v1/conversations', 'client:a', { subject: 'Hej då' })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/units/x/conversations', 'client:a', { subject: 'Hej' })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/conversations', 'client:b', { subject: 'Hej' })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

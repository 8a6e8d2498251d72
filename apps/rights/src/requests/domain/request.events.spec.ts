import { describe, expect, it } from '@jest/globals';
import { RightsRequestOpenedV1 } from '@insyn/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { requestOpened } from './request.events.js';
import type { DataSubjectRequest } from './request.model.js';

const KEY = { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43), kid: 'enc-1', alg: 'ECDH-ES' } as const;
const request = (over: Partial<DataSubjectRequest> = {}): DataSubjectRequest => ({
  id: 'req-00000001',
  subjectKey: 'sk2_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg',
  kind: 'access',
  notice: { slug: 'sakra-meddelanden', version: 1, title: { sv: 'Säkra meddelanden', en: 'Secure messages' } },
  status: 'open',
  receivedAt: new Date('2026-12-05T10:00:00Z'),
  dueAt: new Date('2027-01-05T10:00:00Z'),
  expectedServices: ['messages'],
  parts: [],
  decisions: [],
  lastAskedAt: new Date('2026-12-05T10:00:00Z'),
  askCount: 1,
  revision: 0,
  ...over,
});
const valid = (data: object) => validateSync(plainToInstance(RightsRequestOpenedV1, data)).length === 0;

describe('requestOpened', () => {
  it('tells the services the person’s previous subject keys during a rotation (ADR 0025), and nothing more outside one', () => {
    const during = requestOpened(request({ previousSubjectKeys: ['sk1_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg'] }), KEY);
    expect(during.previousSubjectKeys).toEqual(['sk1_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg']);
    expect(valid(during)).toBe(true);
    const outside = requestOpened(request(), KEY);
    expect(outside).not.toHaveProperty('previousSubjectKeys');
    expect(valid(outside)).toBe(true);
  });

  it('is refused by the contract with a personnummer among the previous keys', () => {
    expect(valid({ ...requestOpened(request(), KEY), previousSubjectKeys: ['19121212-1212'] })).toBe(false);
  });
});

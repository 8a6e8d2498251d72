import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { DEMO_DECISION, DEMO_RULES, seedRules } from './seed.mjs';

/** The retention service as the seed sees it: rules by id, every call recorded with the token it came with. */
function fakeRetention(existing: string[] = []) {
  const rules = new Set(existing);
  const calls: { method: string; path: string; token: string; body?: unknown }[] = [];
  const fetchMock = jest.fn((url: string | URL, init: RequestInit = {}) => {
    const { pathname } = new URL(String(url));
    const method = init.method ?? 'GET';
    const token = String((init.headers as Record<string, string>).authorization).replace('Bearer ', '');
    calls.push({ method, path: pathname, token, ...(typeof init.body === 'string' ? { body: JSON.parse(init.body) as unknown } : {}) });
    const reply = (status: number) => Promise.resolve(new Response('{}', { status, headers: { 'content-type': 'application/json' } }));
    if (method === 'GET') return reply(rules.has(pathname.split('/')[3]!) ? 200 : 404);
    if (pathname === '/v1/rules') return reply(201);
    if (pathname.endsWith('/activate')) return reply(202);
    if (pathname.endsWith('/approve')) return reply(200);
    return reply(404);
  });
  jest.spyOn(globalThis, 'fetch').mockImplementation(fetchMock as unknown as typeof fetch);
  return calls;
}

const ports = { retention: 4004, identity: 4002 };
const signIn = jest.fn((_identity: string, hsaId: string) => Promise.resolve(`token-of-${hsaId}`));

describe('the demo gallring rules (npm start)', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    signIn.mockClear();
  });

  it('cite a complete gallringsbeslut dated in the past, for the development client’s unit and secure messages', () => {
    expect(DEMO_DECISION.date < new Date().toISOString().slice(0, 10)).toBe(true);
    for (const rule of DEMO_RULES) {
      expect(rule).toMatchObject({ unit: 'kommunstyrelsen', informationType: 'secure-message', trigger: 'conversation-closed' });
      expect(Object.values(rule.decision).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    }
  });

  it('are created and submitted by the retention administrator, and approved by the DPO: two people', async () => {
    const calls = fakeRetention();
    expect(await seedRules({ ports, token: 'client', signIn })).toEqual(DEMO_RULES.map((r) => r.ruleId));
    const [rule] = DEMO_RULES;
    const writes = calls.filter((c) => c.method === 'POST');
    expect(writes.map((c) => [c.path, c.token])).toEqual([
      ['/v1/rules', 'token-of-SE2120002627-E000000000006'],
      [`/v1/rules/${rule!.ruleId}/versions/1/activate`, 'token-of-SE2120002627-E000000000006'],
      [`/v1/rules/${rule!.ruleId}/versions/1/approve`, 'token-of-SE2120002627-E000000000003'],
    ]);
    expect(writes[0]!.body).toEqual(rule);
  });

  it('leave a rule that exists alone, and sign no one in for it (a second npm start)', async () => {
    const calls = fakeRetention(DEMO_RULES.map((r) => r.ruleId));
    expect(await seedRules({ ports, token: 'client', signIn })).toEqual([]);
    expect(calls.every((c) => c.method === 'GET' && c.token === 'client')).toBe(true);
    expect(signIn).not.toHaveBeenCalled();
  });
});

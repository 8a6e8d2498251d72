import { describe, expect, it } from '@jest/globals';
import { satisfies } from './access.guard.js';
import { principalFromClaims, subjectKeysOf } from './principal.js';

describe('principalFromClaims', () => {
  it('maps an official token', () => {
    expect(
      principalFromClaims({ sub: 'k1', kind: 'official', roles: ['notice-editor', 7], unit: 'soc', hsa_id: 'SE1', loa: 3, idp: 'siths' }),
    ).toEqual({
      kind: 'official',
      subject: 'k1',
      roles: ['notice-editor'],
      scopes: [],
      unit: 'soc',
      hsaId: 'SE1',
      loa: 3,
      provider: 'siths',
    });
  });

  it('keeps a citizen’s keys under previous subject-key secrets, current first (ADR 0025)', () => {
    const who = principalFromClaims({ sub: 'sk2_anna', sub_prev: ['sk1_anna', 7, 'sk2_anna'], kind: 'citizen', loa: 3 });
    expect(who?.previousSubjects).toEqual(['sk1_anna']);
    expect(subjectKeysOf(who!)).toEqual(['sk2_anna', 'sk1_anna']);
    expect(subjectKeysOf(principalFromClaims({ sub: 'sk1_anna', kind: 'citizen' })!)).toEqual(['sk1_anna']);
    expect(principalFromClaims({ sub: 'sys', sub_prev: ['x'], kind: 'client' })?.previousSubjects).toBeUndefined();
  });

  it('splits client scopes', () => {
    expect(principalFromClaims({ sub: 'sys', kind: 'client', scope: 'notice:write  messages:send' })?.scopes).toEqual([
      'notice:write',
      'messages:send',
    ]);
  });

  it.each([{}, { sub: '', kind: 'citizen' }, { sub: 'x', kind: 'admin' }, { sub: 5, kind: 'client' }])('rejects claims %j', (claims) => {
    expect(principalFromClaims(claims)).toBeUndefined();
  });
});

describe('satisfies', () => {
  const citizen = { kind: 'citizen' as const, subject: 'k', roles: [], scopes: [], loa: 3 };
  const official = { kind: 'official' as const, subject: 'k', roles: ['notice-editor'], scopes: [] };
  const client = { kind: 'client' as const, subject: 'sys', roles: [], scopes: ['notice:write'] };

  it('lets a caller through only by the kind and grant the route names', () => {
    const policy = { officialRoles: ['notice-editor'], clientScopes: ['notice:write'] };
    expect(satisfies(policy, official)).toBe(true);
    expect(satisfies(policy, client)).toBe(true);
    expect(satisfies(policy, citizen)).toBe(false);
    expect(satisfies({ officialRoles: ['dpo'] }, official)).toBe(false);
    expect(satisfies({ clientScopes: ['notice:read'] }, client)).toBe(false);
  });

  it('requires LoA 3 of citizens unless the route says otherwise', () => {
    expect(satisfies({ citizen: {} }, citizen)).toBe(true);
    expect(satisfies({ citizen: {} }, { ...citizen, loa: 2 })).toBe(false);
    expect(satisfies({ citizen: { minLoa: 2 } }, { ...citizen, loa: 2 })).toBe(true);
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@insyn/auth';
import { mayAccess } from './access.js';

const conversation = { subjectKey: 'sk1_anna-anna-anna-anna', unit: 'socialtjansten' };
const citizen = (subject: string, loa = 3): Principal => ({ kind: 'citizen', subject, loa, roles: [], scopes: [] });
const official = (unit: string, roles = ['messages-handler']): Principal => ({
  kind: 'official',
  subject: 'sk1_x',
  unit,
  roles,
  scopes: [],
});
const client = (unit: string, scopes: string[]): Principal => ({ kind: 'client', subject: 'case-system', unit, roles: [], scopes });

describe('mayAccess', () => {
  it.each([
    ['the citizen herself reads and replies', citizen(conversation.subjectKey), ['read', 'reply'], ['close', 'confirm-inaktuell']],
    ['another citizen nothing', citizen('sk1_britt-britt-britt-bri'), [], ['read', 'reply', 'close', 'confirm-inaktuell']],
    ['the citizen at LoA 2 nothing', citizen(conversation.subjectKey, 2), [], ['read', 'reply']],
    ['a handler of the unit everything', official('socialtjansten'), ['read', 'reply', 'close', 'confirm-inaktuell'], []],
    ['a handler of another unit nothing', official('skola'), [], ['read', 'reply', 'close', 'confirm-inaktuell']],
    ['an official without the role nothing', official('socialtjansten', ['notice-editor']), [], ['read']],
    [
      'the unit’s system with read scope reads',
      client('socialtjansten', ['messages:read']),
      ['read'],
      ['reply', 'close', 'confirm-inaktuell'],
    ],
    [
      'the unit’s system with send scope replies, closes and confirms inaktuell',
      client('socialtjansten', ['messages:send']),
      ['reply', 'close', 'confirm-inaktuell'],
      ['read'],
    ],
    [
      'another unit’s system nothing',
      client('skola', ['messages:read', 'messages:send']),
      [],
      ['read', 'reply', 'close', 'confirm-inaktuell'],
    ],
  ] as const)('%s', (_, who, allowed, refused) => {
    for (const c of allowed) expect(mayAccess(who, conversation, c)).toBe(true);
    for (const c of refused) expect(mayAccess(who, conversation, c)).toBe(false);
  });
});

// Shared by the conversation use cases' unit tests: strict fakes of their ports, a readable "sealing",
// fixed time and ids, and the principals who act.
import { jest } from '@jest/globals';
import type { Principal } from '@insyn/auth';
import { EventFactory, type MessagingOptions, type OutboxRelay } from '@insyn/messaging';
import type { Clock, IdGenerator } from '@insyn/platform';
import type { ConfigService } from '@nestjs/config';
import type { MessagesEnv } from '../../config/messages-env.js';
import { Units } from '../domain/units.js';
import type { ConversationKeys } from '../persistence/conversation-keys.js';
import type { ConversationRecord } from '../persistence/conversation.schema.js';
import { strictFake } from '@insyn/testing';

export const ID = '0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
export const SUBJECT_KEY = 'sk1_anna-anna-anna-anna';
export const NOW = new Date('2026-09-01T08:30:00.000Z');
export const KEY = Buffer.alloc(32, 7);

/** The configuration the use cases read. */
export function config(values: Partial<MessagesEnv> = {}): ConfigService<MessagesEnv, true> {
  const all: Partial<MessagesEnv> = {
    MESSAGES_UNITS: JSON.stringify({
      socialtjansten: { name: 'Socialtjänsten', acceptsCitizens: true },
      bygglov: { name: 'Bygglov' },
    }),
    ATTACHMENT_MAX_BYTES: 1_000,
    ATTACHMENT_TYPES: 'application/pdf, text/plain',
    ...values,
  };
  return strictFake<ConfigService<MessagesEnv, true>>('ConfigService', {
    get: (name: keyof MessagesEnv) => {
      if (!(name in all)) throw new Error(`ConfigService.get(${name}) was not faked`);
      return all[name];
    },
  });
}

export const units = (): Units => new Units(config());

/**
 * Keys whose "sealing" is readable and bound to the conversation and field as the real AAD is:
 * opening under another field throws, as the cipher would.
 */
export function keys(over: Partial<ConversationKeys> = {}): ConversationKeys {
  const tag = (id: string, field: string) => `sealed[${id}/${field}]:`;
  const open = (sealed: string, id: string, field: string) => {
    if (!sealed.startsWith(tag(id, field))) throw new Error(`${sealed} is not sealed for ${id}/${field}`);
    return sealed.slice(tag(id, field).length);
  };
  return strictFake<ConversationKeys>('ConversationKeys', {
    create: () => Promise.resolve(KEY),
    get: () => Promise.resolve(KEY),
    seal: (_key, plaintext, id, field) => tag(id, field) + plaintext.toString(),
    sealBytes: (_key, plaintext, id, field) => Buffer.concat([Buffer.from(tag(id, field)), plaintext]),
    open: (_key, sealed, id, field) => open(sealed, id, field),
    openBytes: (_key, sealed, id, field) => Buffer.from(open(sealed.toString('latin1'), id, field), 'latin1'),
    ...over,
  });
}

export const clock: Clock = { now: () => NOW };

/** Ids in order: id-1, id-2, … */
export function ids(): IdGenerator {
  let n = 0;
  return { next: () => `0190a3c4-0000-7000-8000-${String(++n).padStart(12, '0')}` };
}

export function events(idGenerator: IdGenerator = ids()): EventFactory {
  return new EventFactory({ service: 'messages' } as MessagingOptions, clock, idGenerator);
}

export function relay() {
  const enqueued = jest.fn<OutboxRelay['enqueued']>().mockResolvedValue(undefined);
  return { relay: strictFake<OutboxRelay>('OutboxRelay', { enqueued }), enqueued };
}

export const conversation = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  _id: ID,
  unit: 'socialtjansten',
  informationType: 'secure-message',
  subject: 'Kallelse',
  subjectKey: SUBJECT_KEY,
  // What the fake sealer unseals is never read as a personnummer by these use cases: a placeholder, not a number.
  sealedPersonnummer: `sealed[${ID}/personnummer]:the-personnummer`,
  status: 'open',
  openedAt: new Date('2026-05-01T09:00:00.000Z'),
  openedBy: { kind: 'client', id: 'case-system', name: 'Socialtjänsten' },
  messageCount: 1,
  lastMessageAt: new Date('2026-05-01T09:00:00.000Z'),
  changedAt: new Date('2026-05-01T09:00:00.000Z'),
  outbox: [],
  ...over,
});

export const handler: Principal = {
  kind: 'official',
  subject: 'sk1_handler-key',
  name: 'Hanna Handläggare',
  unit: 'socialtjansten',
  roles: ['messages-handler'],
  scopes: [],
};
export const herself: Principal = { kind: 'citizen', subject: SUBJECT_KEY, loa: 3, roles: [], scopes: [] };
export const someoneElse: Principal = { kind: 'citizen', subject: 'sk1_berit-berit-berit-b', loa: 3, roles: [], scopes: [] };
export const system: Principal = {
  kind: 'client',
  subject: 'case-system',
  unit: 'socialtjansten',
  roles: [],
  scopes: ['messages:send', 'messages:read'],
};

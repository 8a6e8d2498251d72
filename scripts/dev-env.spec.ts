import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEV_OFFICIALS, devEnvironment, OFFICIAL_ROLES, SECOND_PERSON_ROLES, writeDevCredentials } from './dev-env.mjs';
import { DEMO_PERSON } from './seed.mjs';

describe('writeDevCredentials (npm start prints where they are, not what they are)', () => {
  const devClient = { clientId: 'dev-console', secret: 'run-secret-0123456789abcdef' };

  it('writes the client secret and the test person to a file only the user can read', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-cache-'));
    const stale = path.join(cache, 'dev-credentials.txt');
    fs.writeFileSync(stale, 'old', { mode: 0o644 });
    const file = writeDevCredentials(cache, { devClient, identityUrl: 'http://127.0.0.1:3002', person: DEMO_PERSON });
    expect(file).toBe(stale);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(devClient.secret);
    expect(text).toContain(DEMO_PERSON.personnummer);
    expect(text).toContain('http://127.0.0.1:3002/oauth/token');
  });

  it('lists the development officials by HSA-id, unit and roles, without their personnummer', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-cache-'));
    const text = fs.readFileSync(writeDevCredentials(cache, { devClient, identityUrl: 'http://127.0.0.1:3002' }), 'utf8');
    expect(text).toContain('SE2120002627-E000000000008  Karl Kvist, kommunstyrelsen: rights-handler');
    expect(text).toContain('SE2120002627-E000000000010  Mohammed Malik, socialtjansten: messages-handler, rights-handler');
    const { DEFAULT_TEST_USERS } = await import('../apps/eid-simulator/src/control/test-users.js');
    for (const u of DEFAULT_TEST_USERS.filter((x) => x.hsaId)) expect(text).not.toContain(u.personalNumber);
  });
});

describe('the development officials', () => {
  const env = devEnvironment({ pki: { dir: '/tmp/pki' }, cache: '/tmp/cache', ports: { portal: 4000, identity: 4002 } });
  const officials = JSON.parse(env.perApp.identity?.OFFICIALS ?? '{}') as Record<string, { unit: string; roles: string[] }>;

  it('are identity’s OFFICIALS: one with every role, one per role alone, and officials of a second unit', () => {
    expect(Object.keys(officials)).toEqual(DEV_OFFICIALS.map((o) => o.hsaId));
    expect(officials['SE2120002627-E000000000001']).toEqual({ unit: 'kommunstyrelsen', roles: OFFICIAL_ROLES });
    for (const role of OFFICIAL_ROLES.filter((r) => !SECOND_PERSON_ROLES.includes(r)))
      expect(Object.values(officials).filter((o) => o.roles.length === 1 && o.roles[0] === role)).toHaveLength(1);
    // Every role the apps check, the approvers' too (@Allow in apps/notice and apps/retention), is Carl's.
    expect(OFFICIAL_ROLES).toEqual(expect.arrayContaining(['dpo', 'retention-admin', ...SECOND_PERSON_ROLES]));
    expect(SECOND_PERSON_ROLES.every((r) => OFFICIAL_ROLES.includes(r))).toBe(true);
    expect(new Set(Object.values(officials).map((o) => o.unit))).toEqual(new Set(['kommunstyrelsen', 'socialtjansten']));
  });

  it('are the simulator’s SITHS test persons, whose sign-in page names the same unit and roles', async () => {
    const { DEFAULT_TEST_USERS } = await import('../apps/eid-simulator/src/control/test-users.js');
    for (const o of DEV_OFFICIALS) {
      const person = DEFAULT_TEST_USERS.find((u) => u.hsaId === o.hsaId);
      expect(person && `${person.givenName} ${person.surname}`).toBe(o.name);
      expect(person?.description).toContain(`${o.unit}:`);
      if (o.roles !== OFFICIAL_ROLES) expect(person?.description).toBe(`${o.unit}: ${o.roles.join(', ')}`);
    }
  });

  it('belong to units the apps know by default (messages, rights, retention)', async () => {
    const { MessagesEnv } = await import('../apps/messages/src/config/messages-env.js');
    const { RightsEnv } = await import('../apps/rights/src/config/rights-env.js');
    const { RetentionEnv } = await import('../apps/retention/src/config/retention-env.js');
    for (const units of [new MessagesEnv().MESSAGES_UNITS, new RightsEnv().RIGHTS_UNITS, new RetentionEnv().RETENTION_UNITS])
      for (const o of DEV_OFFICIALS) expect(Object.keys(JSON.parse(units) as object)).toContain(o.unit);
  });
});

describe('devEnvironment (npm start wires the portal for a newcomer)', () => {
  const ports = {
    portal: 4000,
    notice: 4001,
    identity: 4002,
    messages: 4003,
    retention: 4004,
    rights: 4005,
    'eid-simulator': 4010,
    'eid-simulator-tls': 4011,
  };
  const env = devEnvironment({ pki: { dir: '/tmp/pki' }, cache: '/tmp/cache', ports });

  it('points the portal at each service by its port, themed as the demo data’s municipality, with a Secure cookie', () => {
    expect(env.perApp.portal).toMatchObject({
      PORTAL_URL: 'http://127.0.0.1:4000',
      IDENTITY_URL: 'http://127.0.0.1:4002',
      NOTICE_URL: 'http://127.0.0.1:4001',
      MESSAGES_URL: 'http://127.0.0.1:4003',
      RIGHTS_URL: 'http://127.0.0.1:4005',
      RETENTION_URL: 'http://127.0.0.1:4004',
      PORTAL_COOKIE_SECURE: 'true',
    });
    expect(JSON.parse(env.perApp.portal?.PORTAL_THEME ?? '{}')).toMatchObject({
      name: 'Umeå kommun',
      primaryColor: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
    expect(JSON.parse(env.perApp.portal?.PORTAL_SERVICE_NOTICES ?? '{}')).toEqual({ messages: 'sakra-meddelanden' });
  });

  it('sends sign-ins and message notifications back to the portal', () => {
    expect(env.perApp.identity?.PORTAL_URL).toBe('http://127.0.0.1:4000');
    expect(env.perApp.messages?.MESSAGES_PORTAL_URL).toBe('http://127.0.0.1:4000');
  });
});

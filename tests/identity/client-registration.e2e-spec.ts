// Separation of duties in the client registry (issue 12): a municipal-system client acts for its unit
// (it can read that unit's conversations), so an identity-admin registers clients for her own unit only;
// for another unit she files the registration, and a second identity-admin approves it before the client
// gets a token. Every registration, approval and refusal is in the audit trail. Real Kafka and MongoDB;
// the admins' tokens are minted by a test key the app is told to trust.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, TestTokens, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';
import { freePort } from './identity-harness.js';

useTestEnvironment();
const tokens = await TestTokens.create();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
Object.assign(process.env, {
  ...tokens.env,
  PORT: String(port),
  DOCS_ENABLED: 'false',
  IDENTITY_ISSUER: url,
});
const { AppModule, SERVICE } = await import('../../apps/identity/src/testing.js');

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const admin = (key: string, unit: string, roles = ['identity-admin']) =>
  tokens.mint({ sub: key, kind: 'official', roles, unit, hsa_id: `SE2321000230-${key}`, loa: 3, idp: 'siths' });

interface Registered {
  client: { clientId: string; status: string; unit: string };
  clientSecret: string;
}
interface AuditEntry {
  action: string;
  clientId: string;
  unit: string;
  scopes: string[];
  at: string;
  by: { subject: string; hsaId?: string; unit?: string; roles: string[] };
  reason?: string;
}

describe('client registration: own unit, or four eyes; audited', () => {
  let app: INestApplication;
  const http = () => request(url);
  let socAdmin: string; // identity-admin of socialtjansten
  let schoolAdmin: string; // identity-admin of skola
  let secondAdmin: string; // another identity-admin of socialtjansten
  const token = (id: string, secret: string) =>
    http().post('/oauth/token').type('form').send('grant_type=client_credentials').set('Authorization', basic(id, secret));
  const as = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    [socAdmin, schoolAdmin, secondAdmin] = await Promise.all([
      admin('anna-k', 'socialtjansten'),
      admin('sven-k', 'skola'),
      admin('lisa-k', 'socialtjansten'),
    ]);
    app = await createTestApp(AppModule, SERVICE);
    await app.listen(port, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
  });

  const register = (t: string, body: object) => http().post('/v1/clients').set(as(t)).send(body);
  const audit = async (t: string, clientId: string) =>
    (await http().get(`/v1/clients/audit?clientId=${clientId}`).set(as(t)).expect(200)).body as AuditEntry[];

  it('an identity-admin registers a client for her own unit at once: active, gets tokens, audited', async () => {
    const res = await register(socAdmin, { clientId: 'soc-case', name: 'Soc', scopes: ['messages:read'], unit: 'socialtjansten' }).expect(
      201,
    );
    const body = res.body as Registered;
    expect(body.client).toMatchObject({ status: 'active', unit: 'socialtjansten' });
    await token('soc-case', body.clientSecret).expect(200);
    const [entry] = await audit(secondAdmin, 'soc-case');
    expect(entry).toMatchObject({
      action: 'registered',
      clientId: 'soc-case',
      unit: 'socialtjansten',
      scopes: ['messages:read'],
      by: { subject: 'anna-k', hsaId: 'SE2321000230-anna-k', unit: 'socialtjansten', roles: ['identity-admin'] },
    });
    expect(JSON.stringify(entry)).not.toContain(body.clientSecret);
  });

  it('an admin of another unit only files the registration: pending, and the client gets no token until a second admin approves', async () => {
    const res = await register(schoolAdmin, {
      clientId: 'soc-reader',
      name: 'Reads soc',
      scopes: ['messages:read'],
      unit: 'socialtjansten',
    }).expect(202);
    const { client, clientSecret } = res.body as Registered;
    expect(client.status).toBe('pending');
    expect((await token('soc-reader', clientSecret).expect(401)).body).toMatchObject({ error: 'invalid_client' });
    // Nor can she make it usable by other means: approve it herself, rotate its secret, re-enable it.
    await http().post('/v1/clients/soc-reader/approval').set(as(schoolAdmin)).expect(403);
    await http().post('/v1/clients/soc-reader/secret').set(as(schoolAdmin)).expect(403);
    await http().patch('/v1/clients/soc-reader').set(as(schoolAdmin)).send({ disabled: false }).expect(403);
    // Someone without the role is refused whatever his unit.
    await http()
      .post('/v1/clients/soc-reader/approval')
      .set(as(await admin('olle-k', 'socialtjansten', ['dpo'])))
      .expect(403);
    await token('soc-reader', clientSecret).expect(401);

    const approved = await http().post('/v1/clients/soc-reader/approval').set(as(secondAdmin)).expect(200);
    expect(approved.body).toMatchObject({ clientId: 'soc-reader', status: 'active' });
    await token('soc-reader', clientSecret).expect(200);
    await http().post('/v1/clients/soc-reader/approval').set(as(secondAdmin)).expect(409);

    const trail = await audit(socAdmin, 'soc-reader');
    expect(trail.map((e) => [e.action, e.by.subject])).toEqual([
      ['approved', 'lisa-k'],
      ['filed', 'sven-k'],
    ]);
    expect(trail.every((e) => e.unit === 'socialtjansten' && e.scopes.join() === 'messages:read' && !Number.isNaN(Date.parse(e.at)))).toBe(
      true,
    );
  });

  it('a second admin refuses a filed registration: it never gets a token; the refusal and its reason are audited', async () => {
    const res = await register(schoolAdmin, { clientId: 'soc-other', name: 'x', scopes: ['messages:send'], unit: 'socialtjansten' }).expect(
      202,
    );
    const { clientSecret } = res.body as Registered;
    await http().post('/v1/clients/soc-other/refusal').set(as(schoolAdmin)).send({ reason: 'Mitt eget' }).expect(403);
    const bad = await http().post('/v1/clients/soc-other/refusal').set(as(secondAdmin)).send({}).expect(400);
    expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['reason']);
    const refused = await http().post('/v1/clients/soc-other/refusal').set(as(secondAdmin)).send({ reason: 'Inte beställt' }).expect(200);
    expect(refused.body).toMatchObject({ status: 'refused' });
    await http().post('/v1/clients/soc-other/approval').set(as(socAdmin)).expect(409);
    await token('soc-other', clientSecret).expect(401);
    const [latest] = await audit(socAdmin, 'soc-other');
    expect(latest).toMatchObject({ action: 'refused', reason: 'Inte beställt', by: { subject: 'lisa-k' } });
    const listed = (await http().get('/v1/clients').set(as(socAdmin)).expect(200)).body as { clientId: string; status: string }[];
    expect(listed.find((c) => c.clientId === 'soc-other')?.status).toBe('refused');
  });

  it('any admin may disable a client; only its unit’s admin rotates its secret or re-enables it; all audited', async () => {
    await http().patch('/v1/clients/soc-case').set(as(schoolAdmin)).send({ disabled: true }).expect(200);
    await http().patch('/v1/clients/soc-case').set(as(schoolAdmin)).send({ disabled: false }).expect(403);
    await http().patch('/v1/clients/soc-case').set(as(socAdmin)).send({ disabled: false }).expect(200);
    const rotated = (await http().post('/v1/clients/soc-case/secret').set(as(socAdmin)).expect(200)).body as Registered;
    await token('soc-case', rotated.clientSecret).expect(200);
    const trail = await audit(socAdmin, 'soc-case');
    expect(trail.map((e) => e.action)).toEqual(['secret-rotated', 'enabled', 'disabled', 'registered']);
    expect(JSON.stringify(trail)).not.toContain(rotated.clientSecret);
    const all = (await http().get('/v1/clients/audit?unit=socialtjansten&limit=2').set(as(socAdmin)).expect(200)).body as AuditEntry[];
    expect(all).toHaveLength(2);
    await http().get('/v1/clients/audit?limit=0').set(as(socAdmin)).expect(400);
    await http()
      .get('/v1/clients/audit')
      .set(as(await tokens.citizen('citizen-key')))
      .expect(403);
  });
});

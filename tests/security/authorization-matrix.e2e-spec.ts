// The authorization matrix the project keeps (issue 12): every HTTP route of every API service, read from
// the routes' own metadata (Nest's path and method, and the @Public()/@Allow(...) policy), called as every
// kind of caller, with the answer each cell must give. A new route is in the matrix by itself; a route
// without a declaration fails it. Real Kafka and MongoDB, one instance of each app.
//
// What a cell must answer:
// - a route that needs a token, called without a valid one (none, expired, for another audience, signed
//   by a key the apps do not trust): 401;
// - a valid token whose caller the policy does not admit: 403, never a 2xx;
// - a caller the policy admits: neither the guard's 401 nor its 403; on a resource of citizen A in unit A,
//   another citizen, and an official or system of unit B, get no 2xx, and A's own get a 2xx when reading;
// - a public route: the same answer whoever calls (a token neither opens nor closes it);
// - never a 5xx.
// The expectation is written here from the policy, not with the guard's own code.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ACCESS_POLICY, type AccessPolicy, type AccessTokenClaims } from '@insyn/auth';
import { SubjectKeys } from '@insyn/person';
import { eventually, TestTokens } from '@insyn/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { publishNotice } from '../rights/rights-harness.js';
import { insynServices, type RunningService, SERVICES, type ServiceName } from './services-harness.js';

const SECRET = 'e2e-authz-matrix-subject-secret-32-chars';
const PROBLEMS = 'https://insyn.se/problems/';
const ANNA = '199908072391';
const BRITT = '195006262546';
const keys = new SubjectKeys(SECRET);
const A = keys.of(ANNA);
const B = keys.of(BRITT);
const services = await insynServices({ subjectKeySecret: SECRET });
const { tokens, units } = services;

// --------------------------------------------------------------------------------------------------
// the routes, from the apps' metadata

interface Route {
  service: ServiceName;
  method: string;
  /** As Nest declares it: `/v1/conversations/:conversationId`. */
  path: string;
  handler: string;
  policy: AccessPolicy | undefined;
}

const METHODS: Record<number, string> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.DELETE]: 'DELETE',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.ALL]: 'ALL',
  [RequestMethod.OPTIONS]: 'OPTIONS',
  [RequestMethod.HEAD]: 'HEAD',
};

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;
const asList = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : [typeof v === 'string' ? v : '/']);

/** Every route the app's controllers declare, with the policy the guard reads (handler first, then class). */
function routesOf(service: ServiceName, app: INestApplication): Route[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const metatype = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!metatype || !wrapper.instance) continue;
    const proto = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as object;
      const method = Reflect.getMetadata('method', handler) as number | undefined;
      const paths = Reflect.getMetadata('path', handler) as unknown;
      if (method === undefined || paths === undefined) continue;
      const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ?? Reflect.getMetadata(ACCESS_POLICY, metatype)) as
        AccessPolicy | undefined;
      for (const base of asList(Reflect.getMetadata('path', metatype)))
        for (const own of asList(paths))
          routes.push({
            service,
            method: METHODS[method] ?? String(method),
            path: join(base, own),
            handler: `${metatype.name}.${name}`,
            policy,
          });
    }
  }
  return routes;
}

// --------------------------------------------------------------------------------------------------
// the callers

interface Caller {
  name: string;
  /** undefined: no Authorization header. */
  token?: string;
  /** What a valid token says; undefined when the token is not valid (or absent). */
  who?: { kind: 'citizen' | 'official' | 'client'; subject: string; loa?: number; roles: string[]; scopes: string[]; unit?: string };
}

/** Whether the policy admits the caller: the specification the guard must meet (libs/auth/src/access.ts). */
function admits(policy: Exclude<AccessPolicy, { public: true }>, who: NonNullable<Caller['who']>): boolean {
  switch (who.kind) {
    case 'citizen':
      return policy.citizen !== undefined && (who.loa ?? 0) >= (policy.citizen.minLoa ?? 3);
    case 'official':
      return policy.anyOfficial === true || (policy.officialRoles ?? []).some((r) => who.roles.includes(r));
    case 'client':
      return (policy.clientScopes ?? []).some((s) => who.scopes.includes(s));
  }
}

async function callersFor(routes: Route[]): Promise<Caller[]> {
  const guarded = routes.map((r) => r.policy).filter((p): p is Exclude<AccessPolicy, { public: true }> => !!p && !p.public);
  const roles = [...new Set(guarded.flatMap((p) => p.officialRoles ?? []))].sort();
  const scopes = [...new Set(guarded.flatMap((p) => p.clientScopes ?? []))].sort();
  const callers: Caller[] = [];
  const add = async (name: string, claims: AccessTokenClaims) => {
    callers.push({
      name,
      token: await tokens.mint(claims),
      who: {
        kind: claims.kind,
        subject: claims.sub,
        ...(claims.loa !== undefined ? { loa: claims.loa } : {}),
        roles: claims.roles ?? [],
        scopes: claims.scope?.split(' ').filter(Boolean) ?? [],
        ...(claims.unit ? { unit: claims.unit } : {}),
      },
    });
  };
  const citizen = (sub: string, loa: number): AccessTokenClaims => ({
    sub,
    kind: 'citizen',
    loa,
    idp: loa >= 3 ? 'bankid' : 'freja',
    sid: randomUUID(),
  });
  const official = (roles: string[], unit: string): AccessTokenClaims => ({
    sub: `official-${roles.join('+') || 'none'}-${unit}`,
    kind: 'official',
    roles,
    unit,
    hsa_id: 'SE2321000230-matrix',
    loa: 3,
    idp: 'siths',
  });
  const client = (scope: string[], unit: string): AccessTokenClaims => ({
    sub: `system-${scope.join('+') || 'none'}-${unit}`,
    kind: 'client',
    scope: scope.join(' '),
    unit,
  });

  callers.push({ name: 'anonymous' });
  callers.push({ name: 'expired citizen A', token: await tokens.mint(citizen(A, 3), { expiresIn: '-2m' }) });
  callers.push({ name: 'citizen A for another audience', token: await tokens.mint(citizen(A, 3), { audience: 'another-service' }) });
  callers.push({ name: 'citizen A from another issuer', token: await tokens.mint(citizen(A, 3), { issuer: 'https://evil.example' }) });
  const stranger = await TestTokens.create(tokens.issuer, tokens.audience);
  callers.push({ name: 'official signed by an untrusted key', token: await stranger.mint(official(roles, units.a)) });
  const unsigned = (claims: object) =>
    [{ alg: 'none', typ: 'JWT' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.';
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: tokens.issuer, aud: tokens.audience, iat: now, exp: now + 300 };
  callers.push({ name: 'unsigned official (alg none)', token: unsigned({ ...claims, ...official(roles, units.a) }) });
  callers.push({ name: 'a signed token of no known kind', token: await tokens.mint({ ...citizen(A, 3), kind: 'robot' as 'citizen' }) });
  await add('citizen A (LoA 3)', citizen(A, 3));
  await add('citizen A (LoA 2)', citizen(A, 2));
  await add('citizen B (LoA 3)', citizen(B, 3));
  await add('official of unit A without roles', official([], units.a));
  for (const role of roles) await add(`official of unit A: ${role}`, official([role], units.a));
  await add('official of unit B with every role', official(roles, units.b));
  await add('system of unit A without scopes', client([], units.a));
  for (const scope of scopes) await add(`system of unit A: ${scope}`, client([scope], units.a));
  await add('system of unit B with every scope', client(scopes, units.b));
  return callers;
}

// --------------------------------------------------------------------------------------------------
// resources that belong to someone: citizen A's, in unit A

interface Owner {
  subject?: string;
  unit?: string;
}
const fixtures: Record<string, { value: string; owner?: Owner }> = {};
/** Path parameters whose resource is not created here: a well-formed id of nothing. */
const anyId = () => randomUUID();

function ownerOf(route: Route): Owner | undefined {
  const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  // The officials' queue and people's logs are for the rights function, whatever the citizen: not owned.
  if (route.path.startsWith('/v1/queue') || route.path.startsWith('/v1/people')) return undefined;
  return params.map((p) => fixtures[p]?.owner).find((o) => o !== undefined);
}

const isForeign = (owner: Owner, who: NonNullable<Caller['who']>) =>
  who.kind === 'citizen'
    ? owner.subject !== undefined && who.subject !== owner.subject
    : owner.unit !== undefined && who.unit !== owner.unit;

// --------------------------------------------------------------------------------------------------

describe('the authorization matrix: every route of every service, as every caller (real Kafka and MongoDB)', () => {
  let running: Map<ServiceName, RunningService>;
  const routes: Route[] = [];
  let callers: Caller[];

  beforeAll(async () => {
    running = await services.start();
    for (const [name, r] of running) routes.push(...routesOf(name, r.app));
    callers = await callersFor(routes);
    const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
    const citizenA = await tokens.mint({ sub: A, kind: 'citizen', loa: 3, idp: 'bankid' });

    // Citizen A's conversation with unit A, with an attachment.
    const system = await tokens.mint({ sub: 'matrix-system', kind: 'client', scope: 'messages:send', unit: units.a });
    const opened = await request(running.get('messages')!.app.getHttpServer())
      .post('/v1/conversations')
      .set(bearer(system))
      .send({
        personnummer: ANNA,
        subject: 'Kallelse till möte',
        body: 'Välkommen på tisdag.',
        attachments: [
          { fileName: 'kallelse.pdf', mimeType: 'application/pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') },
        ],
      })
      .expect(201);
    const conversation = opened.body as { conversationId: string; messages: { attachments: { attachmentId: string }[] }[] };
    fixtures.conversationId = { value: conversation.conversationId, owner: { subject: A, unit: units.a } };
    fixtures.attachmentId = { value: conversation.messages[0]!.attachments[0]!.attachmentId, owner: { subject: A, unit: units.a } };

    // Citizen A's access request and consent, once the rights service knows the notices.
    const rights = () => request(running.get('rights')!.app.getHttpServer());
    const [umea, sms] = [await publishNotice('umea-behandling-sakra-meddelanden'), await publishNotice('consent-example')];
    for (const slug of [umea, sms])
      await eventually(
        async () => ((await rights().get(`/v1/request-kinds?notice=${slug}`)).status === 200 ? true : undefined),
        30_000,
        `rights to know ${slug}`,
      );
    const requested = await rights().post('/v1/requests').set(bearer(citizenA)).send({ notice: umea, kind: 'access' }).expect(201);
    fixtures.requestId = { value: (requested.body as { id: string }).id, owner: { subject: A } };
    const given = await rights()
      .post('/v1/consents/give')
      .set(bearer(citizenA))
      .send({ notice: sms, purpose: 'sms-avisering' })
      .expect(200);
    fixtures.consentId = { value: (given.body as { id: string }).id, owner: { subject: A } };
    fixtures.subjectKey = { value: A };
  }, 120_000);

  afterAll(async () => {
    await services.stop();
  });

  it('reads every route of every service, and each one declares who may call it', () => {
    expect([...new Set(routes.map((r) => r.service))].sort()).toEqual([...SERVICES].sort());
    expect(routes.length).toBeGreaterThan(80);
    const undeclared = routes.filter((r) => !r.policy).map((r) => `${r.service} ${r.method} ${r.path} (${r.handler})`);
    expect(undeclared).toEqual([]);
  });

  it.each(SERVICES)('%s: every route answers every caller as its policy says', async (service) => {
    const app = running.get(service)!.app;
    const wrong: string[] = [];
    let cells = 0;
    for (const route of routes.filter((r) => r.service === service && r.policy)) {
      const policy = route.policy!;
      const url = route.path.replace(/:(\w+)/g, (_, p: string) => encodeURIComponent(fixtures[p]?.value ?? anyId()));
      const owner = ownerOf(route);
      const call = async (caller: Caller) => {
        const method = route.method === 'ALL' ? 'get' : (route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch');
        let req = request(app.getHttpServer())[method](url).redirects(0);
        if (caller.token) req = req.set('Authorization', `Bearer ${caller.token}`);
        if (method !== 'get' && method !== 'delete') req = req.send({});
        const res = await req;
        cells++;
        return res;
      };
      // Reads in parallel; writes one caller at a time (a write admitted may change what the next one sees).
      const answers =
        route.method === 'GET'
          ? await Promise.all(callers.map(async (c) => [c, await call(c)] as const))
          : await callers.reduce<Promise<(readonly [Caller, request.Response])[]>>(
              async (acc, c) => [...(await acc), [c, await call(c)] as const],
              Promise.resolve([]),
            );
      const anonymous = answers.find(([c]) => c.name === 'anonymous')![1].status;
      for (const [caller, res] of answers) {
        const cell = `${route.method} ${route.path} as ${caller.name}: ${res.status}`;
        // The guard's own 403s (libs/auth access-refused.ts), told from a use case's by their problem type.
        const type = (res.body as { type?: unknown } | undefined)?.type;
        const guard403 = res.status === 403 && (type === `${PROBLEMS}insufficient-scope` || type === `${PROBLEMS}not-admitted`);
        if (res.status >= 500) wrong.push(`${cell} (a server error)`);
        else if (policy.public) {
          if (res.status !== anonymous && res.status !== 429)
            wrong.push(`${cell}, anonymous got ${anonymous} (a public route treats a token differently)`);
        } else if (!caller.who) {
          if (res.status !== 401) wrong.push(`${cell}, expected 401`);
        } else if (!admits(policy, caller.who)) {
          if (res.status !== 403) wrong.push(`${cell}, expected 403`);
        } else if (res.status === 401 || guard403) wrong.push(`${cell}, but the policy admits this caller`);
        else if (owner && isForeign(owner, caller.who)) {
          if (res.status < 300) wrong.push(`${cell} on citizen A's resource in unit A (must not be 2xx)`);
        } else if (owner && route.method === 'GET' && /:\w+$/.test(route.path) && res.status >= 300)
          wrong.push(`${cell} on its own resource, expected 2xx`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cells).toBeGreaterThan(0);
  });
});

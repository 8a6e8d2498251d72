import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { type RuleActivatedV1, type RuleRetiredV1, Topics } from '@insyn/contracts';
import { createTestApp, KafkaProbe, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';
import { activateWithApproval, approverToken } from './rule-approval.js';

const tokens = await TestTokens.create();
useTestEnvironment(tokens.env);
const { AppModule, SERVICE, RulesQuery } = await import('../../apps/retention/src/testing.js');

interface Problem {
  type: string;
  status: number;
  detail?: string;
  errors?: { field: string; messages: string[] }[];
}

const decision = (reference: string) => ({ body: 'Kommunstyrelsen', date: '2024-03-12', reference, section: 'punkt 4.2' });

/** A complete rule body: secure messages of the social services, archived, then deleted two years after closing. */
const ruleBody = (ruleId: string, overrides: Record<string, unknown> = {}) => ({
  ruleId,
  unit: 'socialtjansten',
  informationType: 'secure-message',
  action: 'archive-then-delete',
  trigger: 'conversation-closed',
  after: 'P2Y',
  schedule: '0 2 * * *',
  decision: decision('KS-2024/0113'),
  ...overrides,
});

describe('retention rules end to end (real MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let admin: string;
  let approver: string;
  const http = () => request(app.getHttpServer());
  const as = (token: string, r: request.Test) => r.set('Authorization', `Bearer ${token}`);
  const asAdmin = (r: request.Test) => as(admin, r);
  const id = (name: string) => `${name}-${uniqueSuffix()}`;

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.RetentionRuleActivatedV1, Topics.RetentionRuleRetiredV1]);
    app = await createTestApp(AppModule, SERVICE);
    admin = await tokens.official(['retention-admin'], 'kommunstyrelsen');
    approver = await approverToken(tokens);
  });

  afterAll(async () => {
    await probe?.stop();
    await app?.close();
  });

  it('creates a rule as a draft; one official submits it, a second one approves and it is active under its decision', async () => {
    const ruleId = id('sakra-meddelanden-soc');
    const created = await asAdmin(http().post('/v1/rules').send(ruleBody(ruleId))).expect(201);
    expect(created.headers.location).toBe(`/v1/rules/${ruleId}`);
    expect(created.headers.etag).toBe('"1.1"');
    expect(created.body).toMatchObject({
      ruleId,
      unit: 'socialtjansten',
      informationType: 'secure-message',
      activeVersion: null,
      draftVersion: 1,
      versions: [
        {
          version: 1,
          status: 'draft',
          after: 'P2Y',
          preconditions: ['archived', 'receipt-received'],
          createdBy: 'official:SE2321000230-test1',
        },
      ],
    });

    const submitted = await asAdmin(http().post(`/v1/rules/${ruleId}/versions/1/activate`)).expect(202);
    expect(submitted.body).toEqual({
      ruleId,
      version: 1,
      status: 'awaiting-approval',
      requestedBy: 'official:SE2321000230-test1',
      requestedAt: expect.any(String),
    });
    const waiting = await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200);
    expect(waiting.body).toMatchObject({
      status: 'draft',
      activeVersion: null,
      approval: { version: 1, status: 'awaiting-approval', requestedBy: 'official:SE2321000230-test1' },
    });
    // Nothing is active before the approval.
    expect(await app.get(RulesQuery).activeVersion(ruleId)).toBeNull();

    const activated = await as(approver, http().post(`/v1/rules/${ruleId}/versions/1/approve`)).expect(200);
    expect(activated.body).toMatchObject({
      status: 'active',
      activeVersion: 1,
      draftVersion: null,
      approval: null,
      versions: [
        {
          version: 1,
          status: 'active',
          activatedBy: 'official:SE2321000230-dpo2',
          requestedBy: 'official:SE2321000230-test1',
          requestedAt: submitted.body.requestedAt,
          approvedBy: 'official:SE2321000230-dpo2',
          approvedByName: 'Dana Dataskydd',
        },
      ],
    });
    const version = await asAdmin(http().get(`/v1/rules/${ruleId}/versions/1`)).expect(200);
    expect(version.body).toMatchObject({
      requestedBy: 'official:SE2321000230-test1',
      approvedBy: 'official:SE2321000230-dpo2',
      approvedByName: 'Dana Dataskydd',
    });

    const list = await asAdmin(http().get('/v1/rules')).expect(200);
    expect((list.body as { ruleId: string }[]).find((r) => r.ruleId === ruleId)).toMatchObject({
      active: { version: 1, action: 'archive-then-delete', after: 'P2Y', decision: { reference: 'KS-2024/0113' } },
    });

    // What the runs and the forecast will read.
    const query = app.get(RulesQuery);
    const expected = { ruleId, version: 1, after: 'P2Y', schedule: '0 2 * * *', decision: decision('KS-2024/0113') };
    expect(await query.activeVersion(ruleId)).toMatchObject(expected);
    expect((await query.activeRules()).find((r) => r.ruleId === ruleId)).toMatchObject(expected);
    expect(await query.activeVersion('no-such-rule')).toBeNull();
  });

  it('refuses (422) to activate a draft without a decision, naming what is missing, and stores nothing', async () => {
    const ruleId = id('utan-beslut');
    await asAdmin(
      http()
        .post('/v1/rules')
        .send(ruleBody(ruleId, { decision: undefined })),
    ).expect(201);
    const before = await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200);

    const res = await asAdmin(http().post(`/v1/rules/${ruleId}/versions/1/activate`)).expect(422);
    const problem = res.body as Problem;
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problem.type).toMatch(/decision-required$/);
    expect(problem.errors?.map((e) => e.field)).toEqual(['decision.body', 'decision.date', 'decision.reference', 'decision.section']);

    const after = await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('refuses (409) a changed retention period under the same decision, and accepts it under a new one', async () => {
    const ruleId = id('andrad-frist');
    await asAdmin(http().post('/v1/rules').send(ruleBody(ruleId))).expect(201);
    await activateWithApproval(app.getHttpServer(), ruleId, 1, admin, approver);

    const { ruleId: _r, unit: _u, informationType: _t, ...version } = ruleBody(ruleId, { after: 'P1Y' });
    const added = await asAdmin(http().post(`/v1/rules/${ruleId}/versions`).send(version)).expect(201);
    expect(added.headers.location).toBe(`/v1/rules/${ruleId}/versions/2`);
    expect(added.headers.etag).toBe('"2.1"');
    const before = await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200);

    const refused = await asAdmin(http().post(`/v1/rules/${ruleId}/versions/2/activate`)).expect(409);
    expect((refused.body as Problem).type).toMatch(/decision-not-renewed$/);
    expect((refused.body as Problem).detail).toContain('after');
    expect((await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200)).body).toEqual(before.body);

    // A stale If-Match is refused; the current one replaces the draft with a new decision.
    const newDecision = { ...version, decision: decision('KS-2025/0200') };
    await asAdmin(http().put(`/v1/rules/${ruleId}/draft`).set('If-Match', '"2.0"').send(newDecision)).expect(412);
    const replaced = await asAdmin(http().put(`/v1/rules/${ruleId}/draft`).set('If-Match', '"2.1"').send(newDecision)).expect(200);
    expect(replaced.headers.etag).toBe('"2.2"');

    const activated = await activateWithApproval(app.getHttpServer(), ruleId, 2, admin, approver);
    expect(activated.body).toMatchObject({
      activeVersion: 2,
      versions: [
        { version: 1, status: 'superseded', supersededBy: 2, after: 'P2Y', decision: { reference: 'KS-2024/0113' } },
        { version: 2, status: 'active', after: 'P1Y', decision: { reference: 'KS-2025/0200' } },
      ],
    });

    // Active and superseded versions never change.
    await asAdmin(http().post(`/v1/rules/${ruleId}/versions/1/activate`)).expect(409);
    await asAdmin(http().put(`/v1/rules/${ruleId}/draft`).set('If-Match', '*').send(newDecision)).expect(409);
  });

  it('announces each activation as retention.rule.activated.v1, keyed by rule id, with the whole version and its decision', async () => {
    const ruleId = id('annonserad');
    await asAdmin(http().post('/v1/rules').send(ruleBody(ruleId))).expect(201);
    await activateWithApproval(app.getHttpServer(), ruleId, 1, admin, approver);
    const { ruleId: _r, unit: _u, informationType: _t, ...next } = ruleBody(ruleId, { after: 'P1Y', decision: decision('KS-2025/0200') });
    await asAdmin(http().post(`/v1/rules/${ruleId}/versions`).send(next)).expect(201);
    // A refused activation announces nothing.
    await asAdmin(http().post(`/v1/rules/${ruleId}/versions/1/activate`)).expect(409);
    const activated = await activateWithApproval(app.getHttpServer(), ruleId, 2, admin, approver);

    // Other test files publish on this broker too: only this rule's messages count.
    const mine = () => probe.on(Topics.RetentionRuleActivatedV1).filter((m) => m.key === ruleId);
    await probe.waitFor(() => mine().length >= 2);
    const events = mine().map((m) => m.json<{ id: string; type: string; source: string; data: RuleActivatedV1 }>()!);
    expect(events.map((e) => e.data.version)).toEqual([1, 2]);
    expect(mine()[1]!.headers).toMatchObject({ 'insyn-event-id': events[1]!.id, 'insyn-event-type': 'retention.rule.activated.v1' });
    expect(events[1]).toMatchObject({ type: 'retention.rule.activated.v1', source: 'retention' });
    expect(events[1]!.data).toEqual({
      ruleId,
      version: 2,
      unit: 'socialtjansten',
      informationType: 'secure-message',
      action: 'archive-then-delete',
      trigger: 'conversation-closed',
      after: 'P1Y',
      preconditions: ['archived', 'receipt-received'],
      decision: decision('KS-2025/0200'),
      activatedAt: (activated.body as { versions: { activatedAt: string }[] }).versions[1]!.activatedAt,
      requestedBy: 'official:SE2321000230-test1',
      approvedBy: 'official:SE2321000230-dpo2',
    });
    // The officials travel by HSA-id only: their names stay in the rule.
    expect(JSON.stringify(events)).not.toContain('Dana Dataskydd');
  });

  it('refuses an invalid duration, naming the field and the reason, and stores nothing', async () => {
    const ruleId = id('ogiltig-frist');
    const res = await asAdmin(
      http()
        .post('/v1/rules')
        .send(ruleBody(ruleId, { after: 'P2Y1' })),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const problem = res.body as Problem;
    expect(problem.errors).toEqual([
      { field: 'after', messages: [expect.stringContaining('Invalid ISO 8601 duration "P2Y1": the number 1 at the end has no unit')] },
    ]);
    await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(404);
  });

  it('refuses what an activation or the gallringsprotokoll could not carry: a decision text on two lines, a period of seven digits', async () => {
    const ruleId = id('tva-rader');
    const twoLines = await asAdmin(
      http()
        .post('/v1/rules')
        .send(ruleBody(ruleId, { decision: { ...decision('KS-2024/0113'), section: 'punkt 4.2\n(bilaga 1)' } })),
    ).expect(422);
    expect(twoLines.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((twoLines.body as Problem).errors).toEqual([
      {
        field: 'decision.section',
        messages: [expect.stringContaining('single-line text: every run writes it into the gallringsprotokoll')],
      },
    ]);
    const sevenDigits = await asAdmin(
      http()
        .post('/v1/rules')
        .send(ruleBody(ruleId, { after: 'PT1000000S' })),
    ).expect(422);
    expect((sevenDigits.body as Problem).errors).toEqual([{ field: 'after', messages: [expect.stringContaining('more than 6 digits')] }]);
    await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(404);
  });

  it('refuses an invalid schedule with the reason from the cron parser', async () => {
    const ruleId = id('ogiltigt-schema');
    const res = await asAdmin(
      http()
        .post('/v1/rules')
        .send(ruleBody(ruleId, { schedule: '0 2 * *' })),
    ).expect(422);
    expect((res.body as Problem).errors).toEqual([
      { field: 'schedule', messages: [expect.stringContaining('it has 4 fields; expected 5')] },
    ]);
    await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(404);
  });

  it('refuses (422) an unknown unit and an unknown information type, and stores nothing', async () => {
    const ruleId = id('okand-enhet');
    const res = await asAdmin(
      http()
        .post('/v1/rules')
        .send(ruleBody(ruleId, { unit: 'skolan', informationType: 'e-mail' })),
    ).expect(422);
    expect((res.body as Problem).errors?.map((e) => e.field)).toEqual(['unit', 'informationType']);
    expect((res.body as Problem).errors?.[0]?.messages[0]).toContain('"skolan"');
    await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(404);
    const list = await asAdmin(http().get('/v1/rules')).expect(200);
    expect((list.body as { ruleId: string }[]).map((r) => r.ruleId)).not.toContain(ruleId);
  });

  it('lets only retention admins write; the DPO, archivists and retention:read systems read; citizens get 403', async () => {
    const ruleId = id('behorighet');
    const citizen = await tokens.citizen('citizen-test-key');
    const dpo = await tokens.official(['dpo']);
    const archivist = await tokens.official(['archivist']);
    const system = await tokens.client(['retention:read']);

    await as(citizen, http().post('/v1/rules').send(ruleBody(ruleId))).expect(403);
    await as(citizen, http().get('/v1/rules')).expect(403);
    await as(dpo, http().post('/v1/rules').send(ruleBody(ruleId))).expect(403);
    await http().get('/v1/rules').expect(401);
    await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(404);

    await asAdmin(http().post('/v1/rules').send(ruleBody(ruleId))).expect(201);
    for (const reader of [dpo, archivist, system]) await as(reader, http().get(`/v1/rules/${ruleId}`)).expect(200);
    await as(archivist, http().post(`/v1/rules/${ruleId}/versions/1/activate`)).expect(403);
    const unchanged = await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200);
    expect(unchanged.body).toMatchObject({ activeVersion: null, draftVersion: 1 });
  });

  it('refuses malformed input with 400 and a duplicate rule id with 409', async () => {
    const ruleId = id('dubblett');
    await asAdmin(
      http()
        .post('/v1/rules')
        .send(ruleBody(ruleId, { action: 'shred' })),
    ).expect(400);
    await asAdmin(http().post('/v1/rules').send(ruleBody('Not A Slug'))).expect(400);
    await asAdmin(http().post('/v1/rules').send(ruleBody(ruleId))).expect(201);
    await asAdmin(
      http()
        .post('/v1/rules')
        .send(ruleBody(ruleId, { after: 'P5Y' })),
    ).expect(409);
    const rule = await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200);
    expect(rule.body).toMatchObject({ versions: [{ after: 'P2Y' }] });
  });

  it('refuses (428) a draft edit without If-Match, and an edit cancels a pending request', async () => {
    const ruleId = id('utan-if-match');
    await asAdmin(http().post('/v1/rules').send(ruleBody(ruleId))).expect(201);
    const { ruleId: _r, unit: _u, informationType: _t, ...version } = ruleBody(ruleId, { after: 'P3Y' });
    const before = await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200);

    const refused = await asAdmin(http().put(`/v1/rules/${ruleId}/draft`).send(version)).expect(428);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 428 });
    expect((refused.body as Problem).type).toMatch(/precondition-required$/);
    expect((await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200)).body).toEqual(before.body);

    await asAdmin(http().post(`/v1/rules/${ruleId}/versions/1/activate`)).expect(202);
    // A second request while one waits is refused.
    expect((await asAdmin(http().post(`/v1/rules/${ruleId}/versions/1/activate`)).expect(409)).body.type).toMatch(/approval-pending$/);
    const etag = (await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200)).headers.etag!;
    await asAdmin(http().put(`/v1/rules/${ruleId}/draft`).set('If-Match', etag).send(version)).expect(200);
    const edited = await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200);
    expect(edited.body).toMatchObject({ approval: null, activeVersion: null });
    const late = await as(approver, http().post(`/v1/rules/${ruleId}/versions/1/approve`)).expect(409);
    expect((late.body as Problem).type).toMatch(/nothing-pending$/);
  });

  it('four eyes: the requester may not approve (403), nor may a writer or a system; a version not submitted is 409', async () => {
    const ruleId = id('fyra-ogon');
    await asAdmin(http().post('/v1/rules').send(ruleBody(ruleId))).expect(201);
    await asAdmin(http().post(`/v1/rules/${ruleId}/versions/1/activate`)).expect(202);
    // The same official, even holding the DPO role as well.
    const selfApprover = await tokens.official(['retention-admin', 'dpo']);
    const own = await as(selfApprover, http().post(`/v1/rules/${ruleId}/versions/1/approve`)).expect(403);
    expect((own.body as Problem).type).toMatch(/four-eyes$/);
    await asAdmin(http().post(`/v1/rules/${ruleId}/versions/1/approve`)).expect(403);
    await as(await tokens.client(['retention:read', 'retention:write']), http().post(`/v1/rules/${ruleId}/versions/1/approve`)).expect(403);
    await as(approver, http().post(`/v1/rules/${ruleId}/versions/2/approve`)).expect(409);
    await as(approver, http().post(`/v1/rules/${ruleId}/versions/0/approve`)).expect(400);
    expect((await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200)).body).toMatchObject({
      activeVersion: null,
      approval: { version: 1 },
    });
    // A retention-approver (not a DPO) approves.
    const retentionApprover = await tokens.mint({
      sub: 'official-approver-3',
      kind: 'official',
      roles: ['retention-approver'],
      unit: 'kommunstyrelsen',
      hsa_id: 'SE2321000230-app3',
      loa: 3,
      idp: 'siths',
    });
    const approved = await as(retentionApprover, http().post(`/v1/rules/${ruleId}/versions/1/approve`)).expect(200);
    expect(approved.body).toMatchObject({ activeVersion: 1, versions: [{ approvedBy: 'official:SE2321000230-app3' }] });
    expect(approved.body.versions[0].approvedByName).toBeUndefined();
  });

  it('a rejection clears the request with its reason; the draft stays; bad reasons are 400', async () => {
    const ruleId = id('avslagen');
    await asAdmin(http().post('/v1/rules').send(ruleBody(ruleId))).expect(201);
    await as(approver, http().post(`/v1/rules/${ruleId}/versions/1/reject`).send({ reason: 'Inget att avslå' })).expect(409);
    await asAdmin(http().post(`/v1/rules/${ruleId}/versions/1/activate`)).expect(202);
    await as(approver, http().post(`/v1/rules/${ruleId}/versions/1/reject`).send({})).expect(400);
    await as(approver, http().post(`/v1/rules/${ruleId}/versions/1/reject`).send({ reason: 'Gäller 19121212-1212' })).expect(400);
    await as(await tokens.official(['archivist']), http().post(`/v1/rules/${ruleId}/versions/1/reject`).send({ reason: 'x' })).expect(403);

    const rejected = await as(
      approver,
      http().post(`/v1/rules/${ruleId}/versions/1/reject`).send({ reason: 'Fel paragraf i beslutet' }),
    ).expect(200);
    expect(rejected.body).toMatchObject({
      approval: null,
      activeVersion: null,
      draftVersion: 1,
      lastRejection: {
        version: 1,
        requestedBy: 'official:SE2321000230-test1',
        rejectedBy: 'official:SE2321000230-dpo2',
        rejectedByName: 'Dana Dataskydd',
        reason: 'Fel paragraf i beslutet',
      },
    });
    await as(approver, http().post(`/v1/rules/${ruleId}/versions/1/approve`)).expect(409);
    // Submitted again, and approved this time.
    await activateWithApproval(app.getHttpServer(), ruleId, 1, admin, approver);
    expect((await asAdmin(http().get(`/v1/rules/${ruleId}`)).expect(200)).body).toMatchObject({ activeVersion: 1, lastRejection: null });
  });

  it('retires a rule with a reason: listed as retired, nothing active for runs and forecasts, announced; 409 the second time', async () => {
    const ruleId = id('avvecklad');
    await asAdmin(http().post('/v1/rules').send(ruleBody(ruleId))).expect(201);
    await activateWithApproval(app.getHttpServer(), ruleId, 1, admin, approver);
    await as(approver, http().post(`/v1/rules/${ruleId}/retire`).send({ reason: 'x' })).expect(403);
    await asAdmin(http().post(`/v1/rules/${ruleId}/retire`).send({ reason: '' })).expect(400);

    const retired = await asAdmin(http().post(`/v1/rules/${ruleId}/retire`).send({ reason: 'Verksamheten har upphört' })).expect(200);
    expect(retired.body).toMatchObject({
      status: 'retired',
      activeVersion: null,
      retired: { by: 'official:SE2321000230-test1', reason: 'Verksamheten har upphört', version: 1, at: expect.any(String) },
      versions: [{ version: 1, status: 'retired', retiredAt: expect.any(String) }],
    });
    const list = await asAdmin(http().get('/v1/rules')).expect(200);
    expect((list.body as { ruleId: string }[]).find((r) => r.ruleId === ruleId)).toMatchObject({ status: 'retired', active: null });
    const query = app.get(RulesQuery);
    expect(await query.activeVersion(ruleId)).toBeNull();
    expect((await query.activeRules()).map((r) => r.ruleId)).not.toContain(ruleId);

    const again = await asAdmin(http().post(`/v1/rules/${ruleId}/retire`).send({ reason: 'Igen' })).expect(409);
    expect((again.body as Problem).type).toMatch(/already-retired$/);
    const { ruleId: _r, unit: _u, informationType: _t, ...next } = ruleBody(ruleId, { decision: decision('KS-2026/1') });
    expect((await asAdmin(http().post(`/v1/rules/${ruleId}/versions`).send(next)).expect(409)).body.type).toMatch(/rule-retired$/);

    const mine = () => probe.on(Topics.RetentionRuleRetiredV1).filter((m) => m.key === ruleId);
    await probe.waitFor(() => mine().length >= 1);
    const event = mine()[0]!.json<{ type: string; data: RuleRetiredV1 }>()!;
    expect(event).toMatchObject({ type: 'retention.rule.retired.v1' });
    expect(event.data).toEqual({
      ruleId,
      version: 1,
      unit: 'socialtjansten',
      informationType: 'secure-message',
      retiredAt: retired.body.retired.at,
      retiredBy: 'official:SE2321000230-test1',
    });
    // The reason stays in the rule.
    expect(JSON.stringify(event)).not.toContain('upphört');
  });
});

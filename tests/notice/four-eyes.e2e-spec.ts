// Four-eyes publishing of notices (issue 15, ADR 0023) over HTTP and Kafka: a draft is replaced only with
// If-Match, submitted by one person, and published only when a second one approves the revision submitted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { createTestApp, KafkaProbe, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';

const tokens = await TestTokens.create();
useTestEnvironment({ ...tokens.env, NOTICE_PUBLIC_BASE_URL: 'https://insyn.example.se' });
const { AppModule, SERVICE, factory } = await import('../../apps/notice/src/testing.js');

const PROBLEMS = 'https://insyn.se/problems/';

describe('four-eyes publishing of notices (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  /** Elin: editor and approver both, so that only the four-eyes rule (not her roles) stops her approving her own. */
  let elin: string;
  /** Frida: a second person, approver only. */
  let frida: string;
  let editorOnly: string;
  let system: string;
  const http = () => request(app.getHttpServer());
  const as = (token: string, r: request.Test) => r.set('Authorization', `Bearer ${token}`);
  const slugOf = (name: string) => `fyra-ogon-${name}-${uniqueSuffix()}`;

  async function created(slug: string): Promise<void> {
    await as(
      elin,
      http()
        .post('/v1/notices')
        .send(factory.notice({ id: slug })),
    ).expect(201);
  }

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.NoticePublishedV1]);
    app = await createTestApp(AppModule, SERVICE);
    elin = await tokens.official(['notice-editor', 'notice-approver']);
    frida = await tokens.secondOfficial(['notice-approver']);
    editorOnly = await tokens.secondOfficial(['notice-editor']);
    system = await tokens.client(['notice:write']);
  });

  afterAll(async () => {
    await probe?.stop();
    await app?.close();
  });

  it('replaces a draft only with If-Match: without it 428 (a problem saying to send the ETag), stale 412, current 200', async () => {
    const slug = slugOf('if-match');
    await created(slug);
    const changed = factory.notice({ id: slug, title: { sv: 'Ändrad', en: 'Changed' } });
    const missing = await as(elin, http().put(`/v1/notices/${slug}/draft`).send(changed)).expect(428);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 428, type: `${PROBLEMS}precondition-required` });
    expect(missing.body.detail).toMatch(/ETag.*If-Match/);
    await as(elin, http().put(`/v1/notices/${slug}/draft`).set('If-Match', '"7"').send(changed)).expect(412);
    await as(elin, http().put(`/v1/notices/${slug}/draft`).set('If-Match', 'W/"x"').send(changed)).expect(400);
    // Nothing was stored by the refused ones.
    const draft = await as(elin, http().get(`/v1/notices/${slug}/draft`)).expect(200);
    expect(draft.headers.etag).toBe('"1"');
    expect(draft.body.title).toEqual(factory.notice({ id: slug }).title);
    const replaced = await as(elin, http().put(`/v1/notices/${slug}/draft`).set('If-Match', '"1"').send(changed)).expect(200);
    expect(replaced.headers.etag).toBe('"2"');
  });

  it('submits (202, idempotent), refuses the requester (403), publishes on a second person’s approval, naming both everywhere', async () => {
    const slug = slugOf('godkand');
    await created(slug);
    const submitted = await as(elin, http().post(`/v1/notices/${slug}/publish`)).expect(202);
    expect(submitted.body).toEqual({
      slug,
      status: 'awaiting-approval',
      draftRevision: 1,
      requestedBy: 'official:SE2321000230-test1',
      requestedAt: expect.any(String),
      href: `/v1/notices/${slug}/approval`,
    });
    expect(submitted.headers.location).toBe(`/v1/notices/${slug}/approval`);
    // Nothing is public yet; the same submission again (by anyone who may submit) is the same request.
    await http().get(`/v1/notices/${slug}`).expect(404);
    expect((await as(system, http().post(`/v1/notices/${slug}/publish`)).expect(202)).body).toEqual(submitted.body);
    const waiting = await as(frida, http().get(`/v1/notices/${slug}/approval`)).expect(200);
    expect(waiting.body).toMatchObject({
      slug,
      status: 'draft',
      draftRevision: 1,
      currentVersion: null,
      approval: 'awaiting-approval',
      pending: { draftRevision: 1, requestedBy: 'official:SE2321000230-test1', requestedAt: submitted.body.requestedAt },
    });
    // The approver reads what she approves.
    await as(frida, http().get(`/v1/notices/${slug}/draft`)).expect(200);

    const self = await as(elin, http().post(`/v1/notices/${slug}/approve`).send({ draftRevision: 1 })).expect(403);
    expect(self.body).toMatchObject({ type: `${PROBLEMS}same-person` });
    await as(elin, http().post(`/v1/notices/${slug}/reject`).send({ reason: 'Jag ångrar mig' })).expect(403);
    // Nor under a new subject key while SUBJECT_KEY_SECRET is rotated: her token names her old key too (ADR 0025).
    const rotated = await tokens.mint({
      sub: 'official-test-key-rotated',
      sub_prev: ['official-test-key'],
      kind: 'official',
      roles: ['notice-approver'],
      unit: 'kommunstyrelsen',
      hsa_id: 'SE2321000230-test1',
      loa: 3,
      idp: 'siths',
    });
    await as(rotated, http().post(`/v1/notices/${slug}/approve`).send({ draftRevision: 1 })).expect(403);
    // An editor without an approver's role, and a municipal system with notice:write, never approve.
    await as(editorOnly, http().post(`/v1/notices/${slug}/approve`).send({ draftRevision: 1 })).expect(403);
    await as(system, http().post(`/v1/notices/${slug}/approve`).send({ draftRevision: 1 })).expect(403);
    await as(system, http().post(`/v1/notices/${slug}/reject`).send({ reason: 'Nej' })).expect(403);
    await http().get(`/v1/notices/${slug}`).expect(404);

    const stale = await as(frida, http().post(`/v1/notices/${slug}/approve`).send({ draftRevision: 2 })).expect(409);
    expect(stale.body).toMatchObject({ type: `${PROBLEMS}stale-revision`, pendingRevision: 1 });
    const approved = await as(frida, http().post(`/v1/notices/${slug}/approve`).send({ draftRevision: 1 })).expect(200);
    expect(approved.body).toEqual({
      slug,
      version: 1,
      publishedAt: expect.any(String),
      href: `/v1/notices/${slug}/versions/1`,
      publishedBy: 'official:SE2321000230-test1',
      approvedBy: 'official:SE2321000230-test2',
    });
    const names = { publishedBy: 'official:SE2321000230-test1', approvedBy: 'official:SE2321000230-test2' };
    const version = await http().get(`/v1/notices/${slug}/versions/1`).expect(200);
    expect(version.body.publication).toMatchObject({ version: 1, ...names });
    const versions = await http().get(`/v1/notices/${slug}/versions`).expect(200);
    expect(versions.body.versions).toEqual([expect.objectContaining({ version: 1, ...names })]);
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.NoticePublishedV1 && m.key === slug));
    const event = probe
      .on(Topics.NoticePublishedV1)
      .filter((m) => m.key === slug)
      .at(-1)!
      .json<{ data: { version: number; approvedBy?: string; content: { publication: Record<string, unknown> } } }>()!;
    expect(event.data).toMatchObject({ version: 1, approvedBy: names.approvedBy });
    expect(event.data.content.publication).toMatchObject(names);

    // Approved once: nothing waits any more.
    await as(frida, http().post(`/v1/notices/${slug}/approve`).send({ draftRevision: 1 })).expect(409);
    const after = await as(elin, http().get(`/v1/notices/${slug}/approval`)).expect(200);
    expect(after.body).toMatchObject({ status: 'published', currentVersion: 1, approval: 'none', pending: null });
    expect(after.body.history.map((e: { action: string; by: string }) => [e.action, e.by])).toEqual([
      ['requested', names.publishedBy],
      ['approved', names.approvedBy],
    ]);
  });

  it('an edit cancels the request; a rejection clears it with its reason in the history', async () => {
    const slug = slugOf('avvisad');
    await created(slug);
    await as(elin, http().post(`/v1/notices/${slug}/publish`)).expect(202);
    const edited = await as(
      elin,
      http()
        .put(`/v1/notices/${slug}/draft`)
        .set('If-Match', '"1"')
        .send(factory.notice({ id: slug, title: { sv: 'Ny', en: 'New' } })),
    ).expect(200);
    expect(edited.body).toMatchObject({ draftRevision: 2, approvalCancelled: true });
    const gone = await as(frida, http().post(`/v1/notices/${slug}/approve`).send({ draftRevision: 1 })).expect(409);
    expect(gone.body).toMatchObject({ type: `${PROBLEMS}nothing-pending` });

    await as(elin, http().post(`/v1/notices/${slug}/publish`)).expect(202);
    const rejected = await as(frida, http().post(`/v1/notices/${slug}/reject`).send({ reason: 'Ändamålen är för vaga' })).expect(200);
    expect(rejected.body).toMatchObject({
      slug,
      status: 'rejected',
      draftRevision: 2,
      rejectedBy: 'official:SE2321000230-test2',
      reason: 'Ändamålen är för vaga',
    });
    await as(frida, http().post(`/v1/notices/${slug}/approve`).send({ draftRevision: 2 })).expect(409);
    const view = await as(elin, http().get(`/v1/notices/${slug}/approval`)).expect(200);
    expect(view.body).toMatchObject({ approval: 'none', pending: null, draftRevision: 2 });
    expect(view.body.history.map((e: { action: string; draftRevision: number }) => [e.action, e.draftRevision])).toEqual([
      ['requested', 1],
      ['cancelled', 1],
      ['requested', 2],
      ['rejected', 2],
    ]);
    expect(view.body.history[3]).toMatchObject({ reason: 'Ändamålen är för vaga', by: 'official:SE2321000230-test2' });
    await http().get(`/v1/notices/${slug}`).expect(404);
  });

  it('bad bodies are a 400 naming the field; an unknown notice a 404; nothing changes', async () => {
    const slug = slugOf('fel');
    await created(slug);
    await as(elin, http().post(`/v1/notices/${slug}/publish`)).expect(202);
    for (const body of [{}, { draftRevision: 'ett' }, { draftRevision: 0 }, { draftRevision: 1.5 }, { draftRevision: 1, extra: true }]) {
      const res = await as(frida, http().post(`/v1/notices/${slug}/approve`).send(body)).expect(400);
      expect(res.body).toMatchObject({ type: `${PROBLEMS}validation` });
    }
    for (const body of [{}, { reason: '' }, { reason: 7 }, { reason: 'x'.repeat(2001) }]) {
      const res = await as(frida, http().post(`/v1/notices/${slug}/reject`).send(body)).expect(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain('reason');
    }
    await as(frida, http().post('/v1/notices/finns-inte/approve').send({ draftRevision: 1 })).expect(404);
    await as(frida, http().post('/v1/notices/finns-inte/reject').send({ reason: 'x' })).expect(404);
    await as(elin, http().post('/v1/notices/finns-inte/publish')).expect(404);
    await as(elin, http().get('/v1/notices/finns-inte/approval')).expect(404);
    const view = await as(elin, http().get(`/v1/notices/${slug}/approval`)).expect(200);
    expect(view.body).toMatchObject({ approval: 'awaiting-approval', pending: { draftRevision: 1 } });
  });
});

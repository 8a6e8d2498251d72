// The officials' queue of data-subject requests in the rights service, over real HTTP, Kafka and MongoDB:
// paged as every list (ADR 0018), the earliest due first, open by default or by status.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, eventually, followPages, TestTokens, useTestEnvironment } from '@insyn/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { publishNotice } from './rights-harness.js';

const tokens = await TestTokens.create();
useTestEnvironment({ ...tokens.env, RIGHTS_NOTICE_BASE_URL: 'https://insyn.exempelkommun.example' });
const { AppModule, SERVICE } = await import('../../apps/rights/src/testing.js');

interface Queued {
  id: string;
  status: string;
  dueAt: string;
}

describe('the officials’ queue pages (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let handler: string;
  let slug: string;
  const opened: string[] = [];
  const http = () => request(app.getHttpServer());
  const asHandler = (url: string) => http().get(url).set('Authorization', `Bearer ${handler}`);

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE);
    handler = await tokens.official(['rights-handler']);
    slug = await publishNotice('umea-behandling-sakra-meddelanden');
    await eventually(
      async () => ((await http().get(`/v1/request-kinds?notice=${slug}`)).status === 200 ? true : undefined),
      30_000,
      'the notice to reach rights',
    );
    // Five people ask at once: requests due the same day, told apart by id.
    for (let n = 0; n < 5; n++) {
      const citizen = await tokens.citizen(`sk1_${randomBytes(32).toString('base64url')}`);
      const res = await http()
        .post('/v1/requests')
        .set('Authorization', `Bearer ${citizen}`)
        .send({ notice: slug, kind: 'access' })
        .expect(201);
      opened.push(res.body.id as string);
      if (n === 4) await http().post(`/v1/requests/${res.body.id}/withdraw`).set('Authorization', `Bearer ${citizen}`).expect(200);
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  it('follows Link to the end: each open request once, the earliest due first; the withdrawn one by its status', async () => {
    const whole = (await asHandler('/v1/queue').expect(200)).body as Queued[];
    expect(whole.map((r) => r.id).sort()).toEqual(opened.slice(0, 4).sort());
    const { pages, links } = await followPages<Queued[]>((url) => asHandler(url).expect(200), '/v1/queue?limit=2');
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
    expect(pages.flat().map((r) => r.id)).toEqual(whole.map((r) => r.id));
    expect(links).toEqual([expect.stringMatching(/^<\/v1\/queue\?cursor=[A-Za-z0-9_-]+&limit=2>; rel="next"$/)]);
    const due = whole.map((r) => r.dueAt);
    expect([...due].sort()).toEqual(due);

    const withdrawn = (await asHandler('/v1/queue?status=withdrawn').expect(200)).body as Queued[];
    expect(withdrawn.map((r) => [r.id, r.status])).toEqual([[opened[4], 'withdrawn']]);
  });

  it('answers bad paging input with 400 problems naming the parameter', async () => {
    const first = await asHandler('/v1/queue?limit=1').expect(200);
    const cursor = /cursor=([^&>]+)/.exec(first.headers.link as string)![1]!;
    const fieldsOf = async (url: string) => ((await asHandler(url).expect(400)).body.errors as { field: string }[]).map((e) => e.field);
    expect(await fieldsOf('/v1/queue?cursor=bm90LWEtY3Vyc29y')).toEqual(['cursor']);
    expect(await fieldsOf(`/v1/queue?cursor=${cursor}&status=answered`)).toEqual(['status']);
    expect(await fieldsOf('/v1/queue?limit=201')).toEqual(['limit']);
    expect(await fieldsOf('/v1/queue?limit=many')).toEqual(['limit']);
    expect(await fieldsOf('/v1/queue?status=lost')).toEqual(['status']);
    await asHandler(`/v1/queue?cursor=${cursor}&status=open`).expect(200);
  });
});

// Gallring "efter senaste aktivitet" from end to end: the retention and messages services over real
// Kafka and MongoDB, on one simulated clock. Two conversations are opened on the same day and closed on
// the same day; in one the citizen replied two months later. A rule "delete two years after the last
// activity" deletes the silent one two years after its only message and the other two years after the
// reply, both well before two years after the closing, and never a conversation still open.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { SubjectKeys } from '@insyn/person';
import { eventually, ManualClock, uniqueSuffix } from '@insyn/testing';
import type mongoose from 'mongoose';
import request from 'supertest';
import { activateWithApproval, approverToken } from '../retention/rule-approval.js';
import { gallringServices } from './gallring-harness.js';

const SUBJECT_KEY_SECRET = 'last-activity-e2e-subject-key-secret-32!';
// A unit of this file's own: other test files' services on the same broker hold other units.
const UNIT = `senaste-aktivitet-${uniqueSuffix()}`;
const ANNA = '199908072391';
const services = await gallringServices({ unit: UNIT, unitName: 'Kontaktcenter (e2e)', subjectKeySecret: SUBJECT_KEY_SECRET });
const { tokens, RunScheduler } = services;

interface RunView {
  status: string;
  selection: { trigger: string; triggeredBefore: string };
  counts: { candidates: number; held: number; blocked: number; deleted: number };
}
interface ForecastView {
  alreadyDue: { due: number };
  windows: { days: number; due: number }[];
}

/** Stockholm wall time → instant (the dates here are in winter time: UTC+1). */
const stockholm = (local: string) => new Date(`${local}+01:00`);

describe('gallring after the last activity: retention and messages, real Kafka and MongoDB, simulated time', () => {
  const clock = new ManualClock(stockholm('2024-01-05T09:00:00'));
  const keys = new SubjectKeys(SUBJECT_KEY_SECRET);
  let retention: INestApplication;
  let messages: INestApplication;
  let retentionRaw: mongoose.Connection;
  let messagesRaw: mongoose.Connection;
  let system: string;
  let anna: string;
  let admin: string;
  let archivist: string;
  const ruleId = `senaste-aktivitet-${uniqueSuffix()}`;
  const conv: Record<'silent' | 'replied' | 'open', string> = { silent: '', replied: '', open: '' };

  const msg = () => request(messages.getHttpServer());
  const ret = () => request(retention.getHttpServer());
  const exists = async (id: string) => (await messagesRaw.collection('conversations').countDocuments({ _id: id } as never)) === 1;
  const open = async (caseReference?: string) =>
    (
      await msg()
        .post('/v1/conversations')
        .set('Authorization', `Bearer ${system}`)
        .send({
          personnummer: ANNA,
          subject: 'Din fråga',
          body: 'Hej! Här är svaret på din fråga.',
          ...(caseReference ? { caseReference } : {}),
        })
        .expect(201)
    ).body.conversationId as string;

  /** The scheduler's tick at 02:30 Stockholm time on `date`, and the run it started of this file's rule, once finished. */
  async function night(date: string): Promise<RunView> {
    clock.set(stockholm(`${date}T02:30:00`));
    const started = (await retention.get(RunScheduler).tick()).started.find((s) => s.ruleId === ruleId);
    expect(started).toBeDefined();
    return eventually(async () => {
      const run = (await ret().get(`/v1/runs/${started!.runId}`).set('Authorization', `Bearer ${archivist}`).expect(200)).body as RunView;
      return run.status === 'finished' ? run : undefined;
    }, 30_000);
  }

  beforeAll(async () => {
    ({ retention, messages, retentionRaw, messagesRaw } = await services.start(clock));
    system = await tokens.mint({ sub: 'contact-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    anna = await tokens.citizen(keys.of(ANNA));
    admin = await tokens.official(['retention-admin'], UNIT);
    archivist = await tokens.official(['archivist'], UNIT);
  });

  afterAll(() => services.stop());

  it('2024: opened on one day, one answered by the citizen two months later, both closed on one day; the closing tells retention the last message and the case reference', async () => {
    conv.silent = await open();
    conv.replied = await open('SOC 2024/17');
    conv.open = await open();
    clock.set(stockholm('2024-03-01T11:00:00'));
    await msg()
      .post(`/v1/conversations/${conv.replied}/messages`)
      .set('Authorization', `Bearer ${anna}`)
      .send({ body: 'Tack!' })
      .expect(201);
    clock.set(stockholm('2024-03-20T16:00:00'));
    for (const id of [conv.silent, conv.replied])
      await msg().post(`/v1/conversations/${id}/close`).set('Authorization', `Bearer ${system}`).expect(200);

    const candidate = (id: string) => retentionRaw.collection('candidates').findOne({ _id: id } as never);
    await eventually(async () => ((await candidate(conv.replied))?.lastActivityAt && (await candidate(conv.silent)) ? true : undefined));
    expect(await candidate(conv.silent)).toMatchObject({
      closedAt: stockholm('2024-03-20T16:00:00'),
      lastActivityAt: stockholm('2024-01-05T09:00:00'),
    });
    // The business system's case reference travels with the closing, so gallring's forecast can name it.
    expect(await candidate(conv.replied)).toMatchObject({ lastActivityAt: stockholm('2024-03-01T11:00:00'), caseReference: 'SOC 2024/17' });
    expect(await candidate(conv.silent)).not.toHaveProperty('caseReference');
    expect(await candidate(conv.open)).toBeNull();
  });

  it('2025-12-20: the rule is decided and activated; its forecast counts from the last activity', async () => {
    clock.set(stockholm('2025-12-20T10:00:00'));
    await ret()
      .post('/v1/rules')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        ruleId,
        unit: UNIT,
        informationType: 'secure-message',
        action: 'delete',
        trigger: 'last-activity',
        after: 'P2Y',
        schedule: '0 2 * * *',
        decision: { body: 'Kommunstyrelsen', date: '2025-11-18', reference: 'KS 2025/0301', section: '§ 204' },
      })
      .expect(201);
    await activateWithApproval(retention.getHttpServer(), ruleId, 1, admin, await approverToken(tokens, UNIT));
    const forecast = (await ret().get(`/v1/rules/${ruleId}/forecast`).set('Authorization', `Bearer ${archivist}`).expect(200))
      .body as ForecastView;
    // The silent one falls due on 2026-01-06, the answered one on 2026-03-02; by the closing it would be 2026-03-21.
    expect(forecast.alreadyDue.due).toBe(0);
    expect(forecast.windows.map((w) => [w.days, w.due])).toEqual([
      [30, 1],
      [90, 2],
    ]);
  });

  it('2026-01-05: not a day early for the silent one', async () => {
    const run = await night('2026-01-05');
    expect(run).toMatchObject({ selection: { trigger: 'last-activity' }, counts: { deleted: 0 } });
    expect(await exists(conv.silent)).toBe(true);
  });

  it('2026-01-06: the silent one goes, two years after its only message; the answered one stays', async () => {
    const run = await night('2026-01-06');
    expect(run).toMatchObject({ counts: { candidates: 1, deleted: 1, held: 0, blocked: 0 } });
    expect(await exists(conv.silent)).toBe(false);
    expect(await messagesRaw.collection('data_keys').countDocuments({ _id: conv.silent } as never)).toBe(0);
    expect(await exists(conv.replied)).toBe(true);
  });

  it('2026-03-02: the answered one goes two years after the reply, long before two years after closing; the open one never', async () => {
    expect((await night('2026-03-01')).counts.deleted).toBe(0);
    const run = await night('2026-03-02');
    expect(run).toMatchObject({ counts: { deleted: 1 } });
    expect(await exists(conv.replied)).toBe(false);
    expect(await exists(conv.open)).toBe(true);
    const protocol = (await ret().get('/v1/protocol?limit=100').set('Authorization', `Bearer ${archivist}`).expect(200)).body.entries as {
      rule: { id: string };
      selection: { trigger: string };
      counts: { deleted: number };
    }[];
    const ours = protocol.filter((e) => e.rule.id === ruleId);
    expect(ours.map((e) => e.counts.deleted)).toEqual([0, 1, 0, 1]);
    expect(ours.every((e) => e.selection.trigger === 'last-activity')).toBe(true);
  });
});

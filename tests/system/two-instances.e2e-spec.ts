// Two instances of every event-driven app against one broker and database, as a cluster runs them: notice,
// messages, retention and rights each twice, each pair sharing its service's database and Kafka consumer
// group (two pods of one deployment), real Kafka and MongoDB. The notice read model is current on both
// (a version published and a notice withdrawn through one instance's admin API are what the other answers);
// events are handled once (conversations opened on one messages instance and closed on the other become
// one candidate each in retention, each event in retention's inbox once; a data-subject request opened on
// one rights instance gets one part from the messages pair and one hold from the retention pair); and a
// gallring run is supervised by one instance only (one lease holder), its purge request handled once by the
// messages pair, and it leaves one protocol entry with the right counts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Topics } from '@insyn/contracts';
import { KafkaConsumerStatus } from '@insyn/messaging';
import { SubjectKeys } from '@insyn/person';
import { eventually, KafkaProbe, ManualClock, type ProbedMessage, publishNotice, uniqueSuffix } from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';
import { insynServices, type RunningService } from '../security/services-harness.js';
import { approverToken } from '../retention/rule-approval.js';
import { activateRule, finishedRun } from './gallring-harness.js';

// Eight apps start, and the groups rebalance as each second instance joins: generous on a loaded machine.
jest.setTimeout(180_000);

const SUBJECT_KEY_SECRET = 'two-instances-e2e-subject-key-secret-32!';
const ANNA = '199908072391';
const BRITT = '195006262546';
const CONVERSATIONS = 6;
const ROOT = path.resolve(import.meta.dirname, '../..');
const SLUG = `sakra-meddelanden-${uniqueSuffix()}`;
/** The Umeå notice as an editor imports it, under this file's own slug (rights on the shared broker know it by slug). */
const UMEA = fs
  .readFileSync(path.join(ROOT, 'apps/notice/seed/umea-behandling-sakra-meddelanden.yaml'), 'utf8')
  .replace(/^id: sakra-meddelanden$/m, `id: ${SLUG}`);

// Messages and retention live on one simulated clock: the conversations close three years before the run.
const clock = new ManualClock(new Date(Date.now() - 3 * 365 * 86_400_000));
const services = await insynServices({
  subjectKeySecret: SUBJECT_KEY_SECRET,
  instances: { notice: 2, messages: 2, retention: 2, rights: 2 },
  clocks: { messages: clock, retention: clock },
});
const { tokens, units } = services;
const { RunScheduler, RunsConfig } = await import('../../apps/retention/src/testing.js');

/** The ids the outbox relays gave the events about `id` on `topic` (a relay may send an event twice; its id stays one). */
const eventIds = (probe: KafkaProbe, topic: string, about: (data: Record<string, unknown>) => boolean): Set<string> =>
  new Set(
    probe
      .on(topic)
      .filter((m: ProbedMessage) => about(m.json<{ data: Record<string, unknown> }>()?.data ?? {}))
      .map((m) => m.headers['insyn-event-id']!),
  );

describe('two instances of every app, one broker and one database per service (real Kafka and MongoDB)', () => {
  const keys = new SubjectKeys(SUBJECT_KEY_SECRET);
  let notice: RunningService[];
  let messages: RunningService[];
  let retention: RunningService[];
  let rights: RunningService[];
  const raw: Record<'messages' | 'retention' | 'rights', mongoose.Connection | undefined> = {
    messages: undefined,
    retention: undefined,
    rights: undefined,
  };
  let probe: KafkaProbe;
  let editor: string;
  let system: string;
  let admin: string;
  let dpo: string;
  /** Anna's conversations, opened on messages#1 and closed on messages#2. */
  const closed: string[] = [];
  let requestId: string;

  const http = (r: RunningService) => request(r.app.getHttpServer());
  const db = (name: keyof typeof raw) => raw[name]!;

  beforeAll(async () => {
    probe = await KafkaProbe.start([
      Topics.MessagesConversationClosedV1,
      Topics.RightsRequestOpenedV1,
      Topics.RightsRequestPartV1,
      Topics.RetentionPurgeRequestedV1,
      Topics.RetentionPurgeCompletedV1,
    ]);
    // The services start side by side (each one's instances in turn): most of the time is spent waiting
    // for the groups to rebalance as each second instance joins.
    await Promise.all((['notice', 'messages', 'retention', 'rights'] as const).map((name) => services.start([name])));
    notice = services.instancesOf('notice');
    messages = services.instancesOf('messages');
    retention = services.instancesOf('retention');
    rights = services.instancesOf('rights');
    for (const name of ['messages', 'retention', 'rights'] as const)
      raw[name] = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: services.instancesOf(name)[0]!.db }).asPromise();
    editor = await tokens.official(['notice-editor'], units.a);
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: units.a });
    admin = await tokens.official(['retention-admin'], units.a);
    dpo = await tokens.official(['dpo'], units.a);
  });

  afterAll(async () => {
    for (const connection of Object.values(raw)) await connection?.close();
    await Promise.all([probe?.stop(), services.stop()]);
  });

  it('runs each pair as one consumer group: the partitions of every topic are split between the two', async () => {
    for (const pair of [notice, messages, retention, rights]) {
      expect(pair).toHaveLength(2);
      expect(new Set(pair.map((r) => r.db)).size).toBe(1);
      // After the second joined, the first was given its share anew: together they hold each partition once.
      await eventually(
        () => {
          const [one, two] = pair.map((r) => r.app.get(KafkaConsumerStatus).assignment);
          const topics = new Set([...Object.keys(one!), ...Object.keys(two!)]);
          const split = [...topics].every((t) => {
            const a = one![t] ?? [];
            const b = two![t] ?? [];
            return a.length + b.length === new Set([...a, ...b]).size && a.length + b.length > 0;
          });
          const both = Object.values(one!).flat().length > 0 && Object.values(two!).flat().length > 0;
          return split && both ? true : undefined;
        },
        60_000,
        `the ${pair[0]!.name} instances to share their group's partitions`,
      );
    }
  });

  it('the notice read model is current on both: a version published on one is what the other answers', async () => {
    const [one, two] = notice as [RunningService, RunningService];
    await http(one)
      .post('/v1/notices')
      .set('Authorization', `Bearer ${editor}`)
      .set('Content-Type', 'application/yaml')
      .send(UMEA)
      .expect(201);
    expect(await publishNotice(one.app.getHttpServer(), SLUG, tokens, { submitter: editor, unit: units.a })).toMatchObject({ version: 1 });
    const first = await eventually(
      async () => {
        const res = await http(two).get(`/v1/notices/${SLUG}`);
        return res.status === 200 ? (res.body as { version: number }) : undefined;
      },
      30_000,
      'version 1 on notice#2',
    );
    expect(first).toMatchObject({ id: SLUG, version: 1 });

    const changed = UMEA.replace('  sv: Behandling, säkra meddelanden', '  sv: Behandling, säkra meddelanden (ny version)');
    const draft = await http(one).get(`/v1/notices/${SLUG}/draft`).set('Authorization', `Bearer ${editor}`).expect(200);
    await http(one)
      .put(`/v1/notices/${SLUG}/draft`)
      .set('Authorization', `Bearer ${editor}`)
      .set('If-Match', draft.headers.etag!)
      .set('Content-Type', 'application/yaml')
      .send(changed)
      .expect(200);
    await publishNotice(one.app.getHttpServer(), SLUG, tokens, { submitter: editor, unit: units.a });
    const second = await eventually(
      async () => {
        const body = (await http(two).get(`/v1/notices/${SLUG}`)).body as { version?: number; title?: { sv: string } };
        return body.version === 2 ? body : undefined;
      },
      30_000,
      'version 2 on notice#2',
    );
    expect(second.title?.sv).toBe('Behandling, säkra meddelanden (ny version)');
    // The rights pair learnt of both versions through its group: either instance gives the requests of the new one.
    for (const r of rights)
      await eventually(
        async () => ((await http(r).get(`/v1/request-kinds?notice=${SLUG}`)).body as { version?: number }).version === 2 || undefined,
        30_000,
        `version 2 on rights#${r.instance}`,
      );
  });

  it('conversations opened on messages#1 and closed on messages#2 are each one candidate in retention, each event handled once', async () => {
    const [one, two] = messages as [RunningService, RunningService];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const opened = await http(one)
        .post('/v1/conversations')
        .set('Authorization', `Bearer ${system}`)
        .send({ personnummer: ANNA, subject: 'Kallelse till möte', body: `Meddelande ${i}` })
        .expect(201);
      closed.push(opened.body.conversationId as string);
    }
    for (const id of closed) await http(two).post(`/v1/conversations/${id}/close`).set('Authorization', `Bearer ${system}`).expect(200);

    const candidates = () => db('retention').collection('candidates');
    await eventually(
      async () =>
        (await candidates().countDocuments({ _id: { $in: closed }, closedAt: { $exists: true } } as never)) === CONVERSATIONS
          ? true
          : undefined,
      30_000,
      'retention to know every closed conversation',
    );
    await eventually(
      () =>
        closed.every((id) => eventIds(probe, Topics.MessagesConversationClosedV1, (d) => d.conversationId === id).size === 1)
          ? true
          : undefined,
      30_000,
      'the closing events on the probe',
    );
    await expectClosingsHandledOnce();
  });

  /** One closing event per conversation, one retention inbox entry per event, one candidate per conversation. */
  async function expectClosingsHandledOnce() {
    const ids = closed.flatMap((id) => [...eventIds(probe, Topics.MessagesConversationClosedV1, (d) => d.conversationId === id)]);
    expect(ids).toHaveLength(CONVERSATIONS);
    const inbox = await db('retention')
      .collection('inbox')
      .find<{ eventId: string; topic: string; outcome: string }>({ eventId: { $in: ids } })
      .toArray();
    expect(inbox.map((e) => e.eventId).sort()).toEqual([...ids].sort());
    expect(inbox.every((e) => e.outcome === 'handled' && e.topic === Topics.MessagesConversationClosedV1)).toBe(true);
  }

  it('a data-subject request opened on rights#1 gets one part from the messages pair and one hold from the retention pair', async () => {
    const [one, two] = rights as [RunningService, RunningService];
    // Britt has a conversation still open: hers is what the part carries.
    await http(messages[0]!)
      .post('/v1/conversations')
      .set('Authorization', `Bearer ${system}`)
      .send({ personnummer: BRITT, subject: 'Fråga', body: 'Hej Britt!' })
      .expect(201);
    clock.set(new Date()); // the part is produced now, after the request was opened
    const britt = await tokens.citizen(keys.of(BRITT));
    const opened = await http(one)
      .post('/v1/requests')
      .set('Authorization', `Bearer ${britt}`)
      .send({ notice: SLUG, kind: 'access' })
      .expect(201);
    requestId = opened.body.id as string;

    const handler = await tokens.official(['rights-handler'], units.a);
    const queued = await eventually(
      async () => {
        const { body } = await http(two).get(`/v1/queue/${requestId}`).set('Authorization', `Bearer ${handler}`).expect(200);
        const queuedBody = body as { partDetails: unknown[] };
        return queuedBody.partDetails.length > 0 ? queuedBody : undefined;
      },
      30_000,
      'the messages part, read through rights#2',
    );
    expect(queued).toMatchObject({ missing: [], partDetails: [{ service: 'messages', recordCount: expect.any(Number) }] });
    await eventually(
      async () => ((await db('retention').collection('holds').countDocuments({ 'source.requestId': requestId })) > 0 ? true : undefined),
      30_000,
      'retention to hold Britt’s data',
    );
    await expectRequestHandledOnce();
  });

  /**
   * One opening event; one answer in the pair's database, its event on the broker; one part held by the
   * request and stored in rights; one hold in retention. (The part held is the first that came: on a
   * shared broker another test file's messages installation, running alongside, answers the same request
   * from its own database, so which one came first is not asserted.)
   */
  async function expectRequestHandledOnce() {
    const about = (d: Record<string, unknown>) => d.requestId === requestId;
    expect(eventIds(probe, Topics.RightsRequestOpenedV1, about).size).toBe(1);
    const answers = await db('messages').collection<{ _id: string; eventId: string }>('rights_answers').find({ _id: requestId }).toArray();
    expect(answers).toHaveLength(1);
    const { eventId } = answers[0]!;
    await eventually(
      () => (eventIds(probe, Topics.RightsRequestPartV1, about).has(eventId) ? true : undefined),
      30_000,
      'the pair’s part on the probe',
    );
    const stored = await db('rights')
      .collection<{ _id: string; parts: { service: string; eventId: string }[] }>('requests')
      .findOne({ _id: requestId });
    expect(stored?.parts).toEqual([expect.objectContaining({ service: 'messages' })]);
    expect(await db('rights').collection('request_parts').countDocuments({ requestId })).toBe(1);
    const holds = await db('retention').collection('holds').find({ 'source.requestId': requestId }).toArray();
    expect(holds).toEqual([expect.objectContaining({ scope: 'person', target: keys.of(BRITT) })]);
  }

  it('a gallring run is supervised by one retention instance, its purge handled once by the messages pair', async () => {
    const [one, two] = retention as [RunningService, RunningService];
    const ruleId = `two-instances-${uniqueSuffix()}`;
    await activateRule(
      one.app,
      admin,
      {
        ruleId,
        unit: units.a,
        action: 'delete',
        trigger: 'conversation-closed',
        after: 'P2Y',
        decision: { body: 'Socialnämnden', date: '2025-05-12', reference: `SN 2025/${uniqueSuffix()}`, section: '§ 45' },
      },
      await approverToken(tokens, units.a),
    );
    const started = await http(two).post(`/v1/rules/${ruleId}/runs`).set('Authorization', `Bearer ${admin}`).expect(202);
    const runId = started.body.runId as string;

    // Both instances tick at once, twice: one takes the rule's lease and keeps it, the other never has it.
    const schedulers = retention.map((r) => r.app.get(RunScheduler));
    const reports = await Promise.all([schedulers[0]!.tick(), schedulers[1]!.tick(), schedulers[0]!.tick(), schedulers[1]!.tick()]);
    const holders = new Set(reports.flatMap((report, i) => (report.leased.includes(ruleId) ? [i % 2] : [])));
    expect(holders.size).toBe(1);
    const holder = retention[[...holders][0]!]!;
    const schedule = await db('retention')
      .collection('rule_schedules')
      .findOne({ _id: ruleId } as never);
    expect(schedule).toMatchObject({ holder: holder.app.get(RunsConfig).instanceId });

    const run = await finishedRun<{ status: string; counts: Record<string, number>; protocolSeq: number }>(one.app, dpo, runId);
    expect(run.counts).toMatchObject({ candidates: CONVERSATIONS, deleted: CONVERSATIONS, held: 0, blocked: 0 });

    // Anna's closed conversations are gone, once; Britt's open one is left.
    const conversations = db('messages').collection('conversations');
    expect(await conversations.countDocuments({ _id: { $in: closed } } as never)).toBe(0);
    expect(await conversations.countDocuments({})).toBe(1);
    const purges = await db('messages').collection('purges').find({ runId }).toArray();
    expect(purges.length).toBeGreaterThan(0);
    expect(purges.flatMap((p) => p.ids as string[]).sort()).toEqual([...closed].sort());
    // Each request asked once (by the one supervisor) and answered once (by one messages instance).
    await eventually(
      () => (eventIds(probe, Topics.RetentionPurgeCompletedV1, (d) => d.runId === runId).size >= purges.length ? true : undefined),
      30_000,
      'the answers on the probe',
    );
    for (const purge of purges) {
      const about = (d: Record<string, unknown>) => d.requestId === purge._id;
      expect(eventIds(probe, Topics.RetentionPurgeRequestedV1, about).size).toBe(1);
      expect(eventIds(probe, Topics.RetentionPurgeCompletedV1, about).size).toBe(1);
    }

    // One protocol entry for the run, with the counts, read through the other instance.
    const protocol = (await http(two).get('/v1/protocol?limit=100').set('Authorization', `Bearer ${dpo}`).expect(200)).body as {
      entries: { runId: string; seq: number; counts: Record<string, number> }[];
    };
    const entries = protocol.entries.filter((e) => e.runId === runId);
    expect(entries).toEqual([
      expect.objectContaining({ seq: run.protocolSeq, counts: expect.objectContaining({ deleted: CONVERSATIONS }) }),
    ]);
    expect((await http(one).get('/v1/protocol/verify').set('Authorization', `Bearer ${dpo}`).expect(200)).body).toMatchObject({ ok: true });
    // Retention forgot the deleted conversations.
    expect(
      await db('retention')
        .collection('candidates')
        .countDocuments({ _id: { $in: closed } } as never),
    ).toBe(0);
  });

  it('a withdrawal on notice#1 is what notice#2 and both rights instances answer; everything above was still handled once', async () => {
    const [one, two] = notice as [RunningService, RunningService];
    await http(one)
      .post(`/v1/notices/${SLUG}/withdraw`)
      .set('Authorization', `Bearer ${editor}`)
      .send({ reason: 'Behandlingen har upphört' })
      .expect(200);
    await eventually(
      async () => ((await http(two).get(`/v1/notices/${SLUG}`)).status === 404 ? true : undefined),
      30_000,
      'notice#2 to forget it',
    );
    const list = (await http(two).get('/v1/notices').expect(200)).body as { notices: { id: string }[] };
    expect(list.notices.map((n) => n.id)).not.toContain(SLUG);
    await http(two).get(`/v1/notices/${SLUG}/versions/2`).expect(200);
    for (const r of rights)
      await eventually(
        async () => ((await http(r).get(`/v1/request-kinds?notice=${SLUG}`)).status === 404 ? true : undefined),
        30_000,
        `rights#${r.instance} to forget it`,
      );
    // By now every event of the earlier steps has long been consumed: a second handling would show.
    await expectClosingsHandledOnce();
    await expectRequestHandledOnce();
  });
});

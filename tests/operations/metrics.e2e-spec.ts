import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { type RuleActivatedV1, RuleActivatedV1Event, Topics } from '@insyn/contracts';
import {
  createTestApp,
  eventually,
  KafkaProbe,
  metricSamples,
  metricValue,
  publishEvent,
  TestTokens,
  useTestEnvironment,
} from '@insyn/testing';
import request from 'supertest';

const tokens = await TestTokens.create();
useTestEnvironment(tokens.env);
const { AppModule, SERVICE } = await import('../../apps/notice/src/testing.js');

const CONSUMER = 'GoverningRulesConsumer.onRuleActivated';
const TOPIC = RuleActivatedV1Event.type;

describe('what an operator alerts on, scraped from a running service (notice, real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  const scrape = async () => (await request(app.getHttpServer()).get('/metrics').expect(200)).text;

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.DeadLetterV1]);
    app = await createTestApp(AppModule, SERVICE);
  });

  afterAll(async () => {
    await probe?.stop();
    await app?.close();
  });

  it('counts a dead letter by topic, reason and consumer as soon as it is written', async () => {
    const labels = { topic: TOPIC, reason: 'contract-violation', consumer: CONSUMER };
    const before = metricValue(await scrape(), 'insyn_dead_letters_total', labels);

    // A rule activation without its rule: it breaks the contract and can never be handled.
    const eventId = await publishEvent(RuleActivatedV1Event, { ruleId: 'no-such-rule' } as unknown as RuleActivatedV1);
    await probe.waitFor((messages) =>
      messages.some((m) => m.topic === Topics.DeadLetterV1 && m.json<{ eventId?: string }>()?.eventId === eventId),
    );

    // The counter moves when the dead letter is written, in this instance's /metrics.
    const after = await eventually(
      async () => {
        const value = metricValue(await scrape(), 'insyn_dead_letters_total', labels);
        return value > before ? value : undefined;
      },
      10_000,
      'the dead-letter counter to move',
    );
    expect(after).toBe(before + 1);
  });

  it('shows the consumer group’s lag per topic and partition, and the outbox backlog per collection', async () => {
    const text = await scrape();
    const lag = metricSamples(text, 'insyn_kafka_consumer_lag', { group: process.env.KAFKA_CONSUMER_GROUP!, topic: TOPIC });
    expect(lag.length).toBeGreaterThan(0);
    for (const s of lag) {
      expect(s.labels.partition).toMatch(/^\d+$/);
      expect(s.value).toBeGreaterThanOrEqual(0);
    }
    expect(metricSamples(text, 'insyn_outbox_waiting_aggregates', { collection: 'notices' })).toHaveLength(1);
    expect(metricSamples(text, 'insyn_outbox_oldest_waiting_seconds', { collection: 'notices' })).toHaveLength(1);
  });

  it('reports each health indicator, and times requests by route template and status class, never by raw path', async () => {
    await request(app.getHttpServer()).get('/v1/notices/no-such-notice-4711').expect(404);
    const text = await scrape();
    expect(metricValue(text, 'insyn_health_indicator_status', { indicator: 'mongodb' })).toBe(1);
    expect(metricValue(text, 'insyn_health_indicator_status', { indicator: 'kafka' })).toBe(1);
    expect(
      metricValue(text, 'insyn_http_request_duration_seconds_count', { method: 'GET', route: '/v1/notices/:slug', status_class: '4xx' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('no-such-notice-4711');
  });
});

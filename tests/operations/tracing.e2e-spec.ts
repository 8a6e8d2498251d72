// Tracing across two services (issue 11, ADR 0020): messages and retention run as their own processes,
// started as `npm start` starts them (main.ts under the TypeScript loader, so tracing starts before the
// app's modules load), with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP/JSON receiver in this test.
// A system closes a conversation over HTTP; messages writes messages.conversation.closed to its outbox,
// its relay sends it to the real Kafka, and retention's consumer handles it: the consumer's span must be
// in the HTTP request's trace, below the outbox's `create` span. No exported span may carry a
// personnummer, not even one written into a URL. With the collector gone, both services go on working.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Topics } from '@insyn/contracts';
import { findPersonnummer } from '@insyn/observability';
import { eventually, markKafkaHistory, TestTokens, testKafka, uniqueSuffix } from '@insyn/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { messagesEnvironment } from '../messages/messages-env.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UNIT = `tracing-${uniqueSuffix()}`;
const ANNA = '199908072391';

/** A span as OTLP/JSON carries it (ids in hex), with the name of the service that exported it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
type OtlpAttributes = { key: string; value: OtlpValue }[] | undefined;

const attributes = (list: OtlpAttributes) =>
  Object.fromEntries(
    (list ?? []).map(({ key, value }) => [key, value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue]),
  );

/** OTLP span kinds (the protocol's numbering: API kind + 1). */
const SERVER = 2;
const CONSUMER = 5;

/** An OTLP/HTTP receiver for JSON trace exports: what a collector would get. */
async function otlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      const request = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: OtlpAttributes };
          scopeSpans: {
            spans: (Omit<ReceivedSpan, 'service' | 'attributes' | 'links'> & {
              attributes: OtlpAttributes;
              links?: { traceId: string; spanId: string }[];
            })[];
          }[];
        }[];
      };
      for (const rs of request.resourceSpans) {
        const service = String(attributes(rs.resource.attributes)['service.name']);
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans)
            spans.push({
              ...s,
              service,
              attributes: attributes(s.attributes),
              links: (s.links ?? []).map(({ traceId, spanId }) => ({ traceId, spanId })),
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    spans,
    bodies,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(r)),
  };
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A service started as `npm start` starts it, its JSON log lines kept. */
function startService(app: string, env: Record<string, string>) {
  const lines: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let rest = '';
  const collect = (chunk: Buffer) => {
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop()!;
    lines.push(...parts.filter((l) => l.trim()));
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return {
    child,
    lines,
    logs: () => lines.flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as Record<string, unknown>] : [])),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

/**
 * Starts a new consumer group at this file's history mark, as the in-process tests' apps start
 * (startGroupAtHistoryMark): a consumer of the group joins once, seeks every partition to the mark (kafkajs
 * commits a seek before it fetches) and leaves, so the service started next handles only what this file
 * publishes, never the events earlier files left on the shared broker.
 */
async function startGroupAtHistory(groupId: string): Promise<void> {
  const ends = await markKafkaHistory();
  if (!ends.size) return;
  const kafka = testKafka('tracing-offsets');
  const consumer = kafka.consumer({ groupId });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    for (const [topic, partitions] of ends) for (const p of partitions) consumer.seek({ topic, partition: p.partition, offset: p.offset });
  });
  const admin = kafka.admin();
  await Promise.all([consumer.connect(), admin.connect()]);
  try {
    await consumer.subscribe({ topics: [...ends.keys()] });
    await consumer.run({ autoCommit: true, eachMessage: () => Promise.resolve() });
    await eventually(
      async () => {
        const committed = await admin.fetchOffsets({ groupId, topics: [...ends.keys()] });
        return committed.every((t) => t.partitions.every((p) => p.offset !== '-1')) ? true : undefined;
      },
      60_000,
      `the group ${groupId} to start at the history mark`,
    );
  } finally {
    await Promise.all([consumer.disconnect(), admin.disconnect()]);
  }
}

describe('tracing: one trace from an HTTP request through the outbox and Kafka into another service', () => {
  const receiver = otlpReceiver();
  let collector: Awaited<typeof receiver>;
  let messages: ReturnType<typeof startService>;
  let retention: ReturnType<typeof startService>;
  let messagesUrl: string;
  let system: string;
  const dbs = {
    messages: `test_${randomBytes(5).toString('hex')}_messages`,
    retention: `test_${randomBytes(5).toString('hex')}_retention`,
  };
  const dirs: string[] = [];

  async function healthy(url: string, service: ReturnType<typeof startService>) {
    await eventually(
      async () => {
        if (service.child.exitCode !== null) throw new Error(`the service exited: ${service.lines.slice(-20).join('\n')}`);
        return (await fetch(`${url}/health`).catch(() => undefined))?.ok ? true : undefined;
      },
      280_000,
      `${url} to answer /health`,
    );
  }

  /** Opens a conversation and closes it, the close carrying `correlationId`; returns the conversation's id. */
  async function openAndClose(correlationId: string): Promise<string> {
    const opened = await fetch(`${messagesUrl}/v1/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${system}`, 'content-type': 'application/json' },
      body: JSON.stringify({ personnummer: ANNA, subject: 'Kallelse', body: 'Välkommen på möte' }),
    });
    expect(opened.status).toBe(201);
    const { conversationId } = (await opened.json()) as { conversationId: string };
    const closed = await fetch(`${messagesUrl}/v1/conversations/${conversationId}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${system}`, 'x-correlation-id': correlationId },
    });
    expect(closed.status).toBe(200);
    return conversationId;
  }

  beforeAll(async () => {
    collector = await receiver;
    const tokens = await TestTokens.create();
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
    const units = JSON.stringify({ [UNIT]: { name: 'Spårning (e2e)' } });
    const subjectKeySecret = 'tracing-e2e-subject-key-secret-32-chars!';
    const common = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DOCS_ENABLED: 'false',
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      ...(process.env.KAFKA_TOPIC_PREFIX ? { KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX } : {}),
      MONGODB_URI: process.env.MONGODB_URI!,
      KAFKA_TOPIC_PARTITIONS: '3',
      ...tokens.env,
      SUBJECT_KEY_SECRET: subjectKeySecret,
      // Tracing on, as an operator turns it on; JSON so that this test reads what the collector gets.
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const ports = { messages: await freePort(), retention: await freePort() };
    messagesUrl = `http://127.0.0.1:${ports.messages}`;
    await Promise.all(Object.values(dbs).map((db) => startGroupAtHistory(`insyn-${db}`)));
    const messagesEnv = messagesEnvironment({ [UNIT]: { name: 'Spårning (e2e)' } }, subjectKeySecret, {});
    dirs.push(path.dirname(messagesEnv.MESSAGES_KEK_FILE!), messagesEnv.ARCHIVE_DIR!);
    messages = startService('messages', {
      ...common,
      ...messagesEnv,
      PORT: String(ports.messages),
      MONGODB_DB: dbs.messages,
      KAFKA_CONSUMER_GROUP: `insyn-${dbs.messages}`,
    });
    retention = startService('retention', {
      ...common,
      PORT: String(ports.retention),
      MONGODB_DB: dbs.retention,
      KAFKA_CONSUMER_GROUP: `insyn-${dbs.retention}`,
      RETENTION_UNITS: units,
      RETENTION_SCHEDULER: 'off',
    });
    await Promise.all([healthy(messagesUrl, messages), healthy(`http://127.0.0.1:${ports.retention}`, retention)]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([messages?.stop(), retention?.stop()]);
    await collector?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    for (const db of Object.values(dbs)) {
      const connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    }
  });

  it("continues the HTTP request's trace in the other service's consumer, through the outbox and Kafka", async () => {
    const correlationId = `tracing-${uniqueSuffix()}`;
    await openAndClose(correlationId);

    // Retention's span for handling the event, found by the correlation id it carries as today.
    const consumed = await eventually(
      () =>
        collector.spans.find(
          (s) =>
            s.service === 'retention' &&
            s.attributes['messaging.destination.name'] === Topics.MessagesConversationClosedV1 &&
            s.attributes['insyn.correlation_id'] === correlationId,
        ),
      60_000,
      "retention's span for the closed conversation",
    );
    const server = await eventually(
      () =>
        collector.spans.find(
          (s) => s.service === 'messages' && s.kind === SERVER && s.attributes['insyn.correlation_id'] === correlationId,
        ),
      30_000,
      "messages' server span for the close request",
    );
    expect(consumed.traceId).toBe(server.traceId);

    // The chain from the consumer up to the request: retention's process span (CONSUMER), then the
    // outbox's create span in messages, then the request's spans, ending at its server span (no parent).
    const trace = await eventually(
      () => {
        const byId = new Map(collector.spans.filter((s) => s.traceId === server.traceId).map((s) => [s.spanId, s]));
        const chain: ReceivedSpan[] = [];
        for (let s: ReceivedSpan | undefined = consumed; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) chain.push(s);
        return chain.at(-1)?.spanId === server.spanId ? chain : undefined;
      },
      30_000,
      'every span from the consumer to the request',
    );
    const names = trace.map((s) => `${s.service}: ${s.name}`);
    const create = trace.findIndex((s) => s.service === 'messages' && s.name === `create ${Topics.MessagesConversationClosedV1}`);
    expect(create).toBeGreaterThan(0);
    expect(trace.slice(0, create).every((s) => s.service === 'retention')).toBe(true);
    expect(trace.slice(create).every((s) => s.service === 'messages')).toBe(true);
    expect(trace.some((s) => s.service === 'retention' && s.kind === CONSUMER)).toBe(true);
    expect(trace[0]!.attributes['insyn.event.outcome']).toBe('handled');
    expect(server.parentSpanId ?? '').toBe('');
    expect(names.at(-1)).toMatch(/^messages: POST/);

    // The relay's send span, in a trace of its own (it runs after the request), links the creation context.
    const send = await eventually(
      () => collector.spans.find((s) => s.service === 'messages' && s.links.some((l) => l.spanId === trace[create]!.spanId)),
      30_000,
      "the relay's send span",
    );
    expect(send.name).toBe(`send ${Topics.MessagesConversationClosedV1}`);

    // The request's log line names the same trace.
    const requestLine = messages.logs().find((l) => l.msg === 'request' && l.correlationId === correlationId);
    expect(requestLine?.trace_id).toBe(server.traceId);
  }, 120_000);

  it('exports no personnummer: not from a URL, not from a request body', async () => {
    const probe = `tracing-${uniqueSuffix()}`;
    const res = await fetch(`${messagesUrl}/v1/conversations/${ANNA}?personnummer=${ANNA}`, {
      headers: { authorization: `Bearer ${system}`, 'x-correlation-id': probe },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const server = await eventually(
      () => collector.spans.find((s) => s.kind === SERVER && s.attributes['insyn.correlation_id'] === probe),
      30_000,
      'the server span of the request with a personnummer in its URL',
    );
    expect(JSON.stringify(server.attributes)).toContain('[personnummer]');
    expect(collector.bodies.flatMap((b) => findPersonnummer(b))).toEqual([]);
    expect([...messages.lines, ...retention.lines].flatMap((l) => findPersonnummer(l))).toEqual([]);
  }, 60_000);

  it('goes on working when the collector is gone', async () => {
    await collector.close();
    const id = await openAndClose(`tracing-${uniqueSuffix()}`);
    const connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: dbs.retention }).asPromise();
    try {
      await eventually(
        async () => ((await connection.collection('candidates').countDocuments({ _id: id } as never)) === 1 ? true : undefined),
        60_000,
        'retention to record the closed conversation',
      );
    } finally {
      await connection.close();
    }
    expect(messages.child.exitCode).toBeNull();
    expect(retention.child.exitCode).toBeNull();
  }, 90_000);
});

import { TopicNames } from '@insyn/messaging';
import type { Consumer } from 'kafkajs';
import { uniqueSuffix } from './env.js';
import { MALFORMED_TEST_EVENT } from './publish.js';
import { ensureTestTopics, testKafka } from './test-kafka.js';

export interface ProbedMessage {
  topic: string;
  partition: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** The value parsed as JSON; undefined when it is not JSON. */
  json<T = Record<string, unknown>>(): T | undefined;
}

/** Reads topics from the beginning with a group of its own and lets a test wait for messages. */
export class KafkaProbe {
  readonly messages: ProbedMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  /** `topics` by their Insyn names: on the broker they carry KAFKA_TOPIC_PREFIX, in `messages` they do not. */
  static async start(insynTopics: string[]): Promise<KafkaProbe> {
    const names = TopicNames.fromEnv();
    const topics = insynTopics.map((t) => names.onBroker(t));
    const kafka = testKafka(`probe-${uniqueSuffix()}`);
    await ensureTestTopics(kafka, topics);
    const consumer = kafka.consumer({ groupId: `probe-${uniqueSuffix()}`, allowAutoTopicCreation: false });
    const probe = new KafkaProbe(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        // Another file's deliberately malformed event (tests/security/dead-letters) is nobody's concern here.
        if (message.headers?.[MALFORMED_TEST_EVENT] !== undefined) return Promise.resolve();
        const value = message.value?.toString() ?? null;
        probe.messages.push({
          topic: names.inInsyn(topic),
          partition,
          key: message.key?.toString() ?? null,
          value,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          json: <T>() => {
            try {
              return JSON.parse(value ?? 'null') as T;
            } catch {
              return undefined;
            }
          },
        });
        return Promise.resolve();
      },
    });
    await joined;
    return probe;
  }

  on(topic: string): ProbedMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async waitFor(predicate: (messages: ProbedMessage[]) => boolean, timeoutMs = 20_000): Promise<ProbedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for Kafka messages; have ${this.messages.length}: ${this.messages.map((m) => m.topic).join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.messages;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Polls until `check` returns a value that is not undefined. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

import { randomUUID } from 'node:crypto';
import { Topics } from '@insyn/contracts';
import type { Kafka } from 'kafkajs';
import type { DeadLetterRecord } from './dead-letter.js';
import { REPLAY_HEADER } from './event-handling.interceptor.js';
import { TopicNames } from './topic-names.js';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER } from './outbox.js';

/** A dead letter as stored on `insyn.dead-letter.v1`; its id is `<partition>:<offset>` there. */
export interface StoredDeadLetter {
  id: string;
  record: DeadLetterRecord;
  /** Replays of this dead letter since it was written (from the replay markers on the topic). */
  replays: number;
}

export interface ReplayResult {
  id: string;
  topic: string;
  eventId: string | undefined;
  partition: number;
  offset: string;
}

export class DeadLetterNotFound extends Error {
  override name = 'DeadLetterNotFound';
}

const READ_TIMEOUT_MS = 60_000;

/** A replay is recorded on the dead-letter topic too, so `list` can say which were replayed. */
interface ReplayMarker {
  replayOf: string;
  replayedAt: string;
}

/**
 * Reads the dead-letter topic and publishes a dead letter again to the topic it came from (after the
 * fix): the consumer that dead-lettered it handles it once more, every other consumer of that topic
 * skips it by its inbox, and a second replay of one that succeeded is skipped too (ADR 0004). Used by
 * `npm run dead-letters`; it needs nothing but the broker.
 */
export class DeadLetterStore {
  private readonly deadLetterTopic: string;

  /** `topics`: the installation's names on the broker (KAFKA_TOPIC_PREFIX); dead letters name topics without it. */
  constructor(
    private readonly kafka: Kafka,
    private readonly now: () => Date = () => new Date(),
    private readonly topics: TopicNames = new TopicNames(),
  ) {
    this.deadLetterTopic = topics.onBroker(Topics.DeadLetterV1);
  }

  /** Every dead letter on the topic, oldest first per partition (the topic's retention bounds how many). */
  async list(): Promise<StoredDeadLetter[]> {
    const { letters, replays } = await this.readAll();
    return letters.map((l) => ({ ...l, replays: replays.get(l.id) ?? 0 }));
  }

  async find(id: string): Promise<StoredDeadLetter> {
    const found = (await this.list()).find((l) => l.id === id);
    if (!found) throw new DeadLetterNotFound(`no dead letter ${id} on ${this.deadLetterTopic}`);
    return found;
  }

  /** Publishes the dead letter's original message again, with its key, marked as a replay of it. */
  async replay(id: string): Promise<ReplayResult> {
    const { record } = await this.find(id);
    if (record.value === null) throw new DeadLetterNotFound(`dead letter ${id} has no message to replay`);
    if (record.valueTruncated)
      throw new DeadLetterNotFound(
        `dead letter ${id} kept only the beginning of its ${record.valueTruncated.bytes}-byte message: it cannot be replayed`,
      );
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      const [sent] = await producer.send({
        topic: this.topics.onBroker(record.originalTopic),
        acks: -1,
        messages: [
          {
            key: sentKey(record.key),
            value: record.value,
            headers: {
              ...(record.eventId ? { [EVENT_ID_HEADER]: record.eventId } : {}),
              [EVENT_TYPE_HEADER]: record.originalTopic,
              [REPLAY_HEADER]: id,
            },
          },
        ],
      });
      const marker: ReplayMarker = { replayOf: id, replayedAt: this.now().toISOString() };
      await producer.send({
        topic: this.deadLetterTopic,
        acks: -1,
        messages: [{ key: record.eventId ?? id, value: JSON.stringify(marker), headers: { [REPLAY_HEADER]: id } }],
      });
      return {
        id,
        topic: record.originalTopic,
        eventId: record.eventId,
        partition: sent?.partition ?? -1,
        offset: sent?.baseOffset ?? '',
      };
    } finally {
      await producer.disconnect();
    }
  }

  /** Reads the topic from its start to the end it had when the read began, with a group of its own that is deleted after. */
  private async readAll(): Promise<{ letters: Omit<StoredDeadLetter, 'replays'>[]; replays: Map<string, number> }> {
    const letters: Omit<StoredDeadLetter, 'replays'>[] = [];
    const replays = new Map<string, number>();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(this.deadLetterTopic)) return { letters, replays };
      const ends = new Map((await admin.fetchTopicOffsets(this.deadLetterTopic)).map((p) => [p.partition, p]));
      const waiting = new Set([...ends.values()].filter((p) => Number(p.high) > Number(p.low)).map((p) => p.partition));
      if (waiting.size === 0) return { letters, replays };
      const groupId = `insyn-dead-letters-cli-${randomUUID()}`;
      const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
      await consumer.connect();
      try {
        let finished!: () => void;
        const done = new Promise<void>((resolve) => (finished = resolve));
        await consumer.subscribe({ topic: this.deadLetterTopic, fromBeginning: true });
        await consumer.run({
          eachMessage: ({ partition, message }) => {
            const end = ends.get(partition)!;
            if (BigInt(message.offset) < BigInt(end.high)) {
              const id = `${partition}:${message.offset}`;
              const parsed = parse(message.value?.toString());
              if (parsed && 'replayOf' in parsed) replays.set(parsed.replayOf, (replays.get(parsed.replayOf) ?? 0) + 1);
              else if (parsed) letters.push({ id, record: parsed });
            }
            if (BigInt(message.offset) + 1n >= BigInt(end.high)) waiting.delete(partition);
            if (waiting.size === 0) finished();
            return Promise.resolve();
          },
        });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          done,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`reading ${this.deadLetterTopic} took over ${READ_TIMEOUT_MS / 1000} s`)),
              READ_TIMEOUT_MS,
            );
          }),
        ]).finally(() => clearTimeout(timer));
      } finally {
        await consumer.disconnect();
        await admin.deleteGroups([groupId]).catch(() => undefined);
      }
    } finally {
      await admin.disconnect();
    }
    letters.sort((a, b) => a.record.deadLetteredAt.localeCompare(b.record.deadLetteredAt));
    return { letters, replays };
  }
}

/** Dead letters written before the key was kept as sent hold it JSON-quoted. */
function sentKey(key: string | null): string | null {
  if (key === null || !/^".*"$/.test(key)) return key;
  try {
    return JSON.parse(key) as string;
  } catch {
    return key;
  }
}

function parse(text: string | undefined): DeadLetterRecord | ReplayMarker | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<DeadLetterRecord & ReplayMarker>;
    if (typeof value.replayOf === 'string') return value as ReplayMarker;
    if (typeof value.originalTopic === 'string' && typeof value.deadLetteredAt === 'string') return value as DeadLetterRecord;
  } catch {
    // not ours: skipped
  }
  return undefined;
}

// Dead letters from the command line (`npm run dead-letters -- <command>`); docs/operations/runbooks.md
// says when to use it. It needs only KAFKA_BROKERS (as `npm start` prints it, or the cluster's), and
// KAFKA_TOPIC_PREFIX when the installation has one.
//   list               every dead letter on insyn.dead-letter.v1: id, when, topic, consumer, reason, replays
//   show <id>          one, without personal data: the envelope's metadata and field names, never values
//   replay <id>        publish it again to its topic once the cause is fixed; the consumer that gave up on it
//                      handles it again, every other consumer skips it by its inbox (a second replay too)
// Exit codes: 0 done, 1 no such dead letter, 2 usage or the broker could not be read.
import { scrubPersonalData } from '@insyn/observability';
import { Kafka, logLevel } from 'kafkajs';
import type { DeadLetterRecord } from './dead-letter.js';
import { DeadLetterNotFound, DeadLetterStore, type StoredDeadLetter } from './dead-letter-store.js';
import { kafkaClientConfig, kafkaConnection } from './kafka-connection.js';
import { TOPIC_PREFIX_PATTERN, TopicNames } from './topic-names.js';

const USAGE = 'usage: npm run dead-letters -- list | show <id> | replay <id>   (KAFKA_BROKERS=host:port[,host:port])';

/** What `show` prints: the dead letter without the message's values (a dead letter may hold personal data). */
export function describeDeadLetter(letter: StoredDeadLetter): Record<string, unknown> {
  const { value, key: _key, error, violations, ...meta } = letter.record;
  return {
    id: letter.id,
    ...meta,
    error: scrubPersonalData(error),
    ...(violations
      ? { violations: violations.map((v) => ({ field: v.field, messages: v.messages.map((m) => scrubPersonalData(m)) })) }
      : {}),
    replays: letter.replays,
    message: envelopeOutline(value),
  };
}

function envelopeOutline(value: DeadLetterRecord['value']): Record<string, unknown> {
  if (value === null) return { present: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { present: true, json: false, bytes: Buffer.byteLength(value) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { present: true, json: true, envelope: false };
  const e = parsed as Record<string, unknown>;
  const text = (k: string) => (typeof e[k] === 'string' ? e[k] : undefined);
  return {
    present: true,
    bytes: Buffer.byteLength(value),
    type: text('type'),
    source: text('source'),
    occurredAt: text('occurredAt'),
    correlationId: text('correlationId'),
    hasSubjectKey: typeof e.subjectKey === 'string',
    dataFields: typeof e.data === 'object' && e.data !== null ? Object.keys(e.data).sort() : [],
  };
}

function listLine(l: StoredDeadLetter): string {
  const r = l.record;
  return [
    l.id,
    r.deadLetteredAt,
    r.originalTopic,
    r.consumer,
    r.reason,
    `attempts=${r.attempts}`,
    `replays=${l.replays}`,
    r.eventId ?? '-',
  ].join('\t');
}

/** Runs one command; returns the exit code. */
export async function deadLetterCommand(argv: readonly string[]): Promise<number> {
  const [command, id] = argv;
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers || !command || (command !== 'list' && !id) || !['list', 'show', 'replay'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const prefix = process.env.KAFKA_TOPIC_PREFIX;
  if (prefix !== undefined && !TOPIC_PREFIX_PATTERN.test(prefix)) {
    process.stderr.write('KAFKA_TOPIC_PREFIX must be 1-100 of A-Z a-z 0-9 . _ -\n');
    return 2;
  }
  let kafka: Kafka;
  try {
    // Connected as the apps are: KAFKA_BROKERS with KAFKA_SSL* and KAFKA_SASL*.
    kafka = new Kafka({ ...kafkaClientConfig(kafkaConnection(process.env), 'insyn-dead-letters-cli'), logLevel: logLevel.NOTHING });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const store = new DeadLetterStore(kafka, undefined, TopicNames.fromEnv());
  try {
    if (command === 'list') {
      const letters = await store.list();
      process.stdout.write(`id\tdeadLetteredAt\ttopic\tconsumer\treason\tattempts\treplays\teventId\n`);
      for (const l of letters) process.stdout.write(`${listLine(l)}\n`);
      process.stderr.write(`${letters.length} dead letter(s)\n`);
    } else if (command === 'show') {
      process.stdout.write(`${JSON.stringify(describeDeadLetter(await store.find(id!)), null, 2)}\n`);
    } else {
      const result = await store.replay(id!);
      process.stdout.write(
        `replayed ${result.id} (event ${result.eventId ?? '-'}) to ${result.topic} partition ${result.partition} offset ${result.offset}\n`,
      );
    }
    return 0;
  } catch (err) {
    process.stderr.write(`${scrubPersonalData((err as Error).message)}\n`);
    return err instanceof DeadLetterNotFound ? 1 : 2;
  }
}

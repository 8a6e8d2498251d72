import { Topics } from '@insyn/contracts';
import { type InsynKafkaServer, TopicNames } from '@insyn/messaging';
import type { Admin } from 'kafkajs';
import { testKafka } from './test-kafka.js';

type TopicEnds = Map<string, { partition: number; offset: string }[]>;

let mark: Promise<TopicEnds> | undefined;

async function withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
  const kafka = testKafka('test-history');
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Notes, once per test file, where every Insyn topic on the shared broker ends: the events before
 * that mark belong to test files that ran earlier. Taken when the file first publishes an event
 * (publishEvent) or starts an app (createTestApp), whichever comes first, and awaited there: a file
 * that does neither leaves nothing running after it ends. A broker without the topics yet has no
 * history, and a mark that cannot be taken is empty: the apps then start at the beginning, as before.
 */
export function markKafkaHistory(): Promise<TopicEnds> {
  mark ??= withAdmin(async (admin) => {
    const existing = new Set(await admin.listTopics());
    const ends: TopicEnds = new Map();
    // By their names on the broker, as the consumer's assignment names them.
    const names = TopicNames.fromEnv();
    for (const topic of Object.values(Topics)
      .map((t) => names.onBroker(t))
      .filter((t) => existing.has(t)))
      ends.set(
        topic,
        (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high })),
      );
    return ends;
  }).catch(() => new Map());
  return mark;
}

/**
 * Starts a new consumer group at the file's history mark instead of at the beginning of every topic.
 * An app of this file then handles what this file publishes (also before the app started), never the
 * purge requests, rights requests and closed conversations that earlier files left on the broker:
 * handling those would act on another file's units, and replaying the whole broker's history would
 * make every app start slower than the one before. A group that has members or committed offsets (a
 * second instance, a restarted app) is left as it is, as are topics created after the mark.
 */
export async function startGroupAtHistoryMark(server: InsynKafkaServer): Promise<void> {
  const ends = await markKafkaHistory();
  if (!ends.size) return;
  const isNew = await withAdmin(async (admin) => {
    const { groups } = await admin.describeGroups([server.groupIdentity]);
    if (groups.some((g) => g.members.length > 0)) return false;
    const committed = await admin.fetchOffsets({ groupId: server.groupIdentity, topics: [...ends.keys()] });
    return committed.every((t) => t.partitions.every((p) => p.offset === '-1'));
  });
  if (isNew) server.startNewGroupAt(ends);
}

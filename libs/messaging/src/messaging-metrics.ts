import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Sample, sampledGauge } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { KafkaClient } from './kafka-client.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { OutboxRelay } from './outbox-relay.js';

const consumerLag = sampledGauge({
  name: 'insyn_kafka_consumer_lag',
  help: 'Messages not yet consumed by the group: the partition end minus the committed offset (read at most every 15 s)',
  labelNames: ['group', 'topic', 'partition'],
});
const outboxWaiting = sampledGauge({
  name: 'insyn_outbox_waiting_aggregates',
  help: 'Documents with events this instance has not yet published through its outbox relay, by collection (the scrape target names the service and instance)',
  labelNames: ['collection'],
});
const outboxOldest = sampledGauge({
  name: 'insyn_outbox_oldest_waiting_seconds',
  help: "Age of the oldest document waiting for this instance's outbox relay (0 when none waits), by collection",
  labelNames: ['collection'],
});

/** The group's committed offsets against each partition's end; a partition never committed counts from its start. */
export function lagSamples(
  group: string,
  committed: readonly { topic: string; partitions: readonly { partition: number; offset: string }[] }[],
  ends: ReadonlyMap<string, readonly { partition: number; high: string; low: string }[]>,
): Sample[] {
  const samples: Sample[] = [];
  for (const { topic, partitions } of committed) {
    const byPartition = new Map((ends.get(topic) ?? []).map((p) => [p.partition, p]));
    for (const { partition, offset } of partitions) {
      const end = byPartition.get(partition);
      if (!end) continue;
      const at = Number(offset) >= 0 ? Number(offset) : Number(end.low);
      samples.push({ labels: { group, topic, partition: String(partition) }, value: Math.max(0, Number(end.high) - at) });
    }
  }
  return samples;
}

/**
 * What an operator alerts on in every app's messaging, read when Prometheus scrapes (cached 15 s): the
 * consumer group's lag per topic and partition (two admin requests per topic), and the outbox backlog
 * from the relay's marks in memory (per instance: Prometheus sums and maxes over instances; ADR 0028).
 */
@Injectable()
export class MessagingMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly removers: (() => void)[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
    private readonly kafka: KafkaClient,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.removers.push(consumerLag.add(() => this.lag()));
    if (this.options.outboxCollections.length > 0) {
      this.removers.push(
        outboxWaiting.add(() => Promise.resolve(this.backlog().waiting)),
        outboxOldest.add(() => Promise.resolve(this.backlog().oldest)),
      );
    }
  }

  onApplicationShutdown(): void {
    for (const remove of this.removers.splice(0)) remove();
  }

  async lag(): Promise<Sample[]> {
    const admin = await this.kafka.admin();
    const committed = await admin.fetchOffsets({ groupId: this.options.groupId });
    const ends = new Map<string, Awaited<ReturnType<typeof admin.fetchTopicOffsets>>>();
    for (const { topic } of committed) ends.set(topic, await admin.fetchTopicOffsets(topic));
    // Labelled with the Insyn topic, as every other metric is (without KAFKA_TOPIC_PREFIX).
    return lagSamples(this.options.groupId, committed, ends).map((s) => ({
      ...s,
      labels: { ...s.labels, topic: this.kafka.topics.inInsyn(s.labels.topic ?? '') },
    }));
  }

  private backlog(): { waiting: Sample[]; oldest: Sample[] } {
    const now = this.clock.now().getTime();
    const waiting: Sample[] = [];
    const oldest: Sample[] = [];
    for (const [collection, { waiting: count, oldestSince }] of this.relay.backlog()) {
      const labels = { collection };
      waiting.push({ labels, value: count });
      oldest.push({ labels, value: oldestSince === undefined ? 0 : Math.max(0, (now - oldestSince) / 1000) });
    }
    return { waiting, oldest };
  }
}

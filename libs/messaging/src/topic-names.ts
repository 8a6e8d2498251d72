/**
 * Insyn's topics as the broker names them. Inside Insyn a topic is its event type (`notice.published.v1`):
 * contracts, handlers, outbox entries, dead-letter records and metrics use that name. On the broker each
 * carries the installation's KAFKA_TOPIC_PREFIX (`umea-test.notice.published.v1`), so that several
 * installations (a test and a production system, two municipalities) can share one Kafka cluster without
 * hearing each other's events, answering each other's requests or mixing their dead letters (ADR 0026).
 * The prefix is added where a client meets the broker (subscribe, send, create, read the dead letters)
 * and removed from what a consumer receives, nowhere else. Without a prefix the names are the same.
 */
export class TopicNames {
  constructor(readonly prefix = '') {}

  /** From KAFKA_TOPIC_PREFIX (already validated by the app's config; the CLI and tests read it here). */
  static fromEnv(env: Record<string, string | undefined> = process.env): TopicNames {
    return new TopicNames(env.KAFKA_TOPIC_PREFIX ?? '');
  }

  /** The broker's name of an Insyn topic. */
  onBroker(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  /** The Insyn topic of a broker topic: the prefix removed (a name without it is returned as it is). */
  inInsyn(brokerTopic: string): string {
    return this.prefix && brokerTopic.startsWith(this.prefix) ? brokerTopic.slice(this.prefix.length) : brokerTopic;
  }
}

/** What KAFKA_TOPIC_PREFIX may hold: Kafka's topic characters, short enough to leave room for the longest topic. */
export const TOPIC_PREFIX_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Clock } from '@insyn/platform';

export type InboxOutcome = 'handled' | 'dead-lettered';

interface InboxDoc {
  _id: string;
  consumer: string;
  eventId: string;
  topic: string;
  outcome: InboxOutcome;
  at: Date;
}

/**
 * The events each consumer has finished with, by event id, in the service's own database: a
 * redelivered event is recognised and skipped. See ADR 0004 for what "handled once" means here.
 */
@Injectable()
export class Inbox {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly clock: Clock,
  ) {}

  private get collection() {
    return this.connection.collection<InboxDoc>('inbox');
  }

  async seen(consumer: string, eventId: string): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: `${consumer}:${eventId}` }, { limit: 1 })) > 0;
  }

  async record(consumer: string, eventId: string, topic: string, outcome: InboxOutcome): Promise<void> {
    const _id = `${consumer}:${eventId}`;
    await this.collection.updateOne(
      { _id },
      { $setOnInsert: { _id, consumer, eventId, topic, outcome, at: this.clock.now() } },
      { upsert: true },
    );
  }
}

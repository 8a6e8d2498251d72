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

  /** What the consumer did with the event, if it has finished with it. */
  async outcome(consumer: string, eventId: string): Promise<InboxOutcome | undefined> {
    const doc = await this.collection.findOne({ _id: `${consumer}:${eventId}` }, { projection: { outcome: 1 } });
    return doc?.outcome;
  }

  /**
   * Records the outcome. `handled` is final and replaces a `dead-lettered` one (a replayed dead letter that
   * now succeeds, see `npm run dead-letters`); a `dead-lettered` outcome never replaces anything.
   */
  async record(consumer: string, eventId: string, topic: string, outcome: InboxOutcome): Promise<void> {
    const _id = `${consumer}:${eventId}`;
    const fields = { consumer, eventId, topic, outcome, at: this.clock.now() };
    await this.collection.updateOne({ _id }, outcome === 'handled' ? { $set: fields } : { $setOnInsert: { _id, ...fields } }, {
      upsert: true,
    });
  }
}

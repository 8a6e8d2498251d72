// A minimal service for the messaging tests: a "ledger" whose entries announce themselves through
// the outbox, and a consumer whose effect (a running total per account) must happen once per event.
import { Controller, Injectable, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { InjectConnection } from '@nestjs/mongoose';
import { Public } from '@insyn/auth';
import { defineEvent, envelopeOf } from '@insyn/contracts';
import { EventFactory, OnEvent, OutboxRelay, type OutboxEntry } from '@insyn/messaging';
import { ServiceEnv, ServiceKitModule } from '@insyn/service-kit';
import { IsInt, IsString, Max, Min } from 'class-validator';
import type { Connection } from 'mongoose';

export function ledgerFixture(topicSuffix: string, opts: { relay: boolean }) {
  class EntryPosted {
    @IsString()
    accountId!: string;

    @IsInt()
    @Min(1)
    @Max(1_000_000)
    amount!: number;
  }
  class EntryPostedEnvelope extends envelopeOf(EntryPosted) {}
  const EntryPostedEvent = defineEvent({
    type: `test.ledger${topicSuffix}.entry-posted.v1`,
    data: EntryPosted,
    envelope: EntryPostedEnvelope,
    key: (d) => d.accountId,
  });

  @Injectable()
  class Ledger {
    constructor(
      @InjectConnection() private readonly connection: Connection,
      private readonly events: EventFactory,
      private readonly relay: OutboxRelay,
    ) {}

    /**
     * The state change and its event in one atomic document write; `mark: false` dies before marking it.
     * `handOver` writes as most producers do: the update returns the outbox as it left it, and the relay
     * gets it with the mark, so that it sends without reading the document.
     */
    async post(accountId: string, amount: number, opts: { mark: boolean; handOver?: boolean } = { mark: true }): Promise<OutboxEntry> {
      const entry = this.events.outboxEntry(EntryPostedEvent, { accountId, amount });
      const accounts = this.connection.collection<{ _id: string; balance: number; outbox: OutboxEntry[] }>('accounts');
      const update = { $inc: { balance: amount }, $push: { outbox: entry } };
      if (opts.handOver) {
        const after = await accounts.findOneAndUpdate({ _id: accountId }, update, {
          upsert: true,
          returnDocument: 'after',
          projection: { outbox: 1 },
        });
        if (opts.mark) await this.relay.enqueued('accounts', accountId, after!.outbox);
        return entry;
      }
      await accounts.updateOne({ _id: accountId }, update, { upsert: true });
      if (opts.mark) await this.relay.enqueued('accounts', accountId);
      return entry;
    }
  }

  @Controller()
  class TotalsConsumer {
    calls = 0;
    failNext = 0;
    constructor(@InjectConnection() private readonly connection: Connection) {}

    @OnEvent(EntryPostedEvent)
    async onEntryPosted(@Payload() event: EntryPostedEnvelope): Promise<void> {
      this.calls++;
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error('transient failure');
      }
      await this.connection
        .collection<{ _id: string; total: number; events: string[] }>('totals')
        .updateOne({ _id: event.data.accountId }, { $inc: { total: event.data.amount }, $push: { events: event.id } }, { upsert: true });
    }
  }

  @Controller('ping')
  class PingController {
    @Public()
    ping() {
      return 'pong';
    }
  }

  @Module({
    imports: [
      ServiceKitModule.forRoot({
        service: 'ledger-test',
        env: ServiceEnv,
        events: [EntryPostedEvent],
        outboxCollections: opts.relay ? ['accounts'] : [],
      }),
    ],
    controllers: [TotalsConsumer, PingController],
    providers: [Ledger],
  })
  class LedgerModule {}

  return { LedgerModule, Ledger, TotalsConsumer, EntryPostedEvent, topic: EntryPostedEvent.type };
}

export const ledgerDescription = { service: 'ledger-test', title: 'Ledger test', description: 'fixture', defaultPort: 0, consumes: true };

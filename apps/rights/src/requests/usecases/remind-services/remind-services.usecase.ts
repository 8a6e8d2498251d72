import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type PartEncryptionKey, RightsRequestOpenedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import type { RightsEnv } from '../../../config/rights-env.js';
import { RightsKeys } from '../../../keys/rights-keys.js';
import { requestOpened } from '../../domain/request.events.js';
import { missingParts } from '../../domain/request.model.js';
import { REQUESTS_COLLECTION } from '../../persistence/request.schema.js';
import { RequestsRepository } from '../../persistence/requests.repository.js';

const BATCH = 200;

/**
 * Asks again where parts stay missing: an open request whose parts are not all in, silent for
 * RIGHTS_REASK_AFTER_MS since it was last asked, gets its rights.request.opened.v1 once more (a new
 * event id, the same request id: services answer a request once, so one that already answered sends
 * nothing new and one that lost the request answers now). A reminder does not move the request's revision,
 * so an official deciding meanwhile is not refused. Returns how many were asked.
 */
@Injectable()
export class RemindServicesUseCase {
  private readonly logger = new Logger(RemindServicesUseCase.name);
  private readonly after: number;

  constructor(
    private readonly requests: RequestsRepository,
    private readonly keys: RightsKeys,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    config: ConfigService<RightsEnv, true>,
  ) {
    this.after = config.get('RIGHTS_REASK_AFTER_MS', { infer: true });
  }

  async execute(): Promise<number> {
    const now = this.clock.now();
    const silent = await this.requests.listOpenAskedBefore(new Date(now.getTime() - this.after), BATCH);
    let asked = 0;
    for (const request of silent) {
      const missing = missingParts(request);
      // Every part is in (record-part marks it so; this mends a crash between its two writes): out of the next scans.
      if (missing.length === 0) {
        await this.requests.markPartsComplete(request.id);
        continue;
      }
      const event = this.events.outboxEntry(
        RightsRequestOpenedV1Event,
        requestOpened(request, this.keys.encryptionJwk() as PartEncryptionKey),
        {
          subjectKey: request.subjectKey,
        },
      );
      const outbox = await this.requests.markAsked(request.id, request.lastAskedAt, now, event);
      if (!outbox) continue; // another instance reminded, or closed
      await this.relay.enqueued(REQUESTS_COLLECTION, request.id, outbox);
      this.logger.log(`request ${request.id}: asked ${missing.join(', ')} again (reminder ${request.askCount})`);
      asked++;
    }
    return asked;
  }
}

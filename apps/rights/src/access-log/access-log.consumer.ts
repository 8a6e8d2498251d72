import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AuditAccessedV1Envelope, AuditAccessedV1Event, PurgeRequestedV1Envelope, PurgeRequestedV1Event } from '@insyn/contracts';
import { OnEvent, PermanentEventError } from '@insyn/messaging';
import { RIGHTS_SERVICE } from './domain/access-log-purge.js';
import { PurgeAccessLog } from './usecases/purge-access-log/purge-access-log.usecase.js';
import { UnitNames } from './unit-names.js';
import { RecordAccess } from './usecases/record-access/record-access.usecase.js';

/**
 * audit.accessed.v1 (from every service that holds personal data) → an entry in the person's log;
 * retention.purge.requested.v1 for the rights service → gallring of the log. Contract checks, the inbox
 * by event id, retries and dead-lettering come with @OnEvent.
 */
@Controller()
export class AccessLogConsumer {
  private readonly logger = new Logger(AccessLogConsumer.name);

  constructor(
    private readonly record: RecordAccess,
    private readonly purge: PurgeAccessLog,
    private readonly units: UnitNames,
  ) {}

  @OnEvent(AuditAccessedV1Event)
  async onAccessed(@Payload() event: AuditAccessedV1Envelope): Promise<void> {
    // Two different people in one event is a producer bug no retry mends (the message names neither key).
    if (event.subjectKey !== undefined && event.subjectKey !== event.data.subjectKey)
      throw new PermanentEventError('the envelope’s subjectKey differs from data.subjectKey');
    await this.record.execute(event.data, event.source);
  }

  @OnEvent(PurgeRequestedV1Event)
  async onPurgeRequested(@Payload() event: PurgeRequestedV1Envelope): Promise<void> {
    // The topic is shared by every service that owns data; each takes only its own requests.
    if (event.data.selection.service !== RIGHTS_SERVICE) return;
    // Another installation of the service may keep the unit's log (one per group of units on a shared
    // broker, as with messages): the request is its to answer.
    const { unit } = event.data.selection;
    if (!this.units.holds(unit)) {
      this.logger.warn(`purge ${event.data.requestId}: the unit ${unit} is not kept here; left to the installation that keeps it`);
      return;
    }
    await this.purge.execute(event.data);
  }
}

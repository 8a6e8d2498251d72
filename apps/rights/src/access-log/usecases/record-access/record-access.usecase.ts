import { Injectable } from '@nestjs/common';
import type { AuditAccessedV1 } from '@insyn/contracts';
import { Clock } from '@insyn/platform';
import { accessEntriesRecorded } from '../../access-log.metrics.js';
import { retentionUnitOf } from '../../domain/access-entry.js';
import { AccessLogRepository } from '../../persistence/access-log.repository.js';
import { UnitNames } from '../../unit-names.js';

/**
 * Records one reported read in the person's log, once per access id: a redelivered event, or the same read
 * published again under another event id, stores nothing new. Events may come in any order; the log is
 * read sorted by when the read happened, not when it was reported.
 */
@Injectable()
export class RecordAccess {
  constructor(
    private readonly log: AccessLogRepository,
    private readonly units: UnitNames,
    private readonly clock: Clock,
  ) {}

  async execute(event: AuditAccessedV1, source: string): Promise<'recorded' | 'duplicate'> {
    const accessor = {
      kind: event.accessor.kind,
      id: event.accessor.id,
      ...(event.accessor.role !== undefined ? { role: event.accessor.role } : {}),
      ...(event.accessor.unit !== undefined ? { unit: event.accessor.unit } : {}),
    };
    const stored = await this.log.record({
      accessId: event.accessId,
      subjectKey: event.subjectKey,
      accessor,
      resource: { type: event.resource.type, id: event.resource.id, conversationId: event.resource.conversationId },
      action: event.action,
      purpose: event.purpose,
      accessedAt: new Date(event.accessedAt),
      source,
      unit: retentionUnitOf(accessor, this.units.logUnit),
      recordedAt: this.clock.now(),
    });
    const outcome = stored ? 'recorded' : 'duplicate';
    accessEntriesRecorded().inc({ outcome });
    return outcome;
  }
}

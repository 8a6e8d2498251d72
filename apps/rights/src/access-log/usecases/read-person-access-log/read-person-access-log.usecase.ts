import { ForbiddenException, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Clock, IdGenerator } from '@insyn/platform';
import { accessLogReads } from '../../access-log.metrics.js';
import {
  type AccessEntry,
  LOG_READER_ROLES,
  type LogPageQuery,
  type OfficialEntryView,
  officialView,
  pageOf,
  readerRoleOf,
  retentionUnitOf,
} from '../../domain/access-entry.js';
import { AccessLogRepository } from '../../persistence/access-log.repository.js';
import { UnitNames } from '../../unit-names.js';

/**
 * An official of the rights function (a rights handler answering her request, or the data-protection
 * officer) reads a person's log by her subject key. The read is itself an entry in her log — the official's
 * kind, role and unit, resource `access-log` — stored before anything is returned: a read that cannot be
 * logged returns nothing.
 */
@Injectable()
export class ReadPersonAccessLog {
  private readonly logger = new Logger(ReadPersonAccessLog.name);

  constructor(
    private readonly log: AccessLogRepository,
    private readonly units: UnitNames,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(
    subjectKey: string,
    official: Principal,
    query: LogPageQuery,
  ): Promise<{ entries: OfficialEntryView[]; nextCursor?: string }> {
    const role = official.kind === 'official' ? readerRoleOf(official.roles) : undefined;
    if (!role) throw new ForbiddenException('Only an official with the role rights-handler or dpo reads a person’s access log.');
    const page = pageOf(await this.log.page(subjectKey, query), query.limit);
    const now = this.clock.now();
    const accessor: AccessEntry['accessor'] = {
      kind: 'official',
      id: official.subject,
      role,
      ...(official.unit !== undefined ? { unit: official.unit } : {}),
    };
    await this.log.record({
      accessId: this.ids.next(),
      subjectKey,
      accessor,
      resource: { type: 'access-log' },
      action: 'read',
      purpose: LOG_READER_ROLES[role],
      accessedAt: now,
      source: 'rights',
      unit: retentionUnitOf(accessor, this.units.logUnit),
      recordedAt: now,
    });
    accessLogReads().inc({ reader: 'official', role });
    this.logger.log(`access log read by an official (${role}, ${official.unit ?? 'no unit'}): ${page.entries.length} entries`);
    return {
      entries: page.entries.map((e) => officialView(e, (u) => this.units.nameOf(u))),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}

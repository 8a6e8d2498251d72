import { Injectable } from '@nestjs/common';
import { type Principal, subjectKeysOf } from '@insyn/auth';
import { accessLogReads } from '../../access-log.metrics.js';
import { type CitizenEntryView, citizenView, type LogPageQuery, pageOf } from '../../domain/access-entry.js';
import { AccessLogRepository } from '../../persistence/access-log.repository.js';
import { UnitNames } from '../../unit-names.js';

/**
 * The citizen's loggutdrag: who read her data (role and unit, a system by its client id; never an
 * official's identity), what, when and why, newest first. Her own entries only: the subject key is the
 * token's, never a parameter.
 */
@Injectable()
export class ListOwnAccessLog {
  constructor(
    private readonly log: AccessLogRepository,
    private readonly units: UnitNames,
  ) {}

  async execute(citizen: Principal, query: LogPageQuery): Promise<{ entries: CitizenEntryView[]; nextCursor?: string }> {
    if (citizen.kind !== 'citizen') throw new Error('ListOwnAccessLog: only a citizen has an own access log here');
    const page = pageOf(await this.log.page(subjectKeysOf(citizen), query), query.limit);
    accessLogReads().inc({ reader: 'citizen', role: 'citizen' });
    return {
      entries: page.entries.map((e) => citizenView(e, (u) => this.units.nameOf(u))),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@insyn/platform';
import type { RightsEnv } from '../../../config/rights-env.js';
import type { DataSubjectRequest } from '../../domain/request.model.js';
import { RequestsRepository } from '../../persistence/requests.repository.js';

const BATCH = 200;
const DAY_MS = 86_400_000;

/**
 * Deals with a closed request's sealed parts (the person's data, kept only to answer her): a withdrawn
 * request's are deleted at once; an answered request's get its `reportAvailableUntil` as their expiry, and
 * the sweep deletes them then (RequestsScheduler, every tick; the MongoDB-protocol server has no TTL
 * indexes). Each step is idempotent and the request is marked settled last, so a crash
 * between the close and this is mended by the next sweep (RequestsScheduler).
 */
@Injectable()
export class SettlePartsUseCase {
  private readonly logger = new Logger(SettlePartsUseCase.name);

  private readonly keepMs: number;

  constructor(
    private readonly requests: RequestsRepository,
    private readonly clock: Clock,
    config: ConfigService<RightsEnv, true>,
  ) {
    this.keepMs = config.get('RIGHTS_REPORT_KEEP_DAYS', { infer: true }) * DAY_MS;
  }

  async settle(request: DataSubjectRequest): Promise<void> {
    if (request.status === 'open') return;
    if (request.status === 'withdrawn') {
      await this.requests.deletePartRecords(request.id);
      await this.requests.markPartsSettled(request.id);
      return;
    }
    // A request answered before reportAvailableUntil existed gets it from its answer now (and shows it).
    const until = request.reportAvailableUntil ?? new Date((request.closedAt ?? this.clock.now()).getTime() + this.keepMs);
    await this.requests.expirePartRecords(request.id, until);
    await this.requests.markPartsSettled(request.id, request.reportAvailableUntil ? undefined : until);
  }

  /** Settles the closed requests a crash left unsettled, and deletes the parts past their expiry. */
  async sweep(): Promise<{ settled: number; deleted: number }> {
    const unsettled = await this.requests.listUnsettled(BATCH);
    for (const request of unsettled) await this.settle(request);
    if (unsettled.length) this.logger.log(`settled the parts of ${unsettled.length} closed request(s)`);
    const deleted = await this.requests.deleteExpiredPartRecords(this.clock.now());
    if (deleted) this.logger.log(`deleted ${deleted} request part(s) past their download window`);
    return { settled: unsettled.length, deleted };
  }
}

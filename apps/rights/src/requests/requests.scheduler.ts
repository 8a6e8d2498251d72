import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RightsEnv } from '../config/rights-env.js';
import { RemindServicesUseCase } from './usecases/remind-services/remind-services.usecase.js';
import { SettlePartsUseCase } from './usecases/settle-parts/settle-parts.usecase.js';

/**
 * Every RIGHTS_TICK_MS, asks the services again for parts that stay missing, and settles the parts of
 * closed requests a crash left behind. Safe on every instance:
 * each reminder is a conditional write on the request's lastAskedAt, so two instances never both send one.
 */
@Injectable()
export class RequestsScheduler implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RequestsScheduler.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly remind: RemindServicesUseCase,
    private readonly parts: SettlePartsUseCase,
    private readonly config: ConfigService<RightsEnv, true>,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), this.config.get('RIGHTS_TICK_MS', { infer: true }));
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.remind.execute();
      await this.parts.sweep();
    } catch (err) {
      this.logger.error(`reminders or settling parts failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

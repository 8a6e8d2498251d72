import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RetentionEnv } from '../config/retention-env.js';

/** The runs' settings, read once at boot. */
@Injectable()
export class RunsConfig {
  readonly schedulerOn: boolean;
  readonly tickMs: number;
  readonly chunkSize: number;
  readonly chunkTimeoutMs: number;
  readonly leaseMs: number;
  /** This instance's name on the leases it holds: INSTANCE_ID (the pod's name), the host, and a random part. */
  readonly instanceId: string;

  constructor(config: ConfigService<RetentionEnv, true>) {
    this.instanceId = `${config.get('INSTANCE_ID', { infer: true })}@${hostname()}-${randomBytes(3).toString('hex')}`;
    this.schedulerOn = config.get('RETENTION_SCHEDULER', { infer: true }) === 'on';
    this.tickMs = config.get('RETENTION_TICK_MS', { infer: true });
    this.chunkSize = config.get('RETENTION_CHUNK_SIZE', { infer: true });
    this.chunkTimeoutMs = config.get('RETENTION_CHUNK_TIMEOUT_MS', { infer: true });
    this.leaseMs = Math.max(config.get('RETENTION_LEASE_MS', { infer: true }), 2 * this.tickMs);
  }
}

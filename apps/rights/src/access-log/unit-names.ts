import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RightsEnv } from '../config/rights-env.js';

/** The units' display names (RIGHTS_UNITS) and the unit the log's own entries are gallrade under (RIGHTS_ACCESS_LOG_UNIT). */
@Injectable()
export class UnitNames {
  private readonly names: Map<string, string>;
  readonly logUnit: string;

  constructor(config: ConfigService<RightsEnv, true>) {
    const raw = JSON.parse(config.get('RIGHTS_UNITS', { infer: true })) as Record<string, { name?: unknown }>;
    this.names = new Map(
      Object.entries(raw).map(([id, u]) => {
        if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(id) || typeof u.name !== 'string')
          throw new Error(`RIGHTS_UNITS: ${id} needs a lower-case id and a "name"`);
        return [id, u.name];
      }),
    );
    this.logUnit = config.get('RIGHTS_ACCESS_LOG_UNIT', { infer: true });
  }

  /** Whether this installation keeps the unit's log: a unit of RIGHTS_UNITS, or the log's own unit. */
  holds(unit: string): boolean {
    return unit === this.logUnit || this.names.has(unit);
  }

  /** The unit's name, when the configuration knows the unit. */
  nameOf(unit: string): string | undefined {
    return this.names.get(unit);
  }
}

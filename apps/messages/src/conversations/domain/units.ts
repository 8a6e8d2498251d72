import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { MessagesEnv } from '../../config/messages-env.js';

export interface Unit {
  id: string;
  name: string;
  /** Whether a citizen may start a conversation with the unit herself (`"acceptsCitizens": true`); otherwise only the unit opens them. */
  acceptsCitizens: boolean;
}

/**
 * The units of MESSAGES_UNITS, `{"<id>": {"name": "...", "acceptsCitizens": true}}`. `acceptsCitizens` is
 * false when left out: a unit takes conversations from citizens only when the municipality has decided it
 * has the staff to answer them.
 */
export function parseUnits(json: string): Map<string, Unit> {
  const raw = JSON.parse(json) as Record<string, { name?: unknown; acceptsCitizens?: unknown }>;
  return new Map(
    Object.entries(raw).map(([id, u]) => {
      if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(id) || typeof u.name !== 'string')
        throw new Error(`MESSAGES_UNITS: ${id} needs a lower-case id and a "name"`);
      if (u.acceptsCitizens !== undefined && typeof u.acceptsCitizens !== 'boolean')
        throw new Error(`MESSAGES_UNITS: ${id}'s "acceptsCitizens" must be true or false`);
      return [id, { id, name: u.name, acceptsCitizens: u.acceptsCitizens === true }];
    }),
  );
}

/** The units that may hold conversations (MESSAGES_UNITS). */
@Injectable()
export class Units {
  private readonly byId: Map<string, Unit>;

  constructor(config: ConfigService<MessagesEnv, true>) {
    this.byId = parseUnits(config.get('MESSAGES_UNITS', { infer: true }));
  }

  get(id: string | undefined): Unit | undefined {
    return id ? this.byId.get(id) : undefined;
  }

  names(): string[] {
    return [...this.byId.values()].map((u) => u.name);
  }

  /** Every unit, in the order configured. */
  all(): Unit[] {
    return [...this.byId.values()];
  }
}

import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { MessagesEnv } from '../../config/messages-env.js';

export interface Unit {
  id: string;
  name: string;
}

/** The units that may hold conversations (MESSAGES_UNITS). */
@Injectable()
export class Units {
  private readonly byId: Map<string, Unit>;

  constructor(config: ConfigService<MessagesEnv, true>) {
    const raw = JSON.parse(config.get('MESSAGES_UNITS', { infer: true })) as Record<string, { name?: unknown }>;
    this.byId = new Map(
      Object.entries(raw).map(([id, u]) => {
        if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(id) || typeof u.name !== 'string')
          throw new Error(`MESSAGES_UNITS: ${id} needs a lower-case id and a "name"`);
        return [id, { id, name: u.name }];
      }),
    );
  }

  get(id: string | undefined): Unit | undefined {
    return id ? this.byId.get(id) : undefined;
  }

  names(): string[] {
    return [...this.byId.values()].map((u) => u.name);
  }
}

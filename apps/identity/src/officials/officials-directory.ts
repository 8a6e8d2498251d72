import fs from 'node:fs';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IdentityEnv } from '../config/identity-env.js';

export interface OfficialAssignment {
  unit: string;
  roles: string[];
}

/**
 * Officials' units and roles, keyed by HSA-id, from configuration (OFFICIALS: JSON or a file path).
 * The IdP proves who someone is; what they may do here is the municipality's decision, kept here.
 */
@Injectable()
export class OfficialsDirectory {
  private readonly byHsaId: Map<string, OfficialAssignment>;

  constructor(config: ConfigService<IdentityEnv, true>) {
    this.byHsaId = parseOfficials(config.get('OFFICIALS', { infer: true }));
  }

  find(hsaId: string): OfficialAssignment | undefined {
    return this.byHsaId.get(hsaId);
  }
}

export function parseOfficials(raw: string | undefined): Map<string, OfficialAssignment> {
  if (!raw) return new Map();
  const text = raw.trim().startsWith('{') ? raw : fs.readFileSync(raw, 'utf8');
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const map = new Map<string, OfficialAssignment>();
  for (const [hsaId, value] of Object.entries(parsed)) {
    const v = value as Partial<OfficialAssignment>;
    if (typeof v.unit !== 'string' || !Array.isArray(v.roles) || !v.roles.every((r) => typeof r === 'string'))
      throw new Error(`OFFICIALS: ${hsaId} needs {"unit": string, "roles": string[]}`);
    map.set(hsaId, { unit: v.unit, roles: v.roles });
  }
  return map;
}

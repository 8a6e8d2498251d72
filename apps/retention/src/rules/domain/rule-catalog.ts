import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RetentionEnv } from '../../config/retention-env.js';
import type { RuleCatalog } from './rule.validation.js';

/** The units (RETENTION_UNITS) and information types (RETENTION_INFORMATION_TYPES) rules may govern. */
@Injectable()
export class ConfiguredRuleCatalog implements RuleCatalog {
  private readonly unitIds: string[];
  private readonly typeIds: string[];
  private readonly owners: ReadonlyMap<string, string>;

  constructor(config: ConfigService<RetentionEnv, true>) {
    this.unitIds = Object.keys(parseObject('RETENTION_UNITS', config.get('RETENTION_UNITS', { infer: true }))).sort();
    const types = parseObject('RETENTION_INFORMATION_TYPES', config.get('RETENTION_INFORMATION_TYPES', { infer: true }));
    for (const [type, service] of Object.entries(types)) {
      if (typeof service !== 'string') throw new Error(`RETENTION_INFORMATION_TYPES: ${type} must name the service that holds it`);
    }
    this.typeIds = Object.keys(types).sort();
    this.owners = new Map(Object.entries(types as Record<string, string>));
  }

  hasUnit(unit: string): boolean {
    return this.unitIds.includes(unit);
  }

  hasInformationType(type: string): boolean {
    return this.typeIds.includes(type);
  }

  units(): string[] {
    return [...this.unitIds];
  }

  informationTypes(): string[] {
    return [...this.typeIds];
  }

  ownerOf(type: string): string | undefined {
    return this.owners.get(type);
  }
}

function parseObject(name: string, raw: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${name} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

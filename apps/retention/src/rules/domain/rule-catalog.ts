import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RetentionEnv } from '../../config/retention-env.js';
import type { RuleCatalog } from './rule.validation.js';

/** The units (RETENTION_UNITS) and information types (RETENTION_INFORMATION_TYPES) rules may govern. */
@Injectable()
export class ConfiguredRuleCatalog implements RuleCatalog {
  private readonly unitIds: string[];
  private readonly typeIds: string[];

  constructor(config: ConfigService<RetentionEnv, true>) {
    this.unitIds = Object.keys(parseObject('RETENTION_UNITS', config.get('RETENTION_UNITS', { infer: true }))).sort();
    this.typeIds = Object.keys(
      parseObject('RETENTION_INFORMATION_TYPES', config.get('RETENTION_INFORMATION_TYPES', { infer: true })),
    ).sort();
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

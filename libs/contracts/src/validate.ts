import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { EventContract } from './envelope.js';

export interface ContractViolation {
  /** Path of the offending field: dots for properties, brackets for array items (`attachments[0].content`). */
  field: string;
  messages: string[];
}

/** Flattens class-validator errors into field paths, for problem bodies and dead-letter records. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ContractViolation[] {
  return errors.flatMap((e) => {
    // class-validator names an array item by its index, as a property of the array.
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/**
 * The deepest an event may nest objects and arrays (`{"data":{"a":[1]}}` is 3), as HTTP bodies may
 * (@insyn/service-kit's JSON shape). The deepest contract, a published notice, is about 12 levels.
 * class-transformer recurses once per level: an event nested a few thousand levels deep overflowed the
 * stack in every consumer of its topic, and kafkajs gave up on the consumer for good.
 */
export const MAX_EVENT_DEPTH = 32;

/** Whether `value` nests objects and arrays deeper than `limit`, found without recursion (so at any depth). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [v, depth] = next;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
  }
  return false;
}

const tooDeep = (field: string): ContractViolation[] => [{ field, messages: [`must not be nested deeper than ${MAX_EVENT_DEPTH} levels`] }];

/** Validates a whole event (envelope and payload) against its contract. */
export function validateEvent(contract: EventContract<string, object>, event: unknown): ContractViolation[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return [{ field: '', messages: ['an event must be a JSON object'] }];
  if (nestedDeeperThan(event, MAX_EVENT_DEPTH)) return tooDeep('');
  const violations = flattenValidationErrors(validateSync(plainToInstance(contract.envelope, event), OPTIONS));
  const type = (event as { type?: unknown }).type;
  if (type !== contract.type) violations.push({ field: 'type', messages: [`type must be ${contract.type}`] });
  return violations;
}

/** Validates a payload alone, as producers do before writing it to the outbox. */
export function validatePayload(contract: EventContract<string, object>, data: unknown): ContractViolation[] {
  if (typeof data !== 'object' || data === null) return [{ field: 'data', messages: ['data must be an object'] }];
  if (nestedDeeperThan(data, MAX_EVENT_DEPTH - 1)) return tooDeep('data');
  return flattenValidationErrors(validateSync(plainToInstance(contract.data, data), OPTIONS), 'data');
}

export class ContractViolationError extends Error {
  constructor(
    readonly eventType: string,
    readonly violations: ContractViolation[],
  ) {
    super(`${eventType} breaks its contract: ${violations.map((v) => `${v.field || '(event)'}: ${v.messages.join(', ')}`).join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

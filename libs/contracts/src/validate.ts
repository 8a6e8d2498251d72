import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { EventContract } from './envelope.js';

export interface ContractViolation {
  /** Dotted path of the offending field, e.g. `data.version`. */
  field: string;
  messages: string[];
}

/** Flattens class-validator errors into field paths, for problem bodies and dead-letter records. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ContractViolation[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** Validates a whole event (envelope and payload) against its contract. */
export function validateEvent(contract: EventContract<string, object>, event: unknown): ContractViolation[] {
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return [{ field: '', messages: ['an event must be a JSON object'] }];
  const violations = flattenValidationErrors(validateSync(plainToInstance(contract.envelope, event), OPTIONS));
  const type = (event as { type?: unknown }).type;
  if (type !== contract.type) violations.push({ field: 'type', messages: [`type must be ${contract.type}`] });
  return violations;
}

/** Validates a payload alone, as producers do before writing it to the outbox. */
export function validatePayload(contract: EventContract<string, object>, data: unknown): ContractViolation[] {
  if (typeof data !== 'object' || data === null) return [{ field: 'data', messages: ['data must be an object'] }];
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

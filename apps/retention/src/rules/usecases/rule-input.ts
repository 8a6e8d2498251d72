import type { ContractViolation } from '@insyn/contracts';
import { Problems } from '@insyn/observability';
import type { RuleVersionContent } from '../domain/rule.model.js';
import { checkVersionContent, type RuleVersionInput } from '../domain/rule.validation.js';

/** A 422 problem naming each field that breaks a rule. */
export const ruleProblem = (violations: ContractViolation[]) =>
  Problems.unprocessable(violations, 'The rule is not valid; see errors for each field and the reason.');

/** The checked, normalised content of a version, or a 422 problem. */
export function versionContentOrThrow(input: RuleVersionInput, extra: ContractViolation[] = []): RuleVersionContent {
  const checked = checkVersionContent(input);
  const violations = [...extra, ...(checked.ok ? [] : checked.violations)];
  if (violations.length > 0 || !checked.ok) throw ruleProblem(violations);
  return checked.value;
}

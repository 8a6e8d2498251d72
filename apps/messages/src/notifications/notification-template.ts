import type { ContractViolation } from '@insyn/contracts';
import { sensitiveContent } from '../conversations/domain/sensitive-text.js';

/** The only placeholders a notification may use: nothing about the person, the unit or the matter. */
export const ALLOWED_PLACEHOLDERS = ['municipality', 'portalUrl'] as const;

export interface NotificationTemplate {
  sv: string;
  en: string;
}

export const DEFAULT_TEMPLATE: NotificationTemplate = {
  sv: 'Du har ett nytt säkert meddelande från {municipality}. Logga in med e-legitimation på {portalUrl} för att läsa det.',
  en: 'You have a new secure message from {municipality}. Sign in with e-ID at {portalUrl} to read it.',
};

/**
 * Why a template would leak something, as problem `errors`; empty when it is safe. A notification goes
 * by e-mail or SMS, outside the secure channel, possibly to a shared inbox or phone: it may say that a
 * message is waiting and where to read it, and nothing else — no name, no subject, no unit that reveals
 * a case type (an SMS "from the addiction unit" discloses the matter).
 */
export function templateLeaks(template: NotificationTemplate, unitNames: string[]): ContractViolation[] {
  const problems: ContractViolation[] = [];
  for (const lang of ['sv', 'en'] as const) {
    const text = template[lang];
    const messages: string[] = [];
    for (const [, name] of text.matchAll(/\{([^}]*)\}/g))
      if (!(ALLOWED_PLACEHOLDERS as readonly string[]).includes(name!))
        messages.push(`placeholder {${name}} is not allowed; only ${ALLOWED_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
    const literal = text.replace(/\{[^}]*\}/g, ' ');
    for (const unit of unitNames) if (unit && literal.toLowerCase().includes(unit.toLowerCase())) messages.push(`names the unit "${unit}"`);
    messages.push(...sensitiveContent(literal, lang).flatMap((p) => p.messages));
    if (messages.length) problems.push({ field: `template.${lang}`, messages });
  }
  return problems;
}

export function render(
  template: NotificationTemplate,
  lang: 'sv' | 'en',
  values: Record<(typeof ALLOWED_PLACEHOLDERS)[number], string>,
): string {
  return template[lang].replace(/\{(municipality|portalUrl)\}/g, (_, k: keyof typeof values) => values[k]);
}

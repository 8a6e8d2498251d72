import { decodeJwt } from 'jose';
import { type Lang, MESSAGES, translate } from '../../web/i18n.js';

/** Who starts a run by hand (the retention service's rule writers). */
export const RUN_STARTER_ROLES = ['retention-admin'] as const;
/** Who submits a rule's draft for approval and retires a rule (the retention service's rule writers). */
export const RULE_WRITER_ROLES = ['retention-admin'] as const;
/** Who approves a submitted rule version, never her own (ADR 0024). */
export const RULE_APPROVER_ROLES = ['dpo', 'retention-approver'] as const;
/** Who rejects one: the approvers, and the writers (withdrawing a request). */
export const RULE_REJECTER_ROLES = [...RULE_WRITER_ROLES, ...RULE_APPROVER_ROLES] as const;
/** Who places holds (the retention service's hold writers). */
export const HOLD_WRITER_ROLES = ['retention-admin', 'registrator'] as const;
/** Who releases them: the writers, and the data-protection officer (the holds of data-subject requests). */
export const HOLD_RELEASER_ROLES = [...HOLD_WRITER_ROLES, 'dpo'] as const;

/** Whether an official's roles include one of `roles`: the pages show an action only to those the service lets do it. */
export const holdsRole = (mine: readonly string[] | undefined, roles: readonly string[]): boolean =>
  (mine ?? []).some((r) => roles.includes(r));

const PARTS: [RegExp, { sv: [string, string]; en: [string, string] }][] = [
  [/(\d+)Y/, { sv: ['år', 'år'], en: ['year', 'years'] }],
  [/(\d+)M/, { sv: ['månad', 'månader'], en: ['month', 'months'] }],
  [/(\d+)W/, { sv: ['vecka', 'veckor'], en: ['week', 'weeks'] }],
  [/(\d+)D/, { sv: ['dag', 'dagar'], en: ['day', 'days'] }],
];

/**
 * A gallringsfrist (an ISO 8601 duration of whole years, months, weeks and days, as the rules have them)
 * in words: `P2Y6M` → "2 år och 6 månader". Anything else (a time part) is shown as it is written.
 */
export function durationText(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = /^P([^T]*)$/.exec(iso)?.[1];
  if (date === undefined) return iso;
  const words = PARTS.flatMap(([re, names]) => {
    const n = Number(re.exec(date)?.[1] ?? 0);
    return n ? [`${n} ${names[lang][n === 1 ? 0 : 1]}`] : [];
  });
  if (!words.length) return iso;
  const and = lang === 'sv' ? ' och ' : ' and ';
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')}${and}${words.at(-1)!}`;
}

interface VersionLike {
  action: string;
  trigger: string;
  after: string | null;
}

/** What a rule version does, in words: "Gallras 2 år efter att samtalet avslutades". */
export function actionText(v: VersionLike, lang: Lang): string {
  if (v.action === 'keep') return translate(lang, 'gallring.action.keep');
  return translate(lang, `gallring.action.${v.action}`, {
    after: durationText(v.after, lang),
    trigger: translate(lang, `gallring.trigger.${v.trigger}`),
  });
}

export interface DecisionLike {
  body?: string;
  date?: string;
  reference?: string;
  section?: string;
}

/** A calendar date (`YYYY-MM-DD`, as decisions have them) in words: "2 maj 2024". */
export function dayText(day: string, lang: Lang): string {
  const d = new Date(`${day}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'Europe/Stockholm', dateStyle: 'long' }).format(d);
}

/** A gallringsbeslut on one line (organ, date, diarienummer, paragraph), or that there is none yet. */
export function decisionText(d: DecisionLike | undefined, lang: Lang): string {
  if (!d?.body || !d.date || !d.reference || !d.section) return translate(lang, 'gallring.decision.missing');
  return translate(lang, 'gallring.decision.text', {
    body: d.body,
    date: dayText(d.date, lang),
    reference: d.reference,
    section: d.section,
  });
}

/** The label of an information type the catalogue names; its id otherwise (a type configured later). */
export function typeText(type: string, lang: Lang): string {
  const id = `gallring.type.${type}`;
  return MESSAGES[id] ? translate(lang, id) : type;
}

/** What a run selected, in words: "Säkra meddelanden hos Kommunstyrelsen: samtal avslutade före 16 mars 2024 kl. 09:00". */
export function selectionText(
  s: { informationType: string; unitName: string; trigger: string; triggeredBefore: string; requireArchived?: boolean },
  lang: Lang,
): string {
  const date = new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'long',
    timeStyle: 'short',
  });
  const text = translate(lang, 'gallring.selection.text', {
    type: typeText(s.informationType, lang),
    unit: s.unitName,
    when: translate(lang, `gallring.when.${s.trigger}`, { date: date.format(new Date(s.triggeredBefore)) }),
  });
  return s.requireArchived ? `${text} (${translate(lang, 'gallring.selection.archived')})` : text;
}

/**
 * Who did something, as the retention service records it (`official:<HSA-id>`, `client:<id>`,
 * `service:<name>`, or a hold's `{kind, id}`), in words: an official by her HSA-id (the register of
 * officials' names stays with the identity service), the scheduler as the schedule, a system by its id.
 */
export function actorText(actor: string | { kind: string; id: string } | undefined, lang: Lang): string {
  if (!actor) return '';
  const [kind, id] =
    typeof actor === 'string' ? [actor.slice(0, actor.indexOf(':')), actor.slice(actor.indexOf(':') + 1)] : [actor.kind, actor.id];
  if (kind === 'official') return translate(lang, 'gallring.actor.official', { id });
  if (id === 'retention-scheduler') return translate(lang, 'gallring.actor.scheduler');
  if (kind === 'client' || kind === 'service' || kind === 'system') return translate(lang, 'gallring.actor.system', { id });
  return typeof actor === 'string' ? actor : id;
}

const WEEKDAYS = {
  sv: ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/**
 * A rule's schedule (a 5-field cron in Swedish time) in words for the usual kinds — every day, one day
 * of the week, one day of the month, at one time — and as written otherwise.
 */
export function scheduleText(cron: string, lang: Lang): string {
  const m = /^(\d{1,2}) (\d{1,2}) (\*|\d{1,2}) \* (\*|[0-7])$/.exec(cron.trim());
  if (!m || Number(m[1]) > 59 || Number(m[2]) > 23) return cron;
  // The four groups take part in every match.
  const [minute, hour, day, weekday] = m.slice(1, 5) as [string, string, string, string];
  const time = `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  if (day === '*' && weekday === '*') return translate(lang, 'gallring.schedule.daily', { time });
  if (day === '*') return translate(lang, 'gallring.schedule.weekly', { time, weekday: WEEKDAYS[lang][Number(weekday)]! });
  if (weekday === '*' && Number(day) >= 1 && Number(day) <= 31) return translate(lang, 'gallring.schedule.monthly', { time, day });
  return cron;
}

/** Who did it, with her name when the service kept it from her token: "Frida Forsberg (tjänsteperson med HSA-id …)". */
export function performerText(actor: string | undefined, name: string | undefined, lang: Lang): string {
  const who = actorText(actor, lang);
  return name ? translate(lang, 'gallring.actor.named', { name, who }) : who;
}

/**
 * The signed-in official as the retention service records her (`official:<HSA-id>`), read from her access
 * token's `hsa_id`: only to decide whether to offer the approval buttons, since the service refuses her own
 * request anyway (403). Undefined when the token does not say.
 */
export function actorOfToken(accessToken: string): string | undefined {
  try {
    const hsaId = decodeJwt(accessToken).hsa_id;
    return typeof hsaId === 'string' ? `official:${hsaId}` : undefined;
  } catch {
    return undefined;
  }
}

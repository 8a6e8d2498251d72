import { type Lang, translate } from '../../web/i18n.js';
import { type DecisionLike, performerText } from './gallring-text.js';

/** The retention service's views of rules, forecasts and runs as the gallring pages read them, and their words. */

/** The rows of the forecast and what a run does with an item, as the retention service names them. */
export const ROWS = ['now', '30', '90'] as const;
export const DISPOSITIONS = ['due', 'held', 'blocked'] as const;

export interface VersionView {
  version: number;
  status: 'draft' | 'active' | 'superseded' | 'retired';
  action: string;
  trigger: string;
  after: string | null;
  preconditions: string[];
  schedule: string | null;
  decision: DecisionLike;
  activatedAt?: string;
  activatedBy?: string;
  requestedBy?: string;
  requestedByName?: string;
  requestedAt?: string;
  approvedBy?: string;
  approvedByName?: string;
  supersededAt?: string;
  retiredAt?: string;
}

export interface ApprovalView {
  version: number;
  requestedBy: string;
  requestedByName?: string;
  requestedAt: string;
}

export interface RuleSummary {
  ruleId: string;
  unit: string;
  informationType: string;
  status?: 'active' | 'draft' | 'retired';
  draftVersion: number | null;
  approval?: ApprovalView | null;
  active: (Omit<VersionView, 'status' | 'version'> & { version: number }) | null;
}

export interface RuleView {
  ruleId: string;
  unit: string;
  informationType: string;
  status?: 'active' | 'draft' | 'retired';
  activeVersion: number | null;
  draftVersion: number | null;
  approval?: ApprovalView | null;
  lastRejection?: { version: number; rejectedBy: string; rejectedByName?: string; rejectedAt: string; reason: string } | null;
  retired?: { at: string; by: string; byName?: string; reason: string; version: number | null } | null;
  versions: VersionView[];
}

export interface ForecastItem {
  conversationId: string;
  caseReference?: string;
  triggeredAt: string;
  dueAt: string;
  disposition: (typeof DISPOSITIONS)[number];
}

export interface Counts {
  due: number;
  held: number;
  blocked: number;
}

export interface Forecast {
  asOf: string;
  alreadyDue: Counts;
  windows: (Counts & { days: number })[];
}

export interface RunView {
  runId: string;
  ruleId: string;
  ruleVersion: number;
  origin: string;
  status: 'running' | 'finished';
  startedAt: string;
  finishedAt?: string;
  executedBy: string;
  executedByName?: string;
  approvedBy: string;
  approvedByName?: string;
  decision: DecisionLike;
  selection: { unit: string; informationType: string; trigger: string; triggeredBefore: string; requireArchived: boolean };
  holds: { wholeHold: string | null };
  expected: number | null;
  progress: {
    chunksRequested: number;
    chunksAnswered: number;
    deleted: number;
    held: number;
    blocked: number;
    fraction: number | null;
    waiting: unknown[];
  };
  counts?: { candidates: number; held: number; blocked: number; deleted: number };
  protocolSeq?: number;
  stoppedEarly?: string;
}

/** A form field's text, trimmed; anything else (an array, an object) is none. */
export const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** An instant in Swedish time, in words: "5 december 2026 kl. 09:30". */
export function dateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** A run as a line of a list and the head of its page: its status, and how far it has come in words. */
export function runLine(run: RunView, lang: Lang) {
  const p = run.progress;
  const done = p.deleted + p.held + p.blocked;
  // Nothing expected (not yet counted, or nothing due) while it works: no share of nothing, only what is done.
  const counted = run.expected !== null && (run.expected > 0 || run.status === 'finished');
  return {
    ...run,
    percent: counted && p.fraction !== null ? Math.round(p.fraction * 100) : null,
    executedByText: performerText(run.executedBy, run.executedByName, lang),
    approvedByText: performerText(run.approvedBy, run.approvedByName, lang),
    progressText: counted
      ? translate(lang, 'gallring.run.progressText', { done, expected: run.expected ?? 0 })
      : translate(lang, 'gallring.run.progressUnknown', { done }),
  };
}

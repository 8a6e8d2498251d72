import { RULE_ID_PATTERN } from '@insyn/contracts';

/**
 * A retention rule (gallringsregel): for one unit and one information type, what happens to the
 * information (keep, delete, or archive then delete), counted from which trigger, after how long, under
 * which preconditions, on which schedule, and by which gallringsbeslut. Rules are versioned: a draft is
 * edited, activated once a complete decision allows it, and superseded by the next activated version.
 * Active and superseded versions never change.
 */

export const RULE_ACTIONS = ['keep', 'delete', 'archive-then-delete'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** What the retention period is counted from; `inaktualitet` is confirmed by an official ("vid inaktualitet"). */
export const RULE_TRIGGERS = ['conversation-closed', 'case-closed', 'last-activity', 'inaktualitet'] as const;
export type RuleTrigger = (typeof RULE_TRIGGERS)[number];

/** What must hold for an item before it may be deleted. */
export const RULE_PRECONDITIONS = ['archived', 'receipt-received'] as const;
export type RulePrecondition = (typeof RULE_PRECONDITIONS)[number];

/** A version's state; `retired` is the version that was active when its rule was retired. */
export const RULE_STATUSES = ['draft', 'active', 'superseded', 'retired'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

/** Rule ids are slugs, e.g. `sakra-meddelanden-soc`: the pattern the purge and activation events carry. */
export const RULE_ID = RULE_ID_PATTERN;

/** The gallringsbeslut that allows a version: who decided, when, under which diarienummer and which point of the plan. */
export interface Decision {
  /** The deciding body, e.g. `Kommunstyrelsen`. */
  body: string;
  /** The date of the decision, `YYYY-MM-DD`. */
  date: string;
  /** The diarienummer, e.g. `KS-2024/0113`. */
  reference: string;
  /** The point or paragraph of the gallringsplan/informationshanteringsplan, e.g. `punkt 4.2`. */
  section: string;
}

export const DECISION_FIELDS = ['body', 'date', 'reference', 'section'] as const satisfies readonly (keyof Decision)[];

/** The editable content of one version; a draft may still lack parts of its decision. */
export interface RuleVersionContent {
  action: RuleAction;
  trigger: RuleTrigger;
  /** ISO 8601 duration from the trigger; null for `keep`. */
  after: string | null;
  preconditions: RulePrecondition[];
  /** 5-field cron in Europe/Stockholm; null for `keep`. */
  schedule: string | null;
  decision: Partial<Decision>;
}

/**
 * Whether only archived items may go: "archive then delete", or any precondition (a receipt is the
 * archive's). Forecasts and runs both ask this, so what a forecast counts as blocked is what a run blocks.
 */
export const requiresArchive = (rule: Pick<RuleVersionContent, 'action' | 'preconditions'>): boolean =>
  rule.action === 'archive-then-delete' || rule.preconditions.length > 0;

export interface RuleVersion extends RuleVersionContent {
  version: number;
  status: RuleStatus;
  /** Counts the edits of a draft; with `version` it is the draft's ETag. */
  revision: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  activatedAt?: Date;
  /** Who activated it: the approver (the second person of the four-eyes rule, ADR 0024). */
  activatedBy?: string;
  /** Who asked for its activation, and when (ADR 0024). Versions activated before four-eyes lack them. */
  requestedBy?: string;
  requestedByName?: string;
  requestedAt?: Date;
  /** Who approved the activation: the same as `activatedBy`, kept by that name with her name from the token. */
  approvedBy?: string;
  approvedByName?: string;
  supersededAt?: Date;
  /** The version that superseded this one. */
  supersededBy?: number;
  /** When the rule was retired while this version was active. */
  retiredAt?: Date;
}

/** Who did something: the actor id as the record keeps it (`official:<HSA-id>`) and her name from the token, if it had one. */
export interface Performer {
  id: string;
  name?: string;
  /**
   * Her stable identity (`official:<subject key>`), which a new SITHS card does not change as it may the
   * HSA-id: what four-eyes compares besides `id`. Never shown.
   */
  key?: string;
}

/** A draft submitted for activation, waiting for a second person to approve it (four-eyes, ADR 0024). */
export interface ApprovalRequest {
  version: number;
  requestedBy: string;
  requestedByName?: string;
  /** The requester's stable identity ({@link Performer.key}); not shown. */
  requesterKey?: string;
  requestedAt: Date;
}

/** The latest refused request, kept until the next one, so the requester sees why. */
export interface ApprovalRejection {
  version: number;
  requestedBy: string;
  rejectedBy: string;
  rejectedByName?: string;
  rejectedAt: Date;
  reason: string;
}

/** A rule no longer in force: it selects nothing in runs and forecasts (ADR 0024). Final. */
export interface Retirement {
  at: Date;
  by: string;
  byName?: string;
  reason: string;
  /** The version active when it was retired; null when none was. */
  version: number | null;
}

export interface Rule {
  ruleId: string;
  unit: string;
  informationType: string;
  versions: RuleVersion[];
  activeVersion: number | null;
  draftVersion: number | null;
  /** Incremented on every write; each write is conditional on it (docs/style.md 12). */
  revision: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  /** The draft waiting for approval, if one is. */
  approval?: ApprovalRequest | null;
  lastRejection?: ApprovalRejection | null;
  retired?: Retirement | null;
}

/** An active version with a complete decision, as the runs and forecast features read it. */
export interface ActiveRule {
  ruleId: string;
  unit: string;
  informationType: string;
  version: number;
  action: RuleAction;
  trigger: RuleTrigger;
  after: string | null;
  preconditions: RulePrecondition[];
  schedule: string | null;
  decision: Decision;
  activatedAt: Date;
  /** Who activated the version under its decision: the run's approver in the gallringsprotokoll. */
  activatedBy: string;
  /** The approver's name from her token, when it had one. */
  activatedByName?: string;
}

/** The parts of a version whose change needs a new decision ("a change never applies retroactively"). */
export const DECISION_BOUND_FIELDS = ['action', 'trigger', 'after', 'preconditions'] as const;

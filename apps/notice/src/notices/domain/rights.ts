import {
  ART6_CODES,
  type LegalBasisCode,
  type Notice,
  OVERRIDE_EFFECTS,
  RIGHT_CODES,
  type RightCode,
  type RightsOverride,
} from './notice.model.js';
import { type Message, say, textOf } from './notice.messages.js';

/**
 * The rights a notice shows are computed from its legal bases, never typed in, so a notice cannot
 * promise portability or erasure that the basis does not give (a common error in municipal notices
 * that rest on art. 6.1 e). Overrides written into the notice can only take a right away, and must
 * cite the law that allows it.
 */

/** What `deriveRights` needs from a notice; tests and callers can pass just these fields. */
export type RightsInput = Pick<Notice, 'legalBasisGroups' | 'automatedMeans' | 'rightsOverrides'> & Partial<Pick<Notice, 'archiving'>>;

interface RightRule {
  /** The GDPR article that creates the right. */
  article: string;
  /** Basis codes under which the right exists. */
  givenBy: readonly LegalBasisCode[];
  /** Art. 20.1 b: portability only when the processing is carried out by automated means. */
  needsAutomatedMeans?: boolean;
  /** A basis that gives the right only in a group without any of these (art. 20.3). */
  notBeside?: Partial<Record<LegalBasisCode, readonly LegalBasisCode[]>>;
}

const RULES: Record<RightCode, RightRule> = {
  // Art. 15, 16 and 18 hold whatever the basis: every lawful basis gives them.
  access: { article: '15', givenBy: ART6_CODES },
  rectification: { article: '16', givenBy: ART6_CODES },
  restriction: { article: '18', givenBy: ART6_CODES },
  // Art. 17.3 b: no erasure while processing is necessary for a legal obligation (c) or a task in the
  // public interest or official authority (e). Under a, b, d and f the art. 17.1 grounds can apply.
  erasure: { article: '17', givenBy: ['6.1.a', '6.1.b', '6.1.d', '6.1.f'] },
  // Art. 20.1 a: consent under 6.1 a or 9.2 a, or a contract under 6.1 b; 20.1 b: automated means, judged
  // per group. Art. 20.3: never for processing necessary for a task in the public interest or official
  // authority, so explicit consent (9.2 a) to special categories in a group whose art. 6.1 basis is e or c
  // (the consent lifts the art. 9 ban, the processing itself rests on the task or obligation) gives none.
  portability: {
    article: '20',
    givenBy: ['6.1.a', '6.1.b', '9.2.a'],
    needsAutomatedMeans: true,
    notBeside: { '9.2.a': ['6.1.e', '6.1.c'] },
  },
  // Art. 21.1: objection only to processing based on 6.1 e or f.
  objection: { article: '21', givenBy: ['6.1.e', '6.1.f'] },
  // Art. 7.3: consent, ordinary (6.1 a) or explicit (9.2 a), can be withdrawn at any time.
  'withdraw-consent': { article: '7.3', givenBy: ['6.1.a', '9.2.a'] },
};

/**
 * Rights that no national law may restrict. Art. 23 lets Member States restrict arts. 12–22 and 34
 * only; withdrawal of consent (art. 7.3) is outside that list, so no override can touch it.
 */
const NOT_RESTRICTABLE: ReadonlySet<RightCode> = new Set(['withdraw-consent']);

/** One legal basis, in one group, that gives a right. */
export interface BasisGrant {
  groupId: string;
  code: LegalBasisCode;
}

export interface DerivedRight {
  right: RightCode;
  /** GDPR article the right comes from. */
  article: string;
  /** True when at least one basis gives the right and no override removes it there. */
  applies: boolean;
  /** Distinct basis codes that give the right, before overrides. */
  basisCodes: LegalBasisCode[];
  /** Every basis, per group, that gives the right, before overrides. */
  grants: BasisGrant[];
  /** Groups in which the right applies after overrides. */
  appliesIn: string[];
  /** Overrides that remove or limit the right (all of them, so a notice can explain each one). */
  limitedBy: RightsOverride[];
}

export type DerivedRights = Record<RightCode, DerivedRight>;

/** An override as the validator meets it: any of its fields may be missing or of the wrong type. */
export type UncheckedOverride = { readonly [K in keyof RightsOverride]?: unknown };

/** What `overrideProblems` reads: the legal bases as `deriveRights` reads them, and overrides not yet checked. */
export type OverridesInput = Pick<RightsInput, 'legalBasisGroups' | 'automatedMeans'> & { rightsOverrides?: readonly UncheckedOverride[] };

const isRightCode = (value: unknown): value is RightCode => (RIGHT_CODES as readonly unknown[]).includes(value);
const isOverrideEffect = (value: unknown): boolean => (OVERRIDE_EFFECTS as readonly unknown[]).includes(value);
/** A value quoted in a message as the author wrote it: as `String` shows it, whatever its type. */
const quoted = (value: unknown): string => String(value);
/** The Swedish text of a localised value that may not be one. */
const swedishOf = (value: unknown): unknown => (typeof value === 'object' && value !== null && 'sv' in value ? value.sv : undefined);

/** Why an override cannot be accepted; `field` is the override's property at fault. */
export interface OverrideProblem {
  index: number;
  field: 'right' | 'effect' | 'groupId' | 'law' | 'reason';
  message: string;
}

export class RightsOverrideError extends Error {
  constructor(readonly problems: OverrideProblem[]) {
    super(`Invalid rights override: ${problems.map((p) => `rightsOverrides[${p.index}].${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'RightsOverrideError';
  }
}

export function deriveRights(notice: RightsInput): DerivedRights {
  const problems = overrideProblems(notice);
  // Fail loudly rather than skip a bad override: a notice showing a right the law does not give, or
  // hiding one on an uncited say-so, is exactly what this module exists to prevent.
  if (problems.length > 0) throw new RightsOverrideError(problems);

  const overrides = [...(notice.rightsOverrides ?? []), ...archivingLimits(notice)];
  const entries = RIGHT_CODES.map((right): [RightCode, DerivedRight] => {
    const grants = grantsFor(notice, right);
    const limitedBy = overrides.filter((o) => o.right === right);
    const remaining = grants.filter((g) => !limitedBy.some((o) => o.effect === 'remove' && inScope(o, g.groupId)));
    return [
      right,
      {
        right,
        article: RULES[right].article,
        applies: remaining.length > 0,
        basisCodes: unique(grants.map((g) => g.code)),
        grants,
        appliesIn: unique(remaining.map((g) => g.groupId)),
        limitedBy,
      },
    ];
  });
  return Object.fromEntries(entries) as DerivedRights;
}

/**
 * Archiving in the public interest limits erasure by itself (art. 17.3 d): the statement becomes a limit
 * on erasure wherever a basis gives it, with the statement's words as the reason.
 */
function archivingLimits(notice: RightsInput): RightsOverride[] {
  if (!notice.archiving || grantsFor(notice, 'erasure').length === 0) return [];
  return [
    {
      right: 'erasure',
      effect: 'limit',
      law: {
        gdpr: '17.3.d',
        label: { sv: 'arkivändamål av allmänt intresse', en: 'archiving purposes in the public interest' },
      },
      reason: notice.archiving.text,
    },
  ];
}

/**
 * Checks every override against the notice's legal bases. Used by `deriveRights` and by
 * `validateNotice`, so an admin sees the same reason the portal would fail with.
 */
export function overrideProblems(notice: OverridesInput): OverrideProblem[] {
  return overrideMessages(notice).map((p) => ({ ...p, message: textOf(p.message, 'en') }));
}

/** `overrideProblems` with each message by id, for `validateNotice` to answer in the caller's language. */
export function overrideMessages(notice: OverridesInput): (Omit<OverrideProblem, 'message'> & { message: Message })[] {
  const problems: (Omit<OverrideProblem, 'message'> & { message: Message })[] = [];
  const groupIds: ReadonlySet<unknown> = new Set(notice.legalBasisGroups.map((g) => g.id));

  (notice.rightsOverrides ?? []).forEach((override, index) => {
    const add = (field: OverrideProblem['field'], message: Message) => problems.push({ index, field, message });
    const { right } = override;
    const knownRight = isRightCode(right);
    const knownGroup = override.groupId === undefined || groupIds.has(override.groupId);

    if (!knownRight) {
      add('right', right === undefined ? say('required') : say('unknownRight', { right: quoted(right), rights: RIGHT_CODES }));
    }
    if (!isOverrideEffect(override.effect)) add('effect', say('overrideEffect'));
    if (!knownGroup) add('groupId', say('unknownGroupId', { id: quoted(override.groupId) }));
    if (typeof override.law !== 'object' || override.law === null) add('law', say('overrideLaw'));
    const reason = swedishOf(override.reason);
    if (typeof reason !== 'string' || reason.trim() === '') add('reason', say('overrideReason'));
    if (!knownRight || !knownGroup) return;

    if (NOT_RESTRICTABLE.has(right)) {
      add('right', say('withdrawalNotRestrictable'));
      return;
    }
    const inScopeGrants = grantsFor(notice, right).filter((g) => inScope(override, g.groupId));
    if (inScopeGrants.length === 0) {
      add('right', say('nothingToLimit', { right, ...(override.groupId === undefined ? {} : { groupId: quoted(override.groupId) }) }));
    }
  });
  return problems;
}

/** The legal-basis codes under which a right exists, for forms that explain "why not". */
export function basisCodesGiving(right: RightCode): readonly LegalBasisCode[] {
  return RULES[right].givenBy;
}

function grantsFor(notice: Pick<RightsInput, 'legalBasisGroups' | 'automatedMeans'>, right: RightCode): BasisGrant[] {
  const rule = RULES[right];
  return notice.legalBasisGroups.flatMap((group) => {
    if (rule.needsAutomatedMeans === true && (group.automatedMeans ?? notice.automatedMeans) !== true) return [];
    const codes = new Set(group.bases.map((b) => b.code));
    return group.bases
      .filter((b) => rule.givenBy.includes(b.code) && !(rule.notBeside?.[b.code] ?? []).some((c) => codes.has(c)))
      .map((b) => ({ groupId: group.id, code: b.code }));
  });
}

function inScope(override: UncheckedOverride, groupId: string): boolean {
  return override.groupId === undefined || override.groupId === groupId;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

import { REQUEST_KINDS, type RequestKind } from '@insyn/contracts';

/** Text in the notice's languages: Swedish always, English when the notice has it. */
export interface Localized {
  sv: string;
  en?: string;
}

/** Whether a kind of data-subject request applies under the notice's legal bases, and the article that gives it. */
export interface RequestKindTerm {
  applies: boolean;
  article: string;
}

/** A purpose that rests on consent (GDPR art. 6.1 a or 9.2 a): one legal-basis group of the notice. */
export interface ConsentPurpose {
  /** The legal-basis group's id, stable across versions of the notice. */
  id: string;
  basis: '6.1.a' | '9.2.a';
  /** The group's heading, e.g. "Sms-avisering". */
  title: Localized;
  /** The text the person is shown and consents to: the basis's description in the notice (else the heading). */
  text: Localized;
  /** `required`: consent is given by signing the text with BankID (the notice's `consent.signature`); absent: one step. */
  signature?: 'required';
}

/**
 * What the rights service needs from one published version of a notice: which requests its legal bases
 * give (derived by the notice service and published with it) and which purposes rest on consent.
 */
export interface NoticeTerms {
  slug: string;
  noticeId: string;
  version: number;
  publishedAt: Date;
  title: Localized;
  requestKinds: Record<RequestKind, RequestKindTerm>;
  consentPurposes: ConsentPurpose[];
  /**
   * The controller (consent receipts and registerutdrag carry it): as the event names it, or by the name in
   * the content when the notice gives no organisation number; absent on terms stored before it was kept.
   */
  controller?: NoticeController;
  /** The notice's facts a registerutdrag restates (art. 15.1 a–h); absent on terms stored before they were kept. */
  facts?: NoticeFacts;
  withdrawnAt?: Date;
}

/** A controller by name, and by organisation number when the notice gives one (it never invents one). */
export interface NoticeController {
  name: string;
  organisationNumber?: string;
}

/** What a registerutdrag tells about the processing, in the notice's own words. */
export interface NoticeFacts {
  purposes: Localized[];
  legalBases: { context: Localized; codes: string[] }[];
  dataCategories: string[];
  recipients: Localized[];
  retention: Localized[];
  dpo?: { email?: string; phone?: string };
}

export class NoticeContentError extends Error {
  constructor(message: string) {
    super(`notice content cannot be read: ${message}`);
    this.name = 'NoticeContentError';
  }
}

const CONSENT_BASES = new Set(['6.1.a', '9.2.a']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function localized(v: unknown, what: string): Localized {
  if (!isObject(v) || typeof v.sv !== 'string' || v.sv.length === 0) throw new NoticeContentError(`${what} has no Swedish text`);
  return { sv: v.sv, ...(typeof v.en === 'string' && v.en.length > 0 ? { en: v.en } : {}) };
}

/**
 * Reads the terms from `notice.published.v1`'s content (the notice service's public JSON of that version).
 * Throws {@link NoticeContentError} when the content lacks what the rights depend on: such an event is a
 * producer bug that no retry mends.
 */
export function noticeTermsOf(event: {
  noticeId: string;
  slug: string;
  version: number;
  publishedAt: string;
  controller?: { name: string; organisationNumber: string };
  content: Json;
}): NoticeTerms {
  const { content } = event;
  const rights = content.rights;
  if (!isObject(rights)) throw new NoticeContentError('it has no derived rights');
  const requestKinds = Object.fromEntries(
    REQUEST_KINDS.map((kind): [RequestKind, RequestKindTerm] => {
      const right = rights[kind];
      if (!isObject(right) || typeof right.applies !== 'boolean' || typeof right.article !== 'string')
        throw new NoticeContentError(`the right ${kind} is missing`);
      return [kind, { applies: right.applies, article: right.article }];
    }),
  ) as Record<RequestKind, RequestKindTerm>;

  const groups = Array.isArray(content.legalBasisGroups) ? content.legalBasisGroups : [];
  const consentPurposes: ConsentPurpose[] = [];
  for (const [i, group] of groups.entries()) {
    if (!isObject(group) || typeof group.id !== 'string' || !Array.isArray(group.bases)) continue;
    for (const base of group.bases) {
      if (!isObject(base) || typeof base.code !== 'string' || !CONSENT_BASES.has(base.code)) continue;
      consentPurposes.push({
        id: group.id,
        basis: base.code as ConsentPurpose['basis'],
        title: localized(group.context, `legalBasisGroups.${i}.context`),
        // The basis's own words when the notice gives them, else the group's heading.
        text: localized(base.description ?? group.context, `legalBasisGroups.${i} (${base.code}).description`),
        ...(isObject(group.consent) && group.consent.signature === 'required' ? { signature: 'required' as const } : {}),
      });
      break; // one consent per group: 9.2 a beside 6.1 a in one group is one purpose
    }
  }
  return {
    slug: event.slug,
    noticeId: event.noticeId,
    version: event.version,
    publishedAt: new Date(event.publishedAt),
    title: localized(content.title, 'title'),
    requestKinds,
    consentPurposes,
    ...controllerOf(event.controller, content),
    facts: noticeFactsOf(content),
  };
}

/** The event's reference, else the content's name (a notice without an organisation number has no reference). */
function controllerOf(ref: { name: string; organisationNumber: string } | undefined, content: Json): { controller?: NoticeController } {
  if (ref) return { controller: { name: ref.name, organisationNumber: ref.organisationNumber } };
  const name = isObject(content.controller) ? optionalText(content.controller.name)?.sv : undefined;
  return name ? { controller: { name } } : {};
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const optionalText = (v: unknown): Localized | undefined =>
  isObject(v) && typeof v.sv === 'string' && v.sv.length > 0 ? localized(v, 'text') : undefined;
const defined = <T>(v: T | undefined): v is T => v !== undefined;

/** The Swedish label of one of the notice's own data categories (`customDataCategories`), by code. */
function customLabel(content: Json, code: unknown): string | undefined {
  const own = list(content.customDataCategories).find((c) => isObject(c) && c.code === code);
  return isObject(own) ? optionalText(own.label)?.sv : undefined;
}

/** The facts, leniently: a missing list is empty, an item without Swedish text is left out. */
export function noticeFactsOf(content: Json): NoticeFacts {
  const dpo = isObject(content.dpo) ? content.dpo : undefined;
  return {
    purposes: list(content.purposes).map(optionalText).filter(defined),
    legalBases: list(content.legalBasisGroups)
      .filter(isObject)
      .map((g) => ({
        context: optionalText(g.context),
        codes: list(g.bases)
          .filter(isObject)
          .map((b) => String(b.code)),
      }))
      .filter((g): g is { context: Localized; codes: string[] } => g.context !== undefined),
    dataCategories: list(content.dataCategories)
      .filter(isObject)
      .map((c) => optionalText(c.label)?.sv ?? customLabel(content, c.code) ?? (typeof c.code === 'string' ? c.code : undefined))
      .filter(defined),
    recipients: list(content.recipients)
      .filter(isObject)
      .map((r) => optionalText(r.name))
      .filter(defined),
    retention: list(content.retention)
      .filter(isObject)
      .map((r) => optionalText(r.text))
      .filter(defined),
    ...(dpo
      ? {
          dpo: {
            ...(typeof dpo.email === 'string' ? { email: dpo.email } : {}),
            ...(typeof dpo.phone === 'string' ? { phone: dpo.phone } : {}),
          },
        }
      : {}),
  };
}

import type { ConsentBasis, ConsentState } from '@insyn/contracts';
import { createHash } from 'node:crypto';
import type { ConsentPurpose, Localized, NoticeTerms } from '../../notices/domain/notice-terms.js';
import type { ConsentSignatureProof } from '../signature/consent-signature.js';

export type Language = 'sv' | 'en';

/** How the person was signed in when they changed a consent: from their e-ID token. */
export interface SignInMethod {
  provider: string;
  loa: number;
  sessionId?: string;
}

/**
 * One change of a consent, kept for ever as evidence (art. 7.1: the controller must be able to show that
 * the person consented): which notice version, the exact text shown and in which language, when, and how
 * the person was signed in.
 */
export interface ConsentChange {
  sequence: number;
  state: ConsentState;
  at: Date;
  notice: { slug: string; noticeId: string; version: number; title: Localized };
  purpose: { id: string; basis: ConsentBasis; title: Localized };
  /** The purpose's text in that notice version (Swedish always, English when the notice has it). */
  text: Localized;
  /** The language the text was shown in. */
  language: Language;
  /** SHA-256 over basis and text: equal digests, equal wording. */
  textDigest: string;
  method: SignInMethod;
  /** The e-ID signature of the text, when consent was given by signing it (the notice asked for it). */
  signature?: ConsentSignatureProof;
}

/** A consent's current state, without its history: what lists and the consent check need. */
export interface ConsentSummary {
  consentId: string;
  subjectKey: string;
  notice: string;
  purpose: string;
  basis: ConsentBasis;
  state: ConsentState;
  /** How many changes it has had; the newest change's `sequence`. */
  sequence: number;
  /** The notice version of the newest change. */
  noticeVersion: number;
  textDigest: string;
  language: Language;
  changedAt: Date;
  createdAt: Date;
}

/** One person's consent to one purpose of one notice, with every change it has had. */
export interface Consent extends ConsentSummary {
  history: ConsentChange[];
  /**
   * The receipts' principal, kept when the consent was re-keyed to a new SUBJECT_KEY_SECRET (ADR 0025): the
   * pseudonym its receipts named her by before, so every receipt of one consent names the same principal.
   */
  receiptPrincipal?: string;
}

/** The digest of a purpose's wording: the basis and the text in every language, so any change shows. */
export function textDigest(purpose: Pick<ConsentPurpose, 'basis' | 'text'>): string {
  return createHash('sha256')
    .update(JSON.stringify([purpose.basis, purpose.text.sv, purpose.text.en ?? null]))
    .digest('base64url');
}

/** The change that records `state` for `purpose` as shown in `terms`. */
export function changeOf(
  sequence: number,
  state: ConsentState,
  terms: NoticeTerms,
  purpose: ConsentPurpose,
  language: Language,
  method: SignInMethod,
  at: Date,
  signature?: ConsentSignatureProof,
): ConsentChange {
  return {
    sequence,
    state,
    at,
    notice: { slug: terms.slug, noticeId: terms.noticeId, version: terms.version, title: terms.title },
    purpose: { id: purpose.id, basis: purpose.basis, title: purpose.title },
    text: purpose.text,
    language,
    textDigest: textDigest(purpose),
    method,
    ...(signature ? { signature } : {}),
  };
}

/** The consent after `change`: the summary follows the newest change. */
export function applyChange(consent: Consent, change: ConsentChange): Consent {
  return {
    ...consent,
    basis: change.purpose.basis,
    state: change.state,
    sequence: change.sequence,
    noticeVersion: change.notice.version,
    textDigest: change.textDigest,
    language: change.language,
    changedAt: change.at,
    history: [...consent.history, change],
  };
}

/** A new consent whose first change is `change`. */
export function newConsent(consentId: string, subjectKey: string, change: ConsentChange): Consent {
  return applyChange(
    {
      consentId,
      subjectKey,
      notice: change.notice.slug,
      purpose: change.purpose.id,
      basis: change.purpose.basis,
      state: change.state,
      sequence: 0,
      noticeVersion: change.notice.version,
      textDigest: change.textDigest,
      language: change.language,
      changedAt: change.at,
      createdAt: change.at,
      history: [],
    },
    change,
  );
}

/** Why a consent does or does not hold now. */
export type CheckReason = 'given' | 'not-given' | 'withdrawn' | 'renewal-needed' | 'notice-not-current' | 'purpose-not-current';

/** What the consent check answers about one person, purpose and notice. */
export interface CheckAnswer {
  consents: boolean;
  reason: CheckReason;
}

/**
 * Whether a consent holds now. It holds only while the notice is current, the purpose still rests on
 * consent in its current version, and the person's newest change gave consent to the wording that
 * version has: a consent is to the text the person was shown, so a changed text needs a new consent
 * (`renewal-needed`) before the processing may go on.
 */
export function checkConsent(
  current: { state: ConsentState; textDigest: string } | undefined,
  purpose: { textDigest: string } | 'notice-not-current' | 'purpose-not-current',
): CheckAnswer {
  if (purpose === 'notice-not-current' || purpose === 'purpose-not-current') return { consents: false, reason: purpose };
  if (!current) return { consents: false, reason: 'not-given' };
  if (current.state === 'withdrawn') return { consents: false, reason: 'withdrawn' };
  if (current.textDigest !== purpose.textDigest) return { consents: false, reason: 'renewal-needed' };
  return { consents: true, reason: 'given' };
}

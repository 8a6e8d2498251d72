import type { SubjectKeyScope } from '@insyn/auth';
import type { OutboxEntry, WrittenOutbox } from '@insyn/messaging';
import type { Consent, ConsentChange, ConsentSummary } from '../domain/consent.js';

/**
 * The consents. Every read that serves a citizen takes the subject key, so one person's consents are
 * never found by another's request (docs/style.md 11); only the check index reads across people. A person is
 * all her keys during a rotation of SUBJECT_KEY_SECRET (ADR 0025): her consents may be under any of them.
 */
export abstract class ConsentsRepository {
  /** The consent with this id if it is the person's own, with its history; else null. */
  abstract findOwned(consentId: string, subjectKeys: SubjectKeyScope): Promise<Consent | null>;
  /** The person's consent to one purpose of one notice, with its history. */
  abstract findForPurpose(subjectKeys: SubjectKeyScope, notice: string, purpose: string): Promise<Consent | null>;
  /** Every consent of the person, without history. */
  abstract listOwned(subjectKeys: SubjectKeyScope): Promise<ConsentSummary[]>;
  /**
   * Stores a new consent with its first change and event. Returns the outbox it inserted, or null if the person
   * already has one for that purpose (nothing stored).
   */
  abstract insert(consent: Consent, event: OutboxEntry): Promise<WrittenOutbox | null>;
  /**
   * Appends a change and its event in one update, if the consent is still at `expectedSequence` (nobody
   * changed it meanwhile) and under `subjectKey` (the key it is stored under: not re-keyed meanwhile). Returns the
   * consent's outbox as that update left it, or null when it did not apply.
   */
  abstract append(
    consentId: string,
    subjectKey: string,
    expectedSequence: number,
    change: ConsentChange,
    event: OutboxEntry,
  ): Promise<WrittenOutbox | null>;
  /** Every consent's current state changed at or after `since` (all of them without it), for the check index. */
  abstract summariesSince(since?: Date): Promise<ConsentSummary[]>;
  /** Up to `limit` consents with their history, in id order after `after`: for sealing evidence again when the secret is rotated. */
  abstract pageWithHistory(after: string | null, limit: number): Promise<Consent[]>;
  /**
   * Stores `history` if the consent is still at `expectedSequence`; false otherwise. Only for the same history
   * with its evidence sealed again: the changes themselves are evidence and never rewritten.
   */
  abstract replaceSealedHistory(consentId: string, expectedSequence: number, history: ConsentChange[]): Promise<boolean>;
  /** The distinct subject keys with one of `prefixes` (previous generations of SUBJECT_KEY_SECRET, ADR 0025). */
  abstract staleSubjectKeys(prefixes: string[]): Promise<string[]>;
  /**
   * Moves a person's consents from her previous key to her current one, keeping each consent's receipt
   * principal (`receiptPrincipal(consentId)`, made from the previous key); how many moved. A consent the
   * current key already has for the same purpose (given twice across the rotation) stays, and is counted left.
   */
  abstract rekeySubject(stale: string, current: string, receiptPrincipal: (consentId: string) => string): Promise<number>;
}

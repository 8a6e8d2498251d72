import type { NoticeTerms } from '../domain/notice-terms.js';

/** The published notices' terms, as this service has heard of them. */
export abstract class NoticeTermsRepository {
  /** Stores one version's terms; a version already stored is left as it is (events are redelivered). */
  abstract record(terms: NoticeTerms): Promise<void>;
  /** Marks every version of the notice up to `lastVersion` withdrawn. */
  abstract markWithdrawn(slug: string, lastVersion: number, at: Date): Promise<void>;
  /** The newest version of a notice that is not withdrawn. */
  abstract current(slug: string): Promise<NoticeTerms | null>;
  /** One stored version, withdrawn or not (a consent given under it keeps pointing at it). */
  abstract version(slug: string, version: number): Promise<NoticeTerms | null>;
  /** The newest non-withdrawn version of every notice, by slug. */
  abstract listCurrent(): Promise<NoticeTerms[]>;
}

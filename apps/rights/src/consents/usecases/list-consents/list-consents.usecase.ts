import { Injectable } from '@nestjs/common';
import type { ConsentState } from '@insyn/contracts';
import type { SubjectKeyScope } from '@insyn/auth';
import type { ConsentPurpose, Localized } from '../../../notices/domain/notice-terms.js';
import { NoticeTermsRepository } from '../../../notices/persistence/notice-terms.repository.js';
import { checkConsent, type ConsentSummary, textDigest } from '../../domain/consent.js';
import { ConsentsRepository } from '../../persistence/consents.repository.js';

/** The person's consent to a purpose offered now, if any. */
export interface HeldConsent {
  consentId: string;
  state: ConsentState;
  givenUnderVersion: number;
  language: 'sv' | 'en';
  changedAt: string;
}

/** A purpose of a current notice that rests on consent, with the person's standing on it. */
export interface OfferedPurpose {
  notice: { slug: string; version: number; title: Localized };
  purpose: Pick<ConsentPurpose, 'id' | 'basis' | 'title' | 'text'> & {
    /** `required`: consent is given by signing the text with BankID (ADR 0012); `none`: one step. */
    signature: 'required' | 'none';
  };
  /** given, withdrawn, not-given, or renewal-needed (given to a wording the current version has changed). */
  status: 'given' | 'withdrawn' | 'not-given' | 'renewal-needed';
  consent: HeldConsent | null;
}

/** A consent of the person's whose purpose is not offered now (the notice was withdrawn or the purpose dropped). */
export interface FormerConsent extends HeldConsent {
  notice: string;
  purpose: string;
  reason: 'notice-not-current' | 'purpose-not-current';
}

const held = (c: ConsentSummary): HeldConsent => ({
  consentId: c.consentId,
  state: c.state,
  givenUnderVersion: c.noticeVersion,
  language: c.language,
  changedAt: c.changedAt.toISOString(),
});

/** Lists what the citizen could consent to now, from the current notices, and where they stand on each. */
@Injectable()
export class ListConsentsUseCase {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly notices: NoticeTermsRepository,
  ) {}

  async execute(subjectKeys: SubjectKeyScope): Promise<{ purposes: OfferedPurpose[]; formerConsents: FormerConsent[] }> {
    const [current, mine] = await Promise.all([this.notices.listCurrent(), this.consents.listOwned(subjectKeys)]);
    const byPurpose = new Map(mine.map((c) => [`${c.notice}\n${c.purpose}`, c]));
    const purposes: OfferedPurpose[] = [];
    for (const terms of current)
      for (const purpose of terms.consentPurposes) {
        const key = `${terms.slug}\n${purpose.id}`;
        const consent = byPurpose.get(key);
        byPurpose.delete(key);
        const { reason } = checkConsent(consent, { textDigest: textDigest(purpose) });
        purposes.push({
          notice: { slug: terms.slug, version: terms.version, title: terms.title },
          purpose: {
            id: purpose.id,
            basis: purpose.basis,
            title: purpose.title,
            text: purpose.text,
            signature: purpose.signature ?? 'none',
          },
          status: reason === 'given' || reason === 'withdrawn' || reason === 'renewal-needed' ? reason : 'not-given',
          consent: consent ? held(consent) : null,
        });
      }
    const currentSlugs = new Set(current.map((t) => t.slug));
    const formerConsents = [...byPurpose.values()].map((c): FormerConsent => ({
      ...held(c),
      notice: c.notice,
      purpose: c.purpose,
      reason: currentSlugs.has(c.notice) ? 'purpose-not-current' : 'notice-not-current',
    }));
    return { purposes, formerConsents };
  }
}

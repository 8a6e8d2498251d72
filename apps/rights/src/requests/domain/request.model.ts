import type { RequestKind } from '@insyn/contracts';
import type { Localized } from '../../notices/domain/notice-terms.js';

/** `open` until an official answers it or the person withdraws it. */
export type RequestStatus = 'open' | 'answered' | 'withdrawn';

/** An official as the request records them: the role and unit show to the person, the subject key does not. */
export interface OfficialRef {
  subjectKey: string;
  role: string;
  unit?: string;
}

/** One service's part as it came in (the records themselves are kept apart, sealed). */
export interface PartSummary {
  service: string;
  receivedAt: Date;
  eventId: string;
  recordCount: number;
  /** What the service itself decided (e.g. erasure refused under arkivlagen), with its legal reason. */
  serviceDecision?: { outcome: PartOutcome; legalReason: string };
}

export const PART_OUTCOMES = ['done', 'partly-done', 'refused', 'not-applicable'] as const;
export type PartOutcome = (typeof PART_OUTCOMES)[number];

/** An official's decision on one service's part, with its legal ground from {@link LEGAL_GROUNDS}. */
export interface PartDecision {
  service: string;
  outcome: PartOutcome;
  ground: LegalGroundCode;
  note?: string;
  by: OfficialRef;
  at: Date;
}

export interface Extension {
  months: 1 | 2;
  reason: string;
  by: OfficialRef;
  at: Date;
  previousDueAt: Date;
}

export interface DataSubjectRequest {
  id: string;
  subjectKey: string;
  /**
   * While open, during a rotation of SUBJECT_KEY_SECRET (ADR 0025): the person's other keys. Those her token
   * carried when she opened it (services that have not re-keyed find her data under them), and the key it
   * was opened under once it is re-keyed (the parts services send for it still carry that one). Removed when
   * it closes.
   */
  previousSubjectKeys?: string[];
  kind: RequestKind;
  notice: { slug: string; version: number; title: Localized };
  /** What the person wrote (e.g. what to rectify); optional. */
  details?: string;
  status: RequestStatus;
  receivedAt: Date;
  dueAt: Date;
  extension?: Extension;
  /** The services that must answer (the configured registry when the request was opened). */
  expectedServices: string[];
  parts: PartSummary[];
  decisions: PartDecision[];
  lastAskedAt: Date;
  askCount: number;
  closedAt?: Date;
  closedBy?: OfficialRef | { citizen: true };
  /** An answered request's report can be downloaded until then (RIGHTS_REPORT_KEEP_DAYS after the answer); its parts are deleted after. */
  reportAvailableUntil?: Date;
  revision: number;
}

/** The legal grounds an official decides a part on, with the law they rest on. */
export const LEGAL_GROUNDS = {
  granted: { sv: 'Begäran tillgodoses', en: 'The request is granted', law: 'GDPR art. 15–21' },
  'no-data': { sv: 'Inga personuppgifter om dig behandlas här', en: 'No personal data about you is processed here', law: 'GDPR art. 15.1' },
  'legal-obligation': {
    sv: 'Uppgifterna behövs för att fullgöra en rättslig förpliktelse eller en uppgift av allmänt intresse',
    en: 'The data is needed to comply with a legal obligation or perform a task in the public interest',
    law: 'GDPR art. 17.3 b',
  },
  archiving: {
    sv: 'Allmänna handlingar bevaras eller gallras enligt arkivlagen och kommunens gallringsbeslut',
    en: 'Official documents are kept or disposed of under the Archives Act and the municipality’s disposal decisions',
    law: 'GDPR art. 17.3 b och d; arkivlagen (1990:782) 10 §',
  },
  secrecy: {
    sv: 'Uppgifterna omfattas av sekretess mot dig',
    en: 'The data is subject to secrecy towards you',
    law: 'lag (2018:218) 5 kap. 1 §; offentlighets- och sekretesslagen (2009:400)',
  },
  'manifestly-unfounded': {
    sv: 'Begäran är uppenbart ogrundad eller orimlig',
    en: 'The request is manifestly unfounded or excessive',
    law: 'GDPR art. 12.5',
  },
  'compelling-grounds': {
    sv: 'Tvingande berättigade skäl väger tyngre än dina intressen',
    en: 'Compelling legitimate grounds override your interests',
    law: 'GDPR art. 21.1',
  },
  'not-portable': {
    sv: 'Dataportabilitet gäller inte behandling av allmänt intresse eller myndighetsutövning',
    en: 'Portability does not apply to processing in the public interest or in the exercise of official authority',
    law: 'GDPR art. 20.3',
  },
} as const;
export type LegalGroundCode = keyof typeof LEGAL_GROUNDS;
export const LEGAL_GROUND_CODES = Object.keys(LEGAL_GROUNDS) as LegalGroundCode[];

/** The services whose part has not come in. */
export const missingParts = (r: DataSubjectRequest): string[] => r.expectedServices.filter((s) => !r.parts.some((p) => p.service === s));

/** The parts that are in but not yet decided by an official. */
export const undecidedParts = (r: DataSubjectRequest): string[] =>
  r.parts.filter((p) => !r.decisions.some((d) => d.service === p.service)).map((p) => p.service);

export const isOverdue = (r: DataSubjectRequest, now: Date): boolean => r.status === 'open' && now.getTime() > r.dueAt.getTime();

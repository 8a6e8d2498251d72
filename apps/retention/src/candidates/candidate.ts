/** What a rule's period can count from, as retention learns it from the owner's events. */
export const CANDIDATE_TRIGGERS = ['conversation-closed', 'inaktualitet', 'last-activity'] as const;
export type CandidateTrigger = (typeof CANDIDATE_TRIGGERS)[number];

export const isCandidateTrigger = (trigger: string): trigger is CandidateTrigger =>
  (CANDIDATE_TRIGGERS as readonly string[]).includes(trigger);

/** One candidate as forecasts and runs read it (a projection: no unit or type, they are in the question). */
export interface CandidateItem {
  /** The conversation id. */
  _id: string;
  /** The citizen's subject key, when the closing event named one. */
  subjectKey?: string;
  /** When the asked trigger happened: the closing, the confirmation that it is inaktuell, or the last message. */
  triggeredAt: Date;
  /** When the archive package was acknowledged; missing while unarchived. */
  archivedAt?: Date;
}

/** A candidate as the forecast's item list shows it: with the case reference officials know it by, when the closing named one. */
export interface ListedCandidate extends CandidateItem {
  caseReference?: string;
}

/** What the closing event tells retention about a conversation. */
export interface ClosedConversation {
  conversationId: string;
  unit: string;
  informationType: string;
  subjectKey?: string;
  closedAt: Date;
  /** The last message (the closing when the event does not say): rules "efter senaste aktivitet" count from here. */
  lastActivityAt: Date;
  /** The business system's case reference (diarienummer), when the event names one. */
  caseReference?: string;
}

/** What the inaktuell event tells retention: an official confirmed the closed conversation is no longer needed. */
export interface InaktuellConversation {
  conversationId: string;
  unit: string;
  informationType: string;
  subjectKey?: string;
  inaktuellAt: Date;
}

/** What the archived event tells retention about a conversation. */
export interface ArchivedConversation {
  conversationId: string;
  unit: string;
  archivedAt: Date;
}

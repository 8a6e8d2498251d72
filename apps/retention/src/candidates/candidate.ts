/** One candidate as forecasts and runs read it (a projection: no unit or type, they are in the question). */
export interface CandidateItem {
  /** The conversation id. */
  _id: string;
  /** The citizen's subject key, when the closing event named one. */
  subjectKey?: string;
  closedAt: Date;
  /** When the archive package was acknowledged; missing while unarchived. */
  archivedAt?: Date;
}

/** What the closing event tells retention about a conversation. */
export interface ClosedConversation {
  conversationId: string;
  unit: string;
  informationType: string;
  subjectKey?: string;
  closedAt: Date;
}

/** What the archived event tells retention about a conversation. */
export interface ArchivedConversation {
  conversationId: string;
  unit: string;
  archivedAt: Date;
}

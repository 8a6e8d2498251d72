import type { Consent, ConsentChange, ConsentSummary } from './domain/consent.js';

/** A consent as its owner sees it. */
export function consentView(c: ConsentSummary) {
  return {
    id: c.consentId,
    notice: c.notice,
    purpose: c.purpose,
    basis: c.basis,
    state: c.state,
    noticeVersion: c.noticeVersion,
    language: c.language,
    changes: c.sequence,
    changedAt: c.changedAt.toISOString(),
    createdAt: c.createdAt.toISOString(),
    links: { history: `/v1/consents/${c.consentId}/history`, receipt: `/v1/consents/${c.consentId}/receipt` },
  };
}

/** One change as evidence: what was shown, in which language, when, and how the person was signed in. */
export function changeView(change: ConsentChange) {
  return {
    sequence: change.sequence,
    state: change.state,
    at: change.at.toISOString(),
    notice: change.notice,
    purpose: change.purpose,
    text: change.text,
    language: change.language,
    textShown: change.text[change.language] ?? change.text.sv,
    textDigest: change.textDigest,
    signedIn: change.method,
    // What the signature says; BankID's raw evidence stays sealed with the service.
    ...(change.signature
      ? {
          signed: {
            provider: change.signature.provider,
            signedAt: change.signature.signedAt,
            orderRef: change.signature.orderRef,
            signedTextDigest: change.signature.signedTextDigest,
            evidenceDigest: change.signature.evidenceDigest,
          },
        }
      : {}),
  };
}

export function historyView(c: Consent) {
  return { consent: consentView(c), changes: c.history.map(changeView) };
}

import type { PartEncryptionKey, RightsRequestClosedV1, RightsRequestOpenedV1 } from '@insyn/contracts';
import type { DataSubjectRequest } from './request.model.js';

/** rights.request.opened.v1 for a request: on opening, and again when parts stay missing. */
export function requestOpened(r: DataSubjectRequest, encryptTo: PartEncryptionKey): RightsRequestOpenedV1 {
  return {
    requestId: r.id,
    kind: r.kind,
    subjectKey: r.subjectKey,
    ...(r.previousSubjectKeys?.length ? { previousSubjectKeys: r.previousSubjectKeys } : {}),
    openedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    encryptTo,
  };
}

export function requestClosed(r: DataSubjectRequest, outcome: 'answered' | 'withdrawn', at: Date): RightsRequestClosedV1 {
  return { requestId: r.id, outcome, closedAt: at.toISOString() };
}

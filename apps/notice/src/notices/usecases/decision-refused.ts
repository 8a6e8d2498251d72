import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@insyn/observability';
import type { DecisionRefusal } from '../domain/approval.js';

/** The problem for an approval or rejection the four-eyes rules refuse (ADR 0023). */
export function refused(refusal: DecisionRefusal, slug: string, action: 'approve' | 'reject'): ProblemException {
  switch (refusal.kind) {
    case 'nothing-pending':
      return new ProblemException(
        HttpStatus.CONFLICT,
        'nothing-pending',
        'Nothing awaits approval',
        `No draft revision of ${slug} is waiting for approval; an editor submits it with POST /v1/notices/${slug}/publish.`,
      );
    case 'stale-revision':
      return new ProblemException(
        HttpStatus.CONFLICT,
        'stale-revision',
        'Another revision awaits approval',
        `Draft revision ${refusal.pendingRevision} of ${slug} is the one waiting for approval, not ${refusal.draftRevision}; read the draft again.`,
        undefined,
        { pendingRevision: refusal.pendingRevision },
      );
    case 'same-person':
      return new ProblemException(
        HttpStatus.FORBIDDEN,
        'same-person',
        'A second person must decide',
        `You submitted ${slug} for approval; another official with the role notice-approver or dpo must ${action} it.`,
      );
  }
}

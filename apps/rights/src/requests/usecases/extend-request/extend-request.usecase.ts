import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Problems, ProblemException } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { DataSubjectRequest } from '../../domain/request.model.js';
import { officialRef, planExtension } from '../../domain/request.rules.js';
import { onCurrentRevision } from '../current-revision.js';
import { RequestsRepository } from '../../persistence/requests.repository.js';

/** An official extends a request by one or two months, with the reason the person is shown (art. 12.3). */
@Injectable()
export class ExtendRequestUseCase {
  constructor(
    private readonly requests: RequestsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, months: 1 | 2, reason: string, official: Principal): Promise<DataSubjectRequest> {
    return onCurrentRevision(
      this.requests,
      id,
      async (request) => {
        if (!request) throw Problems.notFound(`The request ${id}`);
        const now = this.clock.now();
        const plan = planExtension(request, months, now);
        if (!plan.ok)
          throw new ProblemException(plan.refusal.status, plan.refusal.type, 'The request cannot be extended', plan.refusal.detail);
        const extension = { months, reason, by: officialRef(official), at: now, previousDueAt: request.dueAt };
        if (!(await this.requests.extend(id, request.revision, extension, plan.dueAt))) return undefined;
        return { ...request, extension, dueAt: plan.dueAt, revision: request.revision + 1 };
      },
      'extended',
    );
  }
}

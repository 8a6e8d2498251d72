import { Injectable } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Problems, ProblemException } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { DataSubjectRequest } from '../../domain/request.model.js';
import { applyDecisions, type DecisionInput, officialRef } from '../../domain/request.rules.js';
import { onCurrentRevision } from '../current-revision.js';
import { RequestsRepository } from '../../persistence/requests.repository.js';

/** An official decides parts of a request, each with an outcome and a legal ground from the list. */
@Injectable()
export class DecidePartsUseCase {
  constructor(
    private readonly requests: RequestsRepository,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, inputs: DecisionInput[], official: Principal): Promise<DataSubjectRequest> {
    return onCurrentRevision(
      this.requests,
      id,
      async (request) => {
        if (!request) throw Problems.notFound(`The request ${id}`);
        const planned = applyDecisions(request, inputs, officialRef(official), this.clock.now());
        if (!planned.ok)
          throw new ProblemException(
            planned.refusal.status,
            planned.refusal.type,
            'The decision cannot be recorded',
            planned.refusal.detail,
          );
        if (!(await this.requests.decide(id, request.revision, planned.decisions))) return undefined;
        return { ...request, decisions: planned.decisions, revision: request.revision + 1 };
      },
      'decided',
    );
  }
}

import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type PartEncryptionKey, type RequestKind, RightsRequestOpenedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Problems, ProblemException } from '@insyn/observability';
import { Clock, IdGenerator } from '@insyn/platform';
import type { RightsEnv } from '../../../config/rights-env.js';
import { RightsKeys } from '../../../keys/rights-keys.js';
import { NoticeTermsRepository } from '../../../notices/persistence/notice-terms.repository.js';
import { answerDueAt } from '../../domain/legal-clock.js';
import { requestOpened } from '../../domain/request.events.js';
import type { DataSubjectRequest } from '../../domain/request.model.js';
import { REQUESTS_COLLECTION } from '../../persistence/request.schema.js';
import { RequestsRepository } from '../../persistence/requests.repository.js';

export interface OpenRequestInput {
  /** The key the request is opened under: the token's current one. */
  subjectKey: string;
  /** Every key of hers (ADR 0025): one of a kind open under any of them is the one she has open. */
  subjectKeys?: readonly string[];
  notice: string;
  kind: RequestKind;
  details?: string;
}

/**
 * Opens a data-subject request under a notice: refused when the notice's legal bases do not give that
 * right (422, naming the article) or when the person already has one of that kind open (409, with a link
 * to it). The request and its rights.request.opened.v1 (carrying the key parts are encrypted to) are one
 * insert; every configured data-holding service answers it with a part.
 */
@Injectable()
export class OpenRequestUseCase {
  private readonly services: string[];

  constructor(
    private readonly requests: RequestsRepository,
    private readonly notices: NoticeTermsRepository,
    private readonly keys: RightsKeys,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    config: ConfigService<RightsEnv, true>,
  ) {
    this.services = config.get('RIGHTS_DATA_SERVICES', { infer: true }).split(',');
  }

  async execute(input: OpenRequestInput): Promise<DataSubjectRequest> {
    const terms = await this.notices.current(input.notice);
    if (!terms) throw Problems.notFound(`The notice ${input.notice}`);
    const term = terms.requestKinds[input.kind];
    if (!term.applies)
      throw new ProblemException(
        422,
        'right-not-given',
        'The notice’s legal bases do not give this right',
        `A request for ${input.kind} (GDPR art. ${term.article}) does not apply to the processing “${terms.title.sv}”: its legal bases do not give that right.`,
        undefined,
        { article: term.article },
      );
    const existing = await this.requests.findOpen(input.subjectKeys ?? input.subjectKey, input.notice, input.kind);
    if (existing) throw duplicate(existing);

    const now = this.clock.now();
    // During a rotation of SUBJECT_KEY_SECRET the services are told her other keys too (ADR 0025).
    const previousSubjectKeys = (input.subjectKeys ?? []).filter((k) => k !== input.subjectKey);
    const request: DataSubjectRequest = {
      id: this.ids.next(),
      subjectKey: input.subjectKey,
      ...(previousSubjectKeys.length ? { previousSubjectKeys } : {}),
      kind: input.kind,
      notice: { slug: terms.slug, version: terms.version, title: terms.title },
      ...(input.details ? { details: input.details } : {}),
      status: 'open',
      receivedAt: now,
      dueAt: answerDueAt(now),
      expectedServices: this.services,
      parts: [],
      decisions: [],
      lastAskedAt: now,
      askCount: 1,
      revision: 0,
    };
    const event = this.events.outboxEntry(
      RightsRequestOpenedV1Event,
      requestOpened(request, this.keys.encryptionJwk() as PartEncryptionKey),
      {
        subjectKey: request.subjectKey,
      },
    );
    const outbox = await this.requests.insert(request, event);
    if (!outbox) {
      // Another request of the same kind was opened at the same moment: the first stands.
      const winner = await this.requests.findOpen(input.subjectKeys ?? input.subjectKey, input.notice, input.kind);
      throw winner ? duplicate(winner) : Problems.conflict('The request could not be opened; try again.');
    }
    await this.relay.enqueued(REQUESTS_COLLECTION, request.id, outbox);
    return request;
  }
}

function duplicate(open: DataSubjectRequest): ProblemException {
  return new ProblemException(
    409,
    'request-already-open',
    'You already have such a request open',
    `Your request for ${open.kind} under this notice, received ${open.receivedAt.toISOString().slice(0, 10)}, is still open.`,
    undefined,
    { openRequest: `/v1/requests/${open.id}` },
  );
}

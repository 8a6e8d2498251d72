import { Injectable } from '@nestjs/common';
import { Clock } from '@insyn/platform';
import { keysIn, type SubjectKeyScope } from '@insyn/auth';
import { Problems, ProblemException } from '@insyn/observability';
import { NoticeTermsRepository } from '../notices/persistence/notice-terms.repository.js';
import type { DataSubjectRequest, RequestStatus } from './domain/request.model.js';
import { PartVault } from './persistence/part-vault.js';
import { RequestsRepository } from './persistence/requests.repository.js';
import { type Registerutdrag, registerutdrag, releases } from './report/registerutdrag.js';

const ID = /^[A-Za-z0-9_-]{8,100}$/;
const MAX_LISTED = 500;

/** The read side of requests: a person's own, the officials' queue, and the answer's download. */
@Injectable()
export class RequestsQuery {
  constructor(
    private readonly requests: RequestsRepository,
    private readonly notices: NoticeTermsRepository,
    private readonly vault: PartVault,
    private readonly clock: Clock,
  ) {}

  listOwn(subjectKeys: SubjectKeyScope): Promise<DataSubjectRequest[]> {
    return this.requests.listBySubject(subjectKeys, MAX_LISTED);
  }

  /** A person's own request (under any of her keys, ADR 0025); another person's, or a malformed id, is simply not found. */
  async own(subjectKeys: SubjectKeyScope, id: string): Promise<DataSubjectRequest> {
    const request = ID.test(id) ? await this.requests.findById(id) : null;
    if (!request || !keysIn(subjectKeys).includes(request.subjectKey))
      throw Problems.notFound(`The request ${ID.test(id) ? id : ''}`.trim());
    return request;
  }

  async byId(id: string): Promise<DataSubjectRequest> {
    const request = ID.test(id) ? await this.requests.findById(id) : null;
    if (!request) throw Problems.notFound('The request');
    return request;
  }

  /** The officials' queue: requests in a status, the earliest due first, after `after` when given. */
  queue(filter: { status: RequestStatus; after?: { dueAt: Date; id: string }; limit: number }): Promise<DataSubjectRequest[]> {
    return this.requests.listByDue(filter);
  }

  /** The answer to the person's own access or portability request, once answered. */
  async report(subjectKeys: SubjectKeyScope, id: string): Promise<Registerutdrag> {
    const request = await this.own(subjectKeys, id);
    if (request.kind !== 'access' && request.kind !== 'portability')
      throw new ProblemException(
        404,
        'no-report',
        'No report',
        `A request for ${request.kind} is answered by its decisions; there is no data to download.`,
      );
    if (request.status !== 'answered')
      throw new ProblemException(
        409,
        'not-answered',
        'Not answered yet',
        `The request is ${request.status}; the report is ready when it is answered.`,
      );
    if (request.reportAvailableUntil && this.clock.now().getTime() >= request.reportAvailableUntil.getTime())
      throw new ProblemException(
        410,
        'report-expired',
        'The report is no longer kept',
        `The report could be downloaded until ${request.reportAvailableUntil.toISOString()}; its data has been deleted. Ask again with a new request.`,
      );
    // Only the parts an official released are opened at all; registerutdrag() leaves the others' records out too.
    const released = new Set(request.decisions.filter((d) => releases(d.outcome)).map((d) => d.service));
    const sealed = (await this.requests.partRecords(request.id)).filter((p) => released.has(p.service));
    const parts = sealed.map((p) => ({ service: p.service, records: this.vault.open(request.id, p.service, p.sealedRecords) }));
    const terms = await this.notices.version(request.notice.slug, request.notice.version);
    return registerutdrag(request, terms, parts);
  }
}

import { describe, expect, it } from '@jest/globals';
import type { Clock } from '@insyn/platform';
import { problemOf, strictFake } from '@insyn/testing';
import type { NoticeTermsRepository } from '../notices/persistence/notice-terms.repository.js';
import type { DataSubjectRequest } from './domain/request.model.js';
import type { PartVault } from './persistence/part-vault.js';
import type { RequestsRepository } from './persistence/requests.repository.js';
import { RequestsQuery } from './requests.query.js';

const answeredAt = new Date('2026-04-20T12:30:00.000Z');
const until = new Date('2026-07-19T12:30:00.000Z');
const request: DataSubjectRequest = {
  id: 'req-0001-abcd',
  subjectKey: 'subject-key',
  kind: 'access',
  notice: { slug: 'umea-behandling', version: 1, title: { sv: 'Behandling', en: 'Processing' } },
  status: 'answered',
  receivedAt: new Date('2026-04-01T10:00:00.000Z'),
  dueAt: new Date('2026-05-01T10:00:00.000Z'),
  expectedServices: ['messages'],
  parts: [{ service: 'messages', receivedAt: answeredAt, eventId: 'e1', recordCount: 1 }],
  decisions: [{ service: 'messages', outcome: 'done', ground: 'granted', by: { subjectKey: 'o', role: 'dpo' }, at: answeredAt }],
  lastAskedAt: answeredAt,
  askCount: 1,
  closedAt: answeredAt,
  reportAvailableUntil: until,
  revision: 3,
};

function query(now: Date): RequestsQuery {
  const requests = strictFake<RequestsRepository>('RequestsRepository', {
    findById: () => Promise.resolve(request),
    partRecords: () => Promise.resolve([{ service: 'messages', sealedRecords: 'sealed' }]),
  });
  const notices = strictFake<NoticeTermsRepository>('NoticeTermsRepository', { version: () => Promise.resolve(null) });
  const vault = { open: () => [{ type: 'conversation', subject: 'Hej' }] } as unknown as PartVault;
  const clock: Clock = { now: () => now };
  return new RequestsQuery(requests, notices, vault, clock);
}

describe('RequestsQuery.report', () => {
  it('gives the report until reportAvailableUntil', async () => {
    const report = await query(new Date(until.getTime() - 1)).report('subject-key', request.id);
    expect(report.services[0]!.records).toEqual([{ type: 'conversation', subject: 'Hej' }]);
  });

  it('is 410 Gone, with a problem body that says until when it was kept, from then on', async () => {
    const problem = await problemOf(query(until).report('subject-key', request.id));
    expect(problem.getStatus()).toBe(410);
    expect(problem.problemType).toBe('report-expired');
    expect(JSON.stringify(problem.getResponse())).toContain(until.toISOString());
  });
});

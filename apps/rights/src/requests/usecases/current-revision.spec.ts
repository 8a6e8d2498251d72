import { describe, expect, it, jest } from '@jest/globals';
import { strictFake } from '@insyn/testing';
import { ProblemException } from '@insyn/observability';
import type { DataSubjectRequest } from '../domain/request.model.js';
import type { RequestsRepository } from '../persistence/requests.repository.js';
import { onCurrentRevision } from './current-revision.js';

const at = (revision: number) => ({ id: 'req-0001-abcd', revision }) as DataSubjectRequest;

describe('onCurrentRevision', () => {
  it('reads the request again and checks again when a part moved the revision under the write', async () => {
    const revisions = [3, 4];
    const findById = jest.fn<RequestsRepository['findById']>().mockImplementation(() => Promise.resolve(at(revisions.shift()!)));
    const seen: number[] = [];
    const result = await onCurrentRevision(
      strictFake<RequestsRepository>('RequestsRepository', { findById }),
      'req-0001-abcd',
      (request) => {
        seen.push(request!.revision);
        return Promise.resolve(request!.revision === 4 ? 'written' : undefined);
      },
      'withdrawn',
    );
    expect(result).toBe('written');
    expect(seen).toEqual([3, 4]);
  });

  it('passes a refusal from the check straight through, without another attempt', async () => {
    const findById = jest.fn<RequestsRepository['findById']>().mockResolvedValue(null);
    const refusal = new ProblemException(404, 'not-found', 'Not found', 'no such request');
    await expect(
      onCurrentRevision(
        strictFake<RequestsRepository>('RequestsRepository', { findById }),
        'x',
        () => Promise.reject(refusal),
        'withdrawn',
      ),
    ).rejects.toBe(refusal);
    expect(findById).toHaveBeenCalledTimes(1);
  });

  it('answers 409 when the write keeps losing', async () => {
    let revision = 0;
    const findById = jest.fn<RequestsRepository['findById']>().mockImplementation(() => Promise.resolve(at(revision++)));
    const attempt = onCurrentRevision(
      strictFake<RequestsRepository>('RequestsRepository', { findById }),
      'x',
      () => Promise.resolve(undefined),
      'decided',
    );
    await expect(attempt).rejects.toMatchObject({ status: 409 });
    expect(findById).toHaveBeenCalledTimes(4);
  });
});

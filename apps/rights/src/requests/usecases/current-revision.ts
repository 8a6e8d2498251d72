import { Problems } from '@insyn/observability';
import type { DataSubjectRequest } from '../domain/request.model.js';
import type { RequestsRepository } from '../persistence/requests.repository.js';

const ATTEMPTS = 4;

/**
 * Runs one read–check–write on a request's current revision. Parts arrive in the background and move the
 * revision; a write that lost to one reads the request again and checks again, so a person who withdraws,
 * or an official who extends, decides or answers, does not see a 409 because a service answered at the
 * same moment. `step` throws its refusals and returns `undefined` when its conditional write found another
 * revision; a 409 comes only when that keeps happening.
 */
export async function onCurrentRevision<T>(
  requests: RequestsRepository,
  id: string,
  step: (request: DataSubjectRequest | null) => Promise<T | undefined>,
  what: string,
): Promise<T> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const done = await step(await requests.findById(id));
    if (done !== undefined) return done;
  }
  throw Problems.conflict(`The request kept changing while it was being ${what}; read it again and retry.`);
}

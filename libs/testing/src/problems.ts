import { ProblemException } from '@insyn/observability';

/** The problem a use case's promise rejected with; fails when it resolved or threw something else. */
export async function problemOf(promise: Promise<unknown>): Promise<ProblemException> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: value }),
    (error: unknown) => ({ rejected: error }),
  );
  if ('resolved' in outcome) throw new Error(`expected a ProblemException, but it resolved with ${JSON.stringify(outcome.resolved)}`);
  if (!(outcome.rejected instanceof ProblemException)) {
    throw new Error(`expected a ProblemException, got ${String(outcome.rejected)}`, { cause: outcome.rejected });
  }
  return outcome.rejected;
}

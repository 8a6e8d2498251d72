import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContextStore {
  correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

/**
 * The correlation id of the HTTP request or Kafka event being handled, carried through async calls,
 * so logs, problem bodies and the events a request causes all name the same id.
 */
export const RequestContext = {
  run<T>(store: RequestContextStore, fn: () => T): T {
    return storage.run(store, fn);
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
};

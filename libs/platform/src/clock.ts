import { Injectable } from '@nestjs/common';

/** Where the time comes from. Inject it; never call `new Date()` in a use case. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * Resolves with the promise's value, or with `fallback` once `ms` have passed: for shutdown steps that
 * must not hang when a dependency is gone (a broker that no longer answers never lets a disconnect finish).
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise.catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import { Clock } from '@insyn/platform';

/**
 * A clock the test sets: pass it to `createTestApp(..., { clock })` and every use case, scheduler and
 * event of the app reads the simulated time. Several apps may share one, so they agree on "now" while a
 * test moves through years of simulated time.
 */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T09:00:00Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): Date {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`ManualClock.set: not a date: ${String(at)}`);
    this.current = ms;
    return this.now();
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}

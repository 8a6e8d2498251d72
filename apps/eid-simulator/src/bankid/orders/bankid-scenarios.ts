import { Injectable } from '@nestjs/common';
import { type InjectableError } from '../bankid-error.js';
import type { CollectState } from './collect-state.js';

/** Where the error injection's dice come from; tests replace it. */
@Injectable()
export class Dice {
  /** A number in [0, 1). */
  roll(): number {
    return Math.random();
  }
}

export type RpEndpoint = 'auth' | 'sign' | 'collect' | 'cancel';

/** A scripted order, like ActiveLogin's simulator: collect call n answers `states[n]` (the last one repeats). */
export interface Scenario {
  states: CollectState[];
  /** Who a `complete` step completes as; default: the order's required person, else the default test user. */
  personalNumber?: string;
}

export interface ErrorInjection {
  rate: number;
  errors: InjectableError[];
  endpoints: RpEndpoint[];
}

interface QueuedScenario {
  scenario: Scenario;
  remaining: number;
}

/** The scripted outcomes and injected errors the control API set, in memory. */
@Injectable()
export class BankIdScenarios {
  private queue: QueuedScenario[] = [];
  private always: Scenario | undefined;
  private injection: ErrorInjection | undefined;

  constructor(private readonly dice: Dice) {}

  /** The next `orders` orders follow the scenario (after those queued before). */
  queueForNext(scenario: Scenario, orders: number): void {
    this.queue.push({ scenario, remaining: orders });
  }

  /** Every order follows the scenario once the queue is empty; `undefined` ends that. */
  setForAll(scenario: Scenario | undefined): void {
    this.always = scenario;
  }

  /** The scenario a new order takes: the head of the queue, else the one for all, else none (the phone decides). */
  takeForNewOrder(): Scenario | undefined {
    const head = this.queue[0];
    if (head) {
      head.remaining -= 1;
      if (head.remaining <= 0) this.queue.shift();
      return head.scenario;
    }
    return this.always;
  }

  setErrors(injection: ErrorInjection | undefined): void {
    this.injection = injection;
  }

  /** Rolls for an injected error on a call to `endpoint`. */
  injectedError(endpoint: RpEndpoint): InjectableError | undefined {
    const inj = this.injection;
    if (!inj || inj.errors.length === 0 || !inj.endpoints.includes(endpoint)) return undefined;
    if (this.dice.roll() >= inj.rate) return undefined;
    return inj.errors[Math.min(inj.errors.length - 1, Math.floor(this.dice.roll() * inj.errors.length))];
  }

  describe(): { queued: { scenario: Scenario; remaining: number }[]; forAll: Scenario | null; errors: ErrorInjection | null } {
    return {
      queued: this.queue.map((q) => ({ scenario: q.scenario, remaining: q.remaining })),
      forAll: this.always ?? null,
      errors: this.injection ?? null,
    };
  }

  clearScenarios(): void {
    this.queue = [];
    this.always = undefined;
  }

  reset(): void {
    this.queue = [];
    this.always = undefined;
    this.injection = undefined;
  }
}

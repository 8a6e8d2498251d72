import { metric } from '@insyn/observability';
import { Counter } from 'prom-client';

/**
 * What an operator alerts on: e-ID orders by provider and how they ended. `started` and `start-failed`
 * when the order is placed; then `complete`, `failed` or `cancelled` once, by the instance that stored
 * the end. `reason` is the provider's hint or our error code (a fixed vocabulary, never personal data).
 */
export const eidOrders = metric(
  'insyn_identity_eid_orders_total',
  () =>
    new Counter({
      name: 'insyn_identity_eid_orders_total',
      help: 'e-ID orders (BankID, Freja) by provider, outcome (started, start-failed, complete, failed, cancelled) and reason',
      labelNames: ['provider', 'outcome', 'reason'],
    }),
);

const REASON = /^[A-Za-z][A-Za-z0-9:_-]{0,47}$/;

/** Counts one order outcome; a reason outside the providers' vocabulary is counted as `other`. */
export function countEidOrder(
  provider: string,
  outcome: 'started' | 'start-failed' | 'complete' | 'failed' | 'cancelled',
  reason = '',
): void {
  eidOrders().inc({ provider, outcome, reason: reason === '' || REASON.test(reason) ? reason : 'other' });
}

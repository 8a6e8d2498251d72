import { register, type Metric } from 'prom-client';

/**
 * A metric registered once per process in the default registry (tests build many app instances in
 * one process, and prom-client refuses a second metric of the same name).
 */
export function metric<T extends Metric>(name: string, create: () => T): () => T {
  return () => (register.getSingleMetric(name) as T | undefined) ?? create();
}

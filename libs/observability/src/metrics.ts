import { Gauge, register, type Metric } from 'prom-client';

/**
 * A metric registered once per process in the default registry (tests build many app instances in
 * one process, and prom-client refuses a second metric of the same name).
 */
export function metric<T extends Metric>(name: string, create: () => T): () => T {
  return () => (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** One value of a sampled gauge. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Reads the current values from an app instance's database or broker; called at scrape time. */
export type Sampler = () => Promise<Sample[]>;

const samplers = new Map<string, Set<CachedSampler>>();

/** Longest a scrape waits for one sampler; a slow one answers its last values (or none). */
const SAMPLE_TIMEOUT_MS = 2_000;

class CachedSampler {
  private last: Sample[] = [];
  private at = 0;
  private inFlight?: Promise<Sample[]>;

  constructor(
    private readonly sample: Sampler,
    private readonly maxAgeMs: number,
    private readonly now: () => number,
  ) {}

  /** The values, read again when older than maxAgeMs; a failed read keeps none (the gauge then shows nothing). */
  async read(): Promise<Sample[]> {
    if (this.now() - this.at < this.maxAgeMs) return this.last;
    this.inFlight ??= this.sample()
      .then(
        (values) => values,
        () => [],
      )
      .then((values) => {
        this.last = values;
        this.at = this.now();
        return values;
      })
      .finally(() => (this.inFlight = undefined));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Sample[]>((resolve) => {
      timer = setTimeout(() => resolve(this.last), SAMPLE_TIMEOUT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([this.inFlight, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface SampledGaugeOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
}

/**
 * A gauge whose values are read when Prometheus scrapes, from every app instance in this process that
 * added a sampler (tests run several apps in one process; production runs one). Each sampler is read at
 * most once per `maxAgeMs`, so scrapes stay cheap however often they come, and waits at most 2 s.
 */
export function sampledGauge(options: SampledGaugeOptions): {
  add(sampler: Sampler, maxAgeMs?: number, now?: () => number): () => void;
} {
  const sources = samplers.get(options.name) ?? new Set<CachedSampler>();
  samplers.set(options.name, sources);
  const gauge = metric(
    options.name,
    () =>
      new Gauge({
        name: options.name,
        help: options.help,
        labelNames: [...options.labelNames],
        async collect() {
          const all = await Promise.all([...(samplers.get(options.name) ?? [])].map((s) => s.read()));
          this.reset();
          for (const { labels, value } of all.flat()) this.set(labels, value);
        },
      }),
  );
  return {
    add(sampler, maxAgeMs = 15_000, now = Date.now) {
      gauge();
      const cached = new CachedSampler(sampler, maxAgeMs, now);
      sources.add(cached);
      return () => sources.delete(cached);
    },
  };
}

/**
 * People still stored under a previous SUBJECT_KEY_SECRET, by store, as this instance's last re-keying
 * counted them (ADR 0025): the previous secrets may be removed when every service shows 0.
 */
export const subjectKeysLeft = metric(
  'insyn_subject_keys_previous_left',
  () =>
    new Gauge({
      name: 'insyn_subject_keys_previous_left',
      help: 'People still stored under a previous SUBJECT_KEY_SECRET, by store, at the last re-keying (0: none left)',
      labelNames: ['store'],
    }),
);

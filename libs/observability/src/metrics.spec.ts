import { describe, expect, it } from '@jest/globals';
import { register } from 'prom-client';
import { type Sample, sampledGauge } from './metrics.js';

async function scrape(name: string): Promise<string> {
  return (await register.getSingleMetric(name)!.get()).values.map((v) => `${JSON.stringify(v.labels)}=${v.value}`).join(' ');
}

describe('sampledGauge', () => {
  it('reads every added sampler at scrape time and drops one that was removed', async () => {
    const gauge = sampledGauge({ name: 'test_sampled_sources', help: 'test', labelNames: ['app'] });
    const removeA = gauge.add(() => Promise.resolve<Sample[]>([{ labels: { app: 'a' }, value: 1 }]), 0);
    gauge.add(() => Promise.resolve<Sample[]>([{ labels: { app: 'b' }, value: 2 }]), 0);
    expect(await scrape('test_sampled_sources')).toBe('{"app":"a"}=1 {"app":"b"}=2');
    removeA();
    expect(await scrape('test_sampled_sources')).toBe('{"app":"b"}=2');
  });

  it('reads a sampler again only when its last values are older than maxAgeMs', async () => {
    const gauge = sampledGauge({ name: 'test_sampled_cache', help: 'test', labelNames: [] });
    let now = 0;
    let reads = 0;
    gauge.add(
      () => Promise.resolve([{ labels: {}, value: ++reads }]),
      15_000,
      () => now,
    );
    now = 20_000;
    expect(await scrape('test_sampled_cache')).toBe('{}=1');
    now = 30_000;
    expect(await scrape('test_sampled_cache')).toBe('{}=1');
    now = 35_001;
    expect(await scrape('test_sampled_cache')).toBe('{}=2');
    expect(reads).toBe(2);
  });

  it('shows nothing for a sampler that fails, and the others still', async () => {
    const gauge = sampledGauge({ name: 'test_sampled_failure', help: 'test', labelNames: ['app'] });
    gauge.add(() => Promise.reject(new Error('the database is down')), 0);
    gauge.add(() => Promise.resolve([{ labels: { app: 'ok' }, value: 3 }]), 0);
    expect(await scrape('test_sampled_failure')).toBe('{"app":"ok"}=3');
  });

  it('does not let a slow sampler hold a scrape longer than two seconds', async () => {
    const gauge = sampledGauge({ name: 'test_sampled_slow', help: 'test', labelNames: ['app'] });
    gauge.add(() => new Promise<Sample[]>(() => undefined), 0);
    const started = Date.now();
    expect(await scrape('test_sampled_slow')).toBe('');
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

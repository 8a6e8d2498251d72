import { describe, expect, it } from '@jest/globals';
import { healthSamples } from './health.controller.js';
import { httpLabels } from './http-context.middleware.js';

describe('HTTP duration labels', () => {
  it('name the route template and the status class, never the raw path', () => {
    const req = { method: 'GET', baseUrl: '', route: { path: '/v1/conversations/:id' }, path: '/v1/conversations/199001011234' };
    expect(httpLabels(req, 404)).toEqual({ method: 'GET', route: '/v1/conversations/:id', status_class: '4xx' });
  });

  it('put every request that matched no route under one value, and unknown methods under OTHER', () => {
    expect(httpLabels({ method: 'PROPFIND', baseUrl: '' }, 404)).toEqual({ method: 'OTHER', route: 'unmatched', status_class: '4xx' });
    expect(httpLabels({ method: 'POST', baseUrl: '', route: { path: /x/ } }, 503)).toEqual({
      method: 'POST',
      route: 'unmatched',
      status_class: '5xx',
    });
  });
});

describe('health samples', () => {
  it('are 1 up, 0.5 degraded and 0 down for each indicator', () => {
    expect(
      healthSamples({
        details: { mongodb: { status: 'up' }, kafka: { status: 'down' }, archive: { status: 'degraded' } } as never,
      }),
    ).toEqual([
      { labels: { indicator: 'mongodb' }, value: 1 },
      { labels: { indicator: 'kafka' }, value: 0 },
      { labels: { indicator: 'archive' }, value: 0.5 },
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { checkEndpoints, startTracing, tracesProtocol, tracingEnabled } from './tracing.js';

describe('tracing configuration (the standard OTEL_* variables)', () => {
  it('is off without an OTLP endpoint, and then starts nothing', async () => {
    expect(tracingEnabled({})).toBe(false);
    expect(await startTracing('test', {})).toBeUndefined();
  });

  it('is on with an endpoint, unless disabled', () => {
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
  });

  it('exports over http/protobuf unless http/json is asked for, and refuses grpc at start', async () => {
    expect(tracesProtocol({})).toBe('http/protobuf');
    expect(tracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBe('http/json');
    expect(tracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' })).toBe('http/json');
    await expect(
      startTracing('test', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).rejects.toThrow('OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json (was "grpc")');
  });

  it('refuses an endpoint that is not an http(s) URL, naming the variable', () => {
    expect(() => checkEndpoints({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' })).not.toThrow();
    expect(() => checkEndpoints({ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toThrow(
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL',
    );
    expect(() => checkEndpoints({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector' })).toThrow('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be');
  });
});

import { describe, expect, it } from '@jest/globals';
import { BaseEnv, validateEnv } from './config.js';

const valid = { MONGODB_URI: 'mongodb://127.0.0.1:27017/', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('validateEnv', () => {
  it('converts strings to the declared types and applies defaults', () => {
    const env = validateEnv(BaseEnv)({ ...valid, PORT: '4001', KAFKA_TOPIC_PARTITIONS: '6' });
    expect(env.PORT).toBe(4001);
    expect(env.KAFKA_TOPIC_PARTITIONS).toBe(6);
    expect(env.KAFKA_REPLICATION_FACTOR).toBe(1);
    expect(env.NODE_ENV).toBe('development');
  });

  it('refuses to start and names every bad variable', () => {
    const attempt = () => validateEnv(BaseEnv)({ MONGODB_URI: 'postgres://x', KAFKA_BROKERS: 'no-port', PORT: '99999' });
    expect(attempt).toThrow(/will not start/);
    expect(attempt).toThrow(/MONGODB_URI: MONGODB_URI must be a mongodb:\/\//);
    expect(attempt).toThrow(/KAFKA_BROKERS: KAFKA_BROKERS must be host:port/);
    expect(attempt).toThrow(/PORT: PORT must not be greater than 65535/);
  });

  it('takes a Kafka session timeout within the broker’s default bounds, 30 s when unset', () => {
    expect(validateEnv(BaseEnv)(valid).KAFKA_SESSION_TIMEOUT_MS).toBe(30_000);
    expect(validateEnv(BaseEnv)({ ...valid, KAFKA_SESSION_TIMEOUT_MS: '10000' }).KAFKA_SESSION_TIMEOUT_MS).toBe(10_000);
    expect(() => validateEnv(BaseEnv)({ ...valid, KAFKA_SESSION_TIMEOUT_MS: '5999' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS must not be less than 6000/,
    );
    expect(() => validateEnv(BaseEnv)({ ...valid, KAFKA_SESSION_TIMEOUT_MS: '10s' })).toThrow(/KAFKA_SESSION_TIMEOUT_MS/);
  });

  it('commits consumer offsets every second unless told otherwise, between 100 ms and a minute', () => {
    expect(validateEnv(BaseEnv)(valid).KAFKA_COMMIT_INTERVAL_MS).toBe(1_000);
    expect(validateEnv(BaseEnv)({ ...valid, KAFKA_COMMIT_INTERVAL_MS: '250' }).KAFKA_COMMIT_INTERVAL_MS).toBe(250);
    expect(() => validateEnv(BaseEnv)({ ...valid, KAFKA_COMMIT_INTERVAL_MS: '99' })).toThrow(
      /KAFKA_COMMIT_INTERVAL_MS must not be less than 100/,
    );
    expect(() => validateEnv(BaseEnv)({ ...valid, KAFKA_COMMIT_INTERVAL_MS: '60001' })).toThrow(
      /KAFKA_COMMIT_INTERVAL_MS must not be greater than 60000/,
    );
    expect(() => validateEnv(BaseEnv)({ ...valid, KAFKA_COMMIT_INTERVAL_MS: '1s' })).toThrow(/KAFKA_COMMIT_INTERVAL_MS/);
  });

  it('scans outboxes for unmarked events every minute unless told otherwise, between 1 s and an hour', () => {
    expect(validateEnv(BaseEnv)(valid).OUTBOX_SCAN_INTERVAL_MS).toBe(60_000);
    expect(validateEnv(BaseEnv)({ ...valid, OUTBOX_SCAN_INTERVAL_MS: '2000' }).OUTBOX_SCAN_INTERVAL_MS).toBe(2_000);
    expect(() => validateEnv(BaseEnv)({ ...valid, OUTBOX_SCAN_INTERVAL_MS: '999' })).toThrow(
      /OUTBOX_SCAN_INTERVAL_MS must not be less than 1000/,
    );
    expect(() => validateEnv(BaseEnv)({ ...valid, OUTBOX_SCAN_INTERVAL_MS: '3600001' })).toThrow(/OUTBOX_SCAN_INTERVAL_MS/);
  });

  it('names a missing required variable', () => {
    expect(() => validateEnv(BaseEnv)({ KAFKA_BROKERS: '127.0.0.1:9092' })).toThrow(/MONGODB_URI/);
  });

  it('runs the checks of several variables once each variable is valid, and reports them the same way', () => {
    const check = (env: BaseEnv) => (env.KAFKA_SSL === 'true' ? [] : ['KAFKA_SSL: must be true here']);
    expect(() => validateEnv(BaseEnv, [check])(valid)).toThrow(/will not start:\n {2}KAFKA_SSL: must be true here/);
    expect(validateEnv(BaseEnv, [check])({ ...valid, KAFKA_SSL: 'true' }).KAFKA_SSL).toBe('true');
    expect(() => validateEnv(BaseEnv, [check])({ ...valid, PORT: 'x' })).toThrow(/PORT/);
  });
});

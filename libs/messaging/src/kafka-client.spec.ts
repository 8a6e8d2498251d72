import { describe, expect, it } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { logLevel, type LogEntry } from 'kafkajs';
import { kafkaLogCreator } from './kafka-client.js';

function setUp() {
  const lines: string[] = [];
  let clock = 0;
  const logger = {
    error: (m: string) => lines.push(`error ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    debug: (m: string) => lines.push(`debug ${m}`),
  } as unknown as Logger;
  const log = kafkaLogCreator(logger, () => clock)();
  const entry = (level: logLevel, message: string, extra: object = {}): LogEntry => ({
    namespace: 'Connection',
    level,
    label: '',
    log: { timestamp: '', message, ...extra },
  });
  return { lines, log, entry, advance: (ms: number) => (clock += ms) };
}

describe('kafkajs logs', () => {
  it('logs a message once while it repeats, then once more with how many it stands for', () => {
    const { lines, log, entry, advance } = setUp();
    const refused = entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', { broker: '127.0.0.1:9092' });
    for (let i = 0; i < 70; i++) {
      log(refused);
      advance(500);
    }
    expect(lines).toEqual([
      'error Connection error: connect ECONNREFUSED 127.0.0.1:9092 {"broker":"127.0.0.1:9092"}',
      'error Connection error: connect ECONNREFUSED 127.0.0.1:9092 {"broker":"127.0.0.1:9092"} (and 59 more like it in the 30 s before)',
    ]);
  });

  it('keeps apart messages that differ in text, broker, group or level', () => {
    const { lines, log, entry } = setUp();
    log(entry(logLevel.ERROR, 'Connection error', { broker: 'a:1' }));
    log(entry(logLevel.ERROR, 'Connection error', { broker: 'b:1' }));
    log(entry(logLevel.ERROR, 'Connection error', { broker: 'a:1', groupId: 'g' }));
    log(entry(logLevel.WARN, 'Connection error', { broker: 'a:1' }));
    log(entry(logLevel.ERROR, 'Connection error', { broker: 'a:1' }));
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^warn /);
  });

  it('sends transient coordinator errors to debug, every time, and drops info', () => {
    const { lines, log, entry } = setUp();
    log(entry(logLevel.ERROR, 'Response GroupCoordinator', { error: 'The coordinator is loading and hence can not process requests' }));
    log(entry(logLevel.ERROR, 'Response GroupCoordinator', { error: 'The coordinator is loading and hence can not process requests' }));
    log(entry(logLevel.INFO, 'Consumer has joined the group'));
    expect(lines).toEqual([
      expect.stringMatching(/^debug Response GroupCoordinator/),
      expect.stringMatching(/^debug Response GroupCoordinator/),
    ]);
  });
});

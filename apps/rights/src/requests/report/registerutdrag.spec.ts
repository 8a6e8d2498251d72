import { describe, expect, it } from '@jest/globals';

import type { DataSubjectRequest, PartDecision, PartOutcome } from '../domain/request.model.js';
import { registerutdrag, registerutdragHtml } from './registerutdrag.js';

const official = { subjectKey: 'official-key', role: 'dataskyddshandläggare' };
const at = new Date('2026-04-20T12:30:00.000Z');
const decision = (service: string, outcome: PartOutcome, ground: PartDecision['ground']): PartDecision => ({
  service,
  outcome,
  ground,
  by: official,
  at,
});

function answered(decisions: PartDecision[]): DataSubjectRequest {
  const services = ['identity', 'messages', 'notifications', 'archive'];
  return {
    id: 'req-0001-abcd',
    subjectKey: 'subject-key',
    kind: 'access',
    notice: { slug: 'umea-behandling-sakra-meddelanden', version: 3, title: { sv: 'Behandling', en: 'Processing' } },
    status: 'answered',
    receivedAt: new Date('2026-04-01T10:00:00.000Z'),
    dueAt: new Date('2026-05-01T10:00:00.000Z'),
    expectedServices: services,
    parts: services.map((service) => ({ service, receivedAt: at, eventId: `e-${service}`, recordCount: 1 })),
    decisions,
    lastAskedAt: at,
    askCount: 0,
    closedAt: at,
    revision: 4,
  };
}

const parts = ['identity', 'messages', 'notifications', 'archive'].map((service) => ({
  service,
  records: [{ type: 'secret', service, body: `hemligt från ${service}` }],
}));

describe('registerutdrag', () => {
  const report = registerutdrag(
    answered([
      decision('identity', 'done', 'granted'),
      decision('messages', 'refused', 'secrecy'),
      decision('notifications', 'partly-done', 'granted'),
      // archive: no decision
    ]),
    null,
    parts,
  );

  it('releases the records of done and partly-done parts only', () => {
    const byService = Object.fromEntries(report.services.map((s) => [s.service, s]));
    expect(byService['identity']!.records).toEqual(parts[0]!.records);
    expect(byService['notifications']!.records).toEqual(parts[2]!.records);
  });

  it('gives a refused part its decision and law, never its records', () => {
    const messages = report.services.find((s) => s.service === 'messages')!;
    expect(messages.records).toEqual([]);
    expect(messages.decision).toMatchObject({ outcome: 'refused', law: expect.stringContaining('5 kap. 1 §') });
    expect(JSON.stringify(report)).not.toContain('hemligt från messages');
    expect(registerutdragHtml(report)).not.toContain('hemligt från messages');
  });

  it('gives a not-applicable part no records', () => {
    const r = registerutdrag(answered([decision('messages', 'not-applicable', 'no-data')]), null, parts);
    expect(r.services).toEqual([
      expect.objectContaining({ service: 'messages', records: [], decision: expect.objectContaining({ outcome: 'not-applicable' }) }),
    ]);
  });

  it('leaves out a part nobody decided', () => {
    expect(report.services.map((s) => s.service)).toEqual(['identity', 'messages', 'notifications']);
    expect(JSON.stringify(report)).not.toContain('hemligt från archive');
  });
});

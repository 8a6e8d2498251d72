import { describe, expect, it } from '@jest/globals';
import { Topics } from '../topics.js';
import { validatePayload } from '../validate.js';
import { PurgeRequestedV1Event, type RuleActivatedV1, RuleActivatedV1Event, RuleRetiredV1Event } from './retention.js';

const activated = (over: Partial<RuleActivatedV1> = {}): RuleActivatedV1 => ({
  ruleId: 'sakra-meddelanden-soc',
  version: 2,
  unit: 'socialtjansten',
  informationType: 'secure-message',
  action: 'archive-then-delete',
  trigger: 'conversation-closed',
  after: 'P2Y',
  preconditions: ['archived', 'receipt-received'],
  decision: { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0113', section: 'punkt 4.2' },
  activatedAt: '2025-06-01T10:00:00.000Z',
  ...over,
});

const fields = (data: unknown) => validatePayload(RuleActivatedV1Event, data).map((v) => v.field);

describe('retention.rule.activated.v1', () => {
  it('is keyed by rule id on its own topic', () => {
    expect(RuleActivatedV1Event.type).toBe(Topics.RetentionRuleActivatedV1);
    expect(RuleActivatedV1Event.key(activated())).toBe('sakra-meddelanden-soc');
  });

  it.each(['P2Y', 'P18M', 'P90D', 'P1Y6M', 'P2W', 'PT36H', 'P0D'])('accepts the period %s', (after) => {
    expect(fields(activated({ after }))).toEqual([]);
  });

  it('accepts a rule that keeps the information (no period, no preconditions)', () => {
    expect(fields(activated({ action: 'keep', after: null, preconditions: [] }))).toEqual([]);
  });

  it.each(['P1.5Y', '2 years', 'P', 'PT', '-P2Y', 'p2y', ''])('refuses the period %j', (after) => {
    expect(fields(activated({ after }))).toEqual(['data.after']);
  });

  it('names every broken part, the decision field by field', () => {
    const bad = {
      ...activated(),
      ruleId: 'Med Mellanslag',
      version: 0,
      action: 'shred',
      decision: { body: '', date: '12 mars 2024', reference: 'KS-2024/0113' },
      extra: true,
    };
    expect(fields(bad).sort()).toEqual(
      [
        'data.action',
        'data.decision.body',
        'data.decision.date',
        'data.decision.section',
        'data.extra',
        'data.ruleId',
        'data.version',
      ].sort(),
    );
  });

  it('refuses an activation without its decision', () => {
    const { decision: _d, ...rest } = activated();
    expect(fields(rest)).toEqual(['data.decision']);
  });
});

describe('retention.rule.activated.v1 under four-eyes (ADR 0024)', () => {
  it('may name who submitted and who approved the version; older events without them still validate', () => {
    expect(fields(activated({ requestedBy: 'official:SE2321000230-a', approvedBy: 'official:SE2321000230-b' }))).toEqual([]);
    expect(fields(activated())).toEqual([]);
    expect(fields(activated({ approvedBy: 'x'.repeat(121) }))).toEqual(['data.approvedBy']);
  });
});

describe('retention.rule.retired.v1', () => {
  const retired = {
    ruleId: 'sakra-meddelanden-soc',
    version: 3,
    unit: 'socialtjansten',
    informationType: 'secure-message',
    retiredAt: '2026-12-05T10:00:00.000Z',
    retiredBy: 'official:SE2321000230-a',
  };
  const violations = (data: unknown) => validatePayload(RuleRetiredV1Event, data).map((v) => v.field);

  it('is keyed by rule id on its own topic, and a rule retired before any version was active has version null', () => {
    expect(RuleRetiredV1Event.type).toBe(Topics.RetentionRuleRetiredV1);
    expect(RuleRetiredV1Event.key(retired)).toBe('sakra-meddelanden-soc');
    expect(violations(retired)).toEqual([]);
    expect(violations({ ...retired, version: null })).toEqual([]);
  });

  it('refuses a bad rule id, version, instant or a missing performer', () => {
    expect(violations({ ...retired, ruleId: 'Not A Slug', version: 0, retiredAt: 'yesterday', retiredBy: '' }).sort()).toEqual([
      'data.retiredAt',
      'data.retiredBy',
      'data.ruleId',
      'data.version',
    ]);
  });
});

describe('retention.purge.requested.v1', () => {
  const request = (ruleId: string) => ({
    requestId: 'req-0000000001',
    runId: 'run-0000000001',
    ruleId,
    ruleVersion: 1,
    chunk: 0,
    selection: {
      service: 'messages',
      unit: 'socialtjansten',
      informationType: 'secure-message',
      trigger: 'last-activity',
      triggeredBefore: '2026-01-06T00:00:00.000Z',
      requireArchived: false,
    },
    exclusions: { subjectKeys: [], itemIds: [] },
    limit: 500,
    method: 'crypto-shred',
    requestedAt: '2026-01-06T02:30:00.000Z',
  });

  it('carries every rule id the retention service accepts, short ones too', () => {
    for (const ruleId of ['ifo-2y', 'ab', 'sakra-meddelanden-soc', `a${'b'.repeat(62)}`])
      expect(validatePayload(PurgeRequestedV1Event, request(ruleId))).toEqual([]);
  });

  it('refuses a rule id the retention service would not accept', () => {
    for (const ruleId of ['Ifo-2y', 'a', '-ifo', `a${'b'.repeat(63)}`])
      expect(validatePayload(PurgeRequestedV1Event, request(ruleId)).map((v) => v.field)).toEqual(['data.ruleId']);
  });
});

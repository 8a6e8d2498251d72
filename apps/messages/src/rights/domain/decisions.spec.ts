import { describe, expect, it } from '@jest/globals';
import { REQUEST_KINDS, RightsRequestPartV1Event, validatePayload } from '@insyn/contracts';
import { accessDecision, decide, NOTICE_SLUG } from './decisions.js';

const held = (total: number, purged = 0) => ({ total, purged });
const others = REQUEST_KINDS.filter((k) => k !== 'access');

describe('decide', () => {
  it('erasure of kept messages is refused: allmänna handlingar under arkivlagen until gallring, art. 17.3 b and d', () => {
    const d = decide('erasure', held(2));
    expect(d.outcome).toBe('refused');
    for (const citation of [
      'arkivlagen (1990:782)',
      '3 § och 10 §',
      'gallringsbeslut',
      'art. 17.3 b',
      'art. 17.3 d',
      '2 kap. 4 § tryckfrihetsförordningen',
    ])
      expect(d.legalReason).toContain(citation);
    expect(d.legalReason).toContain(NOTICE_SLUG);
  });

  it('erasure is partly done when gallring already took some conversations, done when it took all', () => {
    const partly = decide('erasure', held(3, 1));
    expect(partly.outcome).toBe('partly-done');
    expect(partly.legalReason).toMatch(/^1 av 3 konversationer har redan gallrats/);
    expect(partly.legalReason).toContain('art. 17.3 b');
    expect(decide('erasure', held(2, 2)).outcome).toBe('done');
  });

  it.each(others.filter((k) => k !== 'portability'))('%s of nothing held is not applicable', (kind) => {
    const d = decide(kind, held(0));
    expect(d.outcome).toBe('not-applicable');
    expect(d.legalReason).toContain('inga konversationer');
  });

  it('portability never applies: no consent or contract (art. 20.1 a), public task (art. 20.3), as the notice states', () => {
    for (const n of [0, 4]) {
      const d = decide('portability', held(n));
      expect(d.outcome).toBe('not-applicable');
      for (const citation of ['art. 20.1 a', 'art. 20.3', 'art. 6.1 e', '9.2 g och h']) expect(d.legalReason).toContain(citation);
    }
  });

  it('rectification (supplementary statement, art. 16), restriction (art. 18.2) and objection (art. 21.1) are refused with their reasons', () => {
    expect(decide('rectification', held(1))).toEqual({
      outcome: 'refused',
      legalReason: expect.stringContaining('art. 16 andra meningen'),
    });
    expect(decide('restriction', held(1))).toEqual({ outcome: 'refused', legalReason: expect.stringContaining('art. 18.2') });
    expect(decide('objection', held(1))).toEqual({ outcome: 'refused', legalReason: expect.stringContaining('art. 21.1') });
  });

  it('every decision fits the contract (legalReason at most 2 000 characters)', () => {
    const decisions = [
      accessDecision(false),
      accessDecision(true),
      ...others.flatMap((k) => [decide(k, held(0)), decide(k, held(5)), decide(k, held(5, 2)), decide(k, held(5, 5))]),
    ];
    for (const decision of decisions) {
      expect(decision.legalReason.length).toBeLessThanOrEqual(2000);
      const payload = { requestId: 'req-00000001', service: 'messages', kind: 'erasure', decision, producedAt: new Date().toISOString() };
      expect(validatePayload(RightsRequestPartV1Event, payload)).toEqual([]);
    }
  });

  it('access is done, or partly done when the extract was shortened (pointing to the API)', () => {
    expect(accessDecision(false).outcome).toBe('done');
    expect(accessDecision(true)).toEqual({ outcome: 'partly-done', legalReason: expect.stringContaining('API:t') });
  });
});

import { describe, expect, it } from '@jest/globals';
import { factory, text } from './notice.fixtures.js';
import { validateNotice } from './notice.validation.js';
import { noticeWarnings } from './notice.warnings.js';

describe('noticeWarnings: statements GDPR expects, told to the author but never refused', () => {
  it('warns when the notice is silent on third-country transfers (art. 13.1 f) and automated decisions (art. 13.2 f)', () => {
    const silent = factory.notice();
    expect(validateNotice(silent)).toEqual([]);
    const warnings = noticeWarnings(silent);
    expect(warnings.map((w) => w.field)).toEqual(['thirdCountryTransfers', 'automatedDecisions']);
    expect(warnings[0]!.messages[0]).toContain('art. 13.1 f');
    expect(warnings[1]!.messages[0]).toContain('art. 13.2 f');
  });

  it('is satisfied by an explicit "none" (an empty list) as by a statement', () => {
    expect(noticeWarnings(factory.notice({ thirdCountryTransfers: [], automatedDecisions: [] }))).toEqual([]);
    const stated = factory.notice({
      thirdCountryTransfers: [{ country: 'US', safeguard: 'adequacy-decision', description: text('Drift.') }],
      automatedDecisions: [],
    });
    expect(noticeWarnings(stated)).toEqual([]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { validateNotice } from '../domain/notice.validation.js';
import { noticeWarnings } from '../domain/notice.warnings.js';
import { MINIMAL_NOTICE, noticeReferenceMarkdown } from './notice-reference.js';

describe('docs/notices.md, generated from the model', () => {
  it('shows a minimal example that publishes as it stands, with nothing to warn about', () => {
    expect(validateNotice({ ...MINIMAL_NOTICE, version: 1 })).toEqual([]);
    expect(noticeWarnings(MINIMAL_NOTICE)).toEqual([]);
  });

  it('lists every field by path, the code lists and the rights table', () => {
    const md = noticeReferenceMarkdown('id: x\n');
    for (const row of [
      '| `legalBasisGroups[].dataSubjects` |',
      '| `customDataCategories[].art9` |',
      '| `archiving.law` |',
      '| `roles[].organisations` |',
    ]) {
      expect(md).toContain(row);
    }
    expect(md).toContain('| `ip-address` | IP-nummer | IP address |  |');
    expect(md).toContain('| `9.2.a` | Article 9.2 a GDPR – special categories: explicit consent |');
    expect(md).toContain('| `portability` | Right to data portability | 6.1.a, 6.1.b, 9.2.a |');
    expect(md).toContain('`your-controller` (The controller you are in contact with)');
  });
});

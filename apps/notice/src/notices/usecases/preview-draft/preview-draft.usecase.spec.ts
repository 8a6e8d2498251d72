import { describe, expect, it } from '@jest/globals';
import { strictFake } from '@insyn/testing';
import { ProblemException } from '@insyn/observability';
import { GoverningRules } from '../../../governing-rules/governing-rules.js';
import type { GoverningRulesRepository } from '../../../governing-rules/persistence/governing-rules.repository.js';
import { factory } from '../../domain/notice.fixtures.js';
import type { NoticeRecord } from '../../persistence/notice.entity.js';
import type { NoticeRepository } from '../../persistence/notice.repository.js';
import { PreviewDraftUseCase } from './preview-draft.usecase.js';

const clock = { now: () => new Date('2026-03-01T10:00:00Z') };
const rules = new GoverningRules(strictFake<GoverningRulesRepository>('GoverningRulesRepository', { findAll: () => Promise.resolve([]) }));

/** The use case over one stored notice (the repository's read is all it uses). */
function previewOf(record: Partial<NoticeRecord> | null): PreviewDraftUseCase {
  const notices = { findBySlug: () => Promise.resolve(record ? ({ versions: [], ...record } as NoticeRecord) : null) };
  return new PreviewDraftUseCase(notices as unknown as NoticeRepository, rules, clock);
}

const status = async (p: Promise<unknown>) =>
  (
    (await p.then(
      () => undefined,
      (e: unknown) => e,
    )) as ProblemException
  ).getStatus();

describe('the draft as residents will see it', () => {
  it('renders the draft as the next version’s accessible page, in the language asked for', async () => {
    const { id: _id, version: _v, ...draft } = factory.notice({ title: { sv: 'Behandling, hemtjänst', en: 'Processing, home care' } });
    const preview = previewOf({ _id: 'hemtjanst', draft: draft as unknown as Record<string, unknown>, versions: [] });
    const sv = await preview.html('hemtjanst', 'sv');
    expect(sv).toContain('<html lang="sv">');
    expect(sv).toMatch(/<h1[^>]*>Behandling, hemtjänst<\/h1>/);
    expect(await preview.html('hemtjanst', 'en')).toMatch(/<h1[^>]*>Processing, home care<\/h1>/);
  });

  it('refuses a draft not complete enough to publish (422), and a notice without a draft (404)', async () => {
    await expect(status(previewOf({ _id: 'x', draft: { id: 'x', title: { sv: 'Bara en rubrik' } } }).html('x', 'sv'))).resolves.toBe(422);
    await expect(status(previewOf({ _id: 'x', draft: null }).html('x', 'sv'))).resolves.toBe(404);
    await expect(status(previewOf(null).html('x', 'sv'))).resolves.toBe(404);
  });
});

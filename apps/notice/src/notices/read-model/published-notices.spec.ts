import { describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { Broadcasts } from '@insyn/messaging';
import type { NoticeEnv } from '../../config/notice-env.js';
import { GoverningRules } from '../../governing-rules/governing-rules.js';
import type { GoverningRulesRepository } from '../../governing-rules/persistence/governing-rules.repository.js';
import type { NoticeRepository } from '../persistence/notice.repository.js';
import type { PublishedVersionRecord } from '../persistence/notice.entity.js';
import { publishedView } from '../representations/public-view.fixtures.js';
import type { PublicNoticeView } from '../representations/public-view.js';
import { PublishedNotices } from './published-notices.js';

/** A version as stored, from a view (what a publish stores and emits). */
const record = (view: PublicNoticeView): PublishedVersionRecord => ({
  version: view.version,
  publishedAt: new Date(view.publication.publishedAt),
  publishedBy: 'editor',
  content: view,
  rights: view.rights,
});

const version = (id: string, n: number, publishedAt: string): PublicNoticeView => ({
  ...publishedView({ id }),
  version: n,
  publication: { version: n, publishedAt },
});

/** The read model over a fake store of versions (the ports faked, docs/style.md 17). */
function readModel(stored: { published?: PublicNoticeView[]; withdrawn?: { view: PublicNoticeView; at: string }[] } = {}) {
  const all = [...(stored.published ?? []), ...(stored.withdrawn ?? []).map((w) => w.view)];
  const notices = {
    findAllCurrentVersions: () =>
      Promise.resolve((stored.published ?? []).map((v) => ({ slug: v.id, status: 'published' as const, version: record(v) }))),
    findAllWithdrawnVersions: () =>
      Promise.resolve((stored.withdrawn ?? []).map((w) => ({ slug: w.view.id, version: record(w.view), withdrawnAt: new Date(w.at) }))),
    findVersion: (slug: string, n: number) => {
      const found = all.find((v) => v.id === slug && v.version === n);
      return Promise.resolve(found ? record(found) : null);
    },
  } as unknown as NoticeRepository;
  const rules = new GoverningRules({
    findAll: () => Promise.resolve([]),
    findRetirements: () => Promise.resolve([]),
  } as unknown as GoverningRulesRepository);
  const config = { get: () => 'https://insyn.example.se' } as unknown as ConfigService<NoticeEnv, true>;
  return new PublishedNotices(notices, {} as Broadcasts, rules, config);
}

const summaries = (model: PublishedNotices, withWithdrawn: boolean) =>
  model
    .list({}, withWithdrawn)
    .map(({ id, version: v, status, changedAt, withdrawnAt, href }) => ({ id, version: v, status, changedAt, withdrawnAt, href }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

describe('the published notices held in memory, with the withdrawn ones for the list of changes', () => {
  it('gives each notice the instant it changed: its version published (not the day its text gives), or its withdrawal', async () => {
    const model = readModel();
    model.applyPublished(version('a', 1, '2026-12-01T10:00:00.000Z'));
    model.applyPublished(version('b', 1, '2026-12-01T11:00:00.000Z'));
    await model.applyWithdrawn('b', 1, '2026-12-02T09:00:00+01:00');

    expect(summaries(model, false)).toEqual([
      { id: 'a', version: 1, status: 'published', changedAt: '2026-12-01T10:00:00.000Z', withdrawnAt: undefined, href: '/v1/notices/a' },
    ]);
    expect(summaries(model, true)).toEqual([
      { id: 'a', version: 1, status: 'published', changedAt: '2026-12-01T10:00:00.000Z', withdrawnAt: undefined, href: '/v1/notices/a' },
      {
        id: 'b',
        version: 1,
        status: 'withdrawn',
        changedAt: '2026-12-02T08:00:00.000Z',
        withdrawnAt: '2026-12-02T08:00:00.000Z',
        href: '/v1/notices/b/versions/1',
      },
    ]);
  });

  it('a new version after a withdrawal publishes it again; a late event of the withdrawn version changes nothing', async () => {
    const model = readModel();
    const v1 = version('a', 1, '2026-12-01T10:00:00.000Z');
    model.applyPublished(v1);
    await model.applyWithdrawn('a', 1, '2026-12-02T00:00:00.000Z');
    model.applyPublished(v1);
    expect(model.latest('a')).toBeUndefined();
    await model.applyWithdrawn('a', 1, '2026-12-02T00:00:00.000Z');
    expect(summaries(model, true)).toMatchObject([{ id: 'a', status: 'withdrawn', changedAt: '2026-12-02T00:00:00.000Z' }]);

    model.applyPublished(version('a', 2, '2026-12-03T00:00:00.000Z'));
    expect(model.latest('a')?.version).toBe(2);
    expect(summaries(model, true)).toMatchObject([{ id: 'a', version: 2, status: 'published', changedAt: '2026-12-03T00:00:00.000Z' }]);
    // A withdrawal of an older version than the current one is stale.
    await model.applyWithdrawn('a', 1, '2026-12-02T00:00:00.000Z');
    expect(model.latest('a')?.version).toBe(2);
  });

  it('a withdrawal of a version it never held reads that version from the store', async () => {
    const model = readModel({ published: [version('a', 1, '2026-12-01T10:00:00.000Z')] });
    await model.applyWithdrawn('a', 1, '2026-12-02T00:00:00.000Z');
    expect(summaries(model, true)).toMatchObject([{ id: 'a', version: 1, status: 'withdrawn' }]);
  });

  it('reloads the withdrawn notices with the published ones, and filters both alike', async () => {
    const model = readModel({
      published: [version('a', 2, '2026-12-01T10:00:00.000Z')],
      withdrawn: [{ view: version('bravo', 3, '2026-11-01T10:00:00.000Z'), at: '2026-12-02T00:00:00.000Z' }],
    });
    await model.reload();
    expect(summaries(model, false).map((s) => s.id)).toEqual(['a']);
    expect(summaries(model, true)).toMatchObject([
      { id: 'a', version: 2, status: 'published' },
      { id: 'bravo', version: 3, status: 'withdrawn', withdrawnAt: '2026-12-02T00:00:00.000Z' },
    ]);
    expect(model.list({ activity: 'bravo' }, true).map((s) => s.id)).toEqual(['bravo']);
    expect(model.list({ activity: 'finns-inte' }, true)).toEqual([]);
  });
});

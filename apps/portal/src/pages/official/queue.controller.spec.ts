import { describe, expect, it } from '@jest/globals';
import { REQUEST_KINDS } from '@insyn/contracts';
import type { ConfigService } from '@nestjs/config';
import type { PortalEnv } from '../../config/portal-env.js';
import { MESSAGES } from '../../web/i18n.js';
import { PortalTheme } from '../../web/theme.js';
import { Views } from '../../web/views.js';
import { byDueDate } from './queue.controller.js';

const r = (id: string, dueAt: string, overdue: boolean) => ({
  id,
  dueAt,
  overdue,
  kind: 'access',
  notice: { slug: 'n', version: 1, title: 'Behandling, säkra meddelanden' },
  receivedAt: '2026-10-01T10:00:00.000Z',
  parts: { expected: ['messages'], received: [] },
});

describe('the requests queue', () => {
  it('puts the overdue first, then the earliest due', () => {
    const ordered = byDueDate([
      r('later', '2027-02-01T10:00:00.000Z', false),
      r('soon', '2027-01-05T10:00:00.000Z', false),
      r('late', '2026-11-30T10:00:00.000Z', true),
      r('latest', '2026-12-01T10:00:00.000Z', true),
    ]);
    expect(ordered.map((x) => x.id)).toEqual(['late', 'latest', 'soon', 'later']);
  });

  it('marks an overdue request in words, in the page’s language', () => {
    const config = { get: () => JSON.stringify({ name: 'Kommunen' }) } as unknown as ConfigService<PortalEnv, true>;
    const views = new Views(new PortalTheme(config));
    const render = (lang: 'sv' | 'en') =>
      views.render(
        'pages/official-queue.njk',
        { lang, path: '/tjanst/begaranden', csrf: 'c', idleMinutes: 20 },
        {
          queue: [r('late1234', '2026-11-30T10:00:00.000Z', true), r('soon1234', '2027-01-05T10:00:00.000Z', false)],
        },
      );
    const rows = render('sv').split('<tr').slice(2);
    expect(rows[0]).toContain('Försenad');
    expect(rows[1]).not.toContain('Försenad');
    expect(render('en')).toContain('Overdue');
  });

  it('names each kind of request in a case handler’s words with its article, not the citizen’s', () => {
    const config = { get: () => JSON.stringify({ name: 'Kommunen' }) } as unknown as ConfigService<PortalEnv, true>;
    const views = new Views(new PortalTheme(config));
    const render = (lang: 'sv' | 'en') =>
      views.render(
        'pages/official-queue.njk',
        { lang, path: '/tjanst/begaranden', csrf: 'c', idleMinutes: 20 },
        {
          queue: [r('late1234', '2026-11-30T10:00:00.000Z', true)],
        },
      );
    expect(render('sv')).toContain('Registerutdrag (art.\u00a015)');
    expect(render('en')).toContain('Right of access (art.\u00a015)');
    expect(render('en')).not.toContain('Copy of your data');
    for (const kind of REQUEST_KINDS) expect(MESSAGES[`queue.kind.${kind}`]?.en).toMatch(/\(art\.\u00a0\d+\)$/);
  });
});

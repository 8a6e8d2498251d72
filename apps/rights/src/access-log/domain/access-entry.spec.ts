import { describe, expect, it } from '@jest/globals';
import { ANNA, entry, OFFICIAL } from '../usecases/access-log-fakes.js';
import { citizenView, decodeCursor, encodeCursor, looksLikePersonnummer, officialView, pageOf, readerRoleOf } from './access-entry.js';

const names = (u: string) => (u === 'socialtjansten' ? 'Individ- och familjeomsorgen' : undefined);

describe('citizenView', () => {
  it('shows an official’s role and unit with the unit’s name, and never the official’s subject key', () => {
    const view = citizenView(entry(), names);
    expect(view.accessor).toEqual({
      kind: 'official',
      role: 'messages-handler',
      unit: 'socialtjansten',
      unitName: 'Individ- och familjeomsorgen',
    });
    expect(JSON.stringify(view)).not.toContain(OFFICIAL);
    expect(view).toMatchObject({
      accessedAt: '2026-03-01T10:00:00.000Z',
      purpose: 'handlaggning',
      resource: { type: 'conversation', conversationId: 'conv-00000001' },
    });
  });

  it('names a municipal system by its client id (a system is not a person)', () => {
    const view = citizenView(
      entry({ accessor: { kind: 'client', id: 'case-system', role: 'messages:read', unit: 'socialtjansten' } }),
      names,
    );
    expect(view.accessor).toMatchObject({ kind: 'client', clientId: 'case-system', role: 'messages:read' });
  });

  it('marks the citizen’s own reads, without repeating her key', () => {
    const view = citizenView(entry({ accessor: { kind: 'citizen', id: ANNA }, purpose: 'egen-insyn', unit: 'kommunstyrelsen' }), names);
    expect(view.accessor).toEqual({ kind: 'citizen', self: true });
    expect(JSON.stringify(view.accessor)).not.toContain(ANNA);
  });

  it('leaves the unit name out for a unit the configuration does not know', () => {
    const view = citizenView(entry({ accessor: { kind: 'official', id: OFFICIAL, role: 'x', unit: 'okand-enhet' } }), names);
    expect(view.accessor).toEqual({ kind: 'official', role: 'x', unit: 'okand-enhet' });
  });
});

describe('officialView', () => {
  it('shows the rights function who read, and which service reported it', () => {
    expect(officialView(entry(), names)).toMatchObject({ accessor: { id: OFFICIAL, kind: 'official' }, source: 'messages' });
  });
});

describe('cursors', () => {
  it('round-trip the position of an entry', () => {
    const e = entry();
    expect(decodeCursor(encodeCursor(e))).toEqual({ accessedAt: e.accessedAt, accessId: e.accessId });
  });

  it.each([
    '',
    'not a cursor',
    Buffer.from('123.x').toString('base64url'),
    Buffer.from('abc.acc-00000001').toString('base64url'),
    'a'.repeat(201),
  ])('refuse what this service did not make: %p', (text) => expect(decodeCursor(text)).toBeUndefined());
});

describe('pageOf', () => {
  const read = [1, 2, 3].map((n) => entry({ accessId: `acc-0000000${n}`, accessedAt: new Date(Date.UTC(2026, 0, 10 - n)) }));

  it('cuts the extra entry and points the cursor at the last one shown', () => {
    const page = pageOf(read, 2);
    expect(page.entries.map((e) => e.accessId)).toEqual(['acc-00000001', 'acc-00000002']);
    expect(decodeCursor(page.nextCursor!)).toEqual({ accessedAt: read[1]!.accessedAt, accessId: 'acc-00000002' });
  });

  it('gives no cursor on the last page', () => {
    expect(pageOf(read, 3)).toEqual({ entries: read });
  });
});

describe('looksLikePersonnummer', () => {
  it.each(['199908072391', '19990807-2391', '990807-2391', '9908072391', '990807+2391'])('%p looks like one', (v) =>
    expect(looksLikePersonnummer(v)).toBe(true),
  );
  it.each(['sk1_mFq3x0bIYx2jcW8Jm1ZyVXBvkVJ8yAw3D3dx3RZbJ0s', '12345', 'abcdefghijklmnop'])('%p does not', (v) =>
    expect(looksLikePersonnummer(v)).toBe(false),
  );
});

describe('readerRoleOf', () => {
  it('reads as a rights handler first, else as the data-protection officer, else not at all', () => {
    expect(readerRoleOf(['dpo', 'rights-handler'])).toBe('rights-handler');
    expect(readerRoleOf(['dpo'])).toBe('dpo');
    expect(readerRoleOf(['messages-handler'])).toBeUndefined();
  });
});

import { describe, expect, it } from '@jest/globals';
import { lawText, nextDay, requestIdOf, swedishDayStart, whatText, whoText, whyNotText, whyText } from './rights-text.js';

describe('the rights pages’ plain words', () => {
  it('names a reader by role and unit, never more; herself as "Du själv"; a system by its client id', () => {
    expect(whoText({ kind: 'official', role: 'messages-handler', unit: 'ifo', unitName: 'Individ- och familjeomsorgen' }, 'sv')).toBe(
      'En handläggare på Individ- och familjeomsorgen',
    );
    expect(whoText({ kind: 'official', role: 'dpo' }, 'en')).toBe('The data protection officer');
    expect(whoText({ kind: 'official', role: 'something-new', unit: 'hvo' }, 'sv')).toBe('En anställd på hvo');
    expect(whoText({ kind: 'citizen', self: true }, 'sv')).toBe('Du själv');
    expect(whoText({ kind: 'client', clientId: 'case-system', role: 'messages:read' }, 'sv')).toBe('Verksamhetssystem (case-system)');
  });

  it('says what was read by the conversation’s subject when she still has it, and why', () => {
    const subjects = new Map([['c-1234567890', 'Kallelse']]);
    expect(whatText({ type: 'conversation', conversationId: 'c-1234567890' }, 'read', subjects, 'sv')).toBe('Konversationen ”Kallelse”');
    expect(whatText({ type: 'attachment', conversationId: 'gone-123456' }, 'download', subjects, 'sv')).toBe('En bilaga (nedladdad)');
    expect(whatText({ type: 'access-log' }, 'read', subjects, 'en')).toBe('This log');
    expect(whyText('handlaggning', 'sv')).toBe('Handläggning av ditt ärende');
    expect(whyText('okand-anledning', 'sv')).toBe('okand-anledning');
  });

  it('explains a right the notice does not give, with the article, or the law an override cites', () => {
    expect(whyNotText('erasure', { applies: false, article: '17' }, 'sv')).toMatch(
      /^Rätten till radering gäller inte här \(artikel 17\.3 b\)/,
    );
    expect(whyNotText('objection', { applies: false, article: '21' }, 'en')).toMatch(/article 21\.1/);
    const override = {
      applies: false,
      article: '16',
      limitedBy: [
        {
          effect: 'remove',
          reason: { sv: 'Uppgifterna är arkiverade.' },
          law: { sfs: '1990:782', section: 10, label: { sv: 'arkivlagen' } },
        },
      ],
    };
    expect(whyNotText('rectification', override, 'sv')).toBe(
      'Rätten till rättelse är begränsad här enligt 10 § arkivlagen (1990:782): Uppgifterna är arkiverade.',
    );
    expect(lawText({ gdpr: '17.3.b' }, 'sv')).toBe('dataskyddsförordningen artikel 17.3 b');
  });

  it('reads a typed date as the start of that day in Swedish time, across summer time, and refuses what is no date', () => {
    expect(swedishDayStart('2026-01-15')?.toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(swedishDayStart('2026-07-15')?.toISOString()).toBe('2026-07-14T22:00:00.000Z');
    for (const bad of ['2026-02-31', '2026-13-01', '15/1/2026', '', '1999-01-01', 'igår']) expect(swedishDayStart(bad)).toBeUndefined();
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  it('takes the request id from the rights service’s link only', () => {
    expect(requestIdOf('/v1/requests/abcdefgh-123')).toBe('abcdefgh-123');
    expect(requestIdOf('https://evil.example/x')).toBeUndefined();
    expect(requestIdOf(undefined)).toBeUndefined();
  });
});

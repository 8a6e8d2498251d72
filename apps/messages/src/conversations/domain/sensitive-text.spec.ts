import { describe, expect, it } from '@jest/globals';
import { sensitiveContent } from './sensitive-text.js';

describe('sensitiveContent', () => {
  it.each([
    ['Angående ditt ärende', true],
    ['Kallelse till möte', true],
    ['Svar på din fråga om parkering', true],
  ])('lets a neutral subject through: %s', (text) => {
    expect(sensitiveContent(text, 'subject')).toEqual([]);
  });

  it.each([
    ['Beslut om ekonomiskt bistånd', /sensitive matters \(bistånd\)/],
    ['Möte om ditt missbruksärende', /missbruk/],
    ['LVU-utredning', /lvu/],
    ['Angående 19990807-2391', /personnummer/],
    ['Angående 9908072391', /personnummer/],
    ['Ring mig på 070-123 45 67', /phone/],
    ['Skriv till anna@example.se', /e-mail/],
    ['Din Diagnos', /diagnos/],
  ])('refuses %s', (text, why) => {
    const problems = sensitiveContent(text, 'subject');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.messages.join(' ')).toMatch(why);
  });

  it('takes a unit’s own terms, and does not flag a term inside another word', () => {
    expect(sensitiveContent('Om skolskjuts', 'subject', ['skolskjuts'])).toHaveLength(1);
    expect(sensitiveContent('Fråga om domstolsbesök', 'subject')).toEqual([]);
  });
});

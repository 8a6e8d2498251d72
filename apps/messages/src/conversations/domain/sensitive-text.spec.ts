import { describe, expect, it } from '@jest/globals';
import { sensitiveContent, skeleton, visibleText } from './sensitive-text.js';

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

  describe('evasions: the text is checked as it looks, not as it is encoded', () => {
    const ZWSP = '\u200b';
    it.each([
      ['a zero-width space inside a word', `Möte om ditt miss${ZWSP}bruksärende`, /missbruk/],
      ['a zero-width joiner', 'Beslut om bi\u200dstånd', /bistånd/],
      ['a zero-width non-joiner', 'Psyk\u200ciatri', /psykiatri/],
      ['a soft hyphen', 'Miss\u00adbruk', /missbruk/],
      ['a word joiner', 'L\u2060V\u2060U', /lvu/],
      ['a byte-order mark', '\ufeffmissbruk', /missbruk/],
      ['a left-to-right mark', 'dia\u200egnos', /diagnos/],
      ['a Cyrillic і (U+0456)', 'Angående m\u0456ssbruk', /missbruk/],
      ['a Cyrillic а and о', 'Ab\u043ert', /abort/],
      ['Cyrillic capitals', 'BR\u041e\u0422\u0422', /brott/],
      ['a Cyrillic capital in a lower-case word', 'missbru\u041a', /missbruk/],
      ['a Greek capital Ι for a Latin I', 'M\u0399SSBRUK', /missbruk/],
      ['a Greek ο (U+03BF)', 'Sjukd\u03bfm', /sjukdom/],
      ['a dotless ı (U+0131)', 'Psyk\u0131atri', /psykiatri/],
      ['full-width letters (NFKC)', 'ｍｉｓｓｂｒｕｋ', /missbruk/],
      ['a mathematical bold word (NFKC)', '𝐃𝐢𝐚𝐠𝐧𝐨𝐬', /diagnos/],
      ['a Roman numeral ⅼ for l (NFKC)', 'ⅼvu', /lvu/],
      ['a decomposed å (NFD)', 'Va\u030ald i hemmet', /våld/],
      ['a Cyrillic letter and a zero-width space together', `Sku${ZWSP}l\u0501`, /skuld/],
      ['a unit’s own term in disguise', 'Om sk\u043elskjuts', /skolskjuts/],
    ])('refuses %s', (_, text, why) => {
      const problems = sensitiveContent(text, 'subject', ['skolskjuts']);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.messages.join(' ')).toMatch(why);
    });

    it.each([
      ['a space', '19990807 2391'],
      ['no separator, 12 digits', '199908072391'],
      ['an en dash', '19990807\u20132391'],
      ['an em dash', '990807\u20142391'],
      ['a non-breaking hyphen', '19990807\u20112391'],
      ['a minus sign', '19990807\u22122391'],
      ['a plus (100 years or older)', '121212+1212'],
      ['a no-break space', '19990807\u00a02391'],
      ['space, dash, space', '19990807 - 2391'],
      ['an underscore', 'ref_19990807_2391'],
      ['a zero-width space', `19990807${ZWSP}2391`],
      ['full-width digits', '１９９９０８０７－２３９１'],
      ['letters right before it', 'pnr19990807-2391'],
      ['a samordningsnummer (day + 60)', '19990867 2391'],
      ['a mistyped check digit', '19990807 2392'],
    ])('refuses a personnummer with %s', (_, text) => {
      expect(sensitiveContent(`Angående ${text}`, 'subject')[0]?.messages.join(' ')).toMatch(/personnummer/);
    });

    it.each([
      ['a case number whose "date" is no date', 'Ärende 123456 7890'],
      ['a time and a year', 'Möte kl 10.30 den 12 mars 2025'],
      ['an ISO date', 'Möte 2025-03-12'],
      ['a word that merely contains a term', 'Fråga om domstolsbesök'],
      ['accented neutral words', 'Välkommen till öppet hus på förskolan'],
      ['a term as part of another word after a diacritic', 'Åbrott'],
    ])('still lets a neutral subject through: %s', (_, text) => {
      expect(sensitiveContent(text, 'subject')).toEqual([]);
    });

    it('removes format characters and folds compatibility forms; skeletons compare look-alikes', () => {
      expect(visibleText(`miss${ZWSP}bruk`)).toBe('missbruk');
      expect(visibleText('ｆｉｌｅ')).toBe('file');
      expect(skeleton('m\u0456ssbruk')).toBe(skeleton('missbruk'));
      expect(skeleton('MISSBRUK')).toBe(skeleton('missbruk'));
      expect(skeleton('M\u0399SSBRUK', 'upper')).toBe(skeleton('missbruk', 'upper'));
      expect(skeleton('våld')).toBe(skeleton('va\u030ald'));
    });
  });
});

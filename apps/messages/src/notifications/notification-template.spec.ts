import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TEMPLATE, render, templateLeaks } from './notification-template.js';

const units = ['Individ- och familjeomsorgen', 'Beroendeenheten'];

describe('notification templates', () => {
  it('the default template leaks nothing and renders', () => {
    expect(templateLeaks(DEFAULT_TEMPLATE, units)).toEqual([]);
    expect(render(DEFAULT_TEMPLATE, 'sv', { municipality: 'Umeå kommun', portalUrl: 'https://insyn.umea.se' })).toBe(
      'Du har ett nytt säkert meddelande från Umeå kommun. Logga in med e-legitimation på https://insyn.umea.se för att läsa det.',
    );
  });

  it.each([
    [{ sv: 'Hej {name}, du har ett meddelande.', en: 'Hi' }, /\{name\} is not allowed/],
    [{ sv: 'Nytt meddelande: {subject}', en: 'x' }, /\{subject\} is not allowed/],
    [{ sv: 'Beroendeenheten har skickat ett meddelande.', en: 'x' }, /names the unit/],
    [{ sv: 'Ett meddelande om ditt ekonomiska bistånd väntar.', en: 'x' }, /bistånd/],
    [{ sv: 'Du har ett meddelande.', en: 'About your diagnosis' }, /diagnos/],
    [{ sv: 'Ring 070-123 45 67.', en: 'x' }, /phone/],
  ])('refuses a leaking template %#', (template, why) => {
    const problems = templateLeaks(template, units);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.flatMap((p) => p.messages).join(' ')).toMatch(why);
  });
});

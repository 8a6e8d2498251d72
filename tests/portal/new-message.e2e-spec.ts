// Nytt meddelande in a real browser (Debian's Chromium) against the whole system on the real Kafka broker and
// MongoDB: a citizen signed in with BankID starts a conversation with a unit that accepts citizens (her
// personnummer goes from identity to messages as an assertion the portal cannot read, ADR 0010), the unit's
// official sees it and answers, and she reads the answer. Bad input is the form again with the error beside
// its field and a summary that takes the focus, in her language; the reply form's error does the same. axe
// checks the page and its error state in Swedish and English at 1280 and 390 px; the phone's menu is one button.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@insyn/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations as violations, launchChromium, portalSystem, screenshot, signInWithBankId } from './portal-harness.js';

const ANNA = '199908072391';
const BRITT = '195006262546';
const WIDTHS = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
] as const;

const system = await portalSystem();

describe('Nytt meddelande: a citizen starts a conversation', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let conversationId: string;
  const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-portal-new-')), 'underlag.pdf');

  const focusedId = (p: Page) => p.evaluate('document.activeElement && document.activeElement.id');

  /** The form posted as a browser without form validation would: straight to the portal, with this page's CSRF token. */
  const post = async (fields: Record<string, string>) =>
    page.request.post(`${system.portalUrl}/meddelanden/nytt`, {
      multipart: { _csrf: await page.locator('form.new-message-form input[name="_csrf"]').inputValue(), ...fields },
      headers: { accept: 'text/html' },
    });

  beforeAll(async () => {
    fs.writeFileSync(pdf, '%PDF-1.7\n% Insyn portal test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signInWithBankId(page, system, ANNA);
  });

  afterAll(async () => {
    await browser?.close();
    await system.stop();
  });

  it('offers only the units that take messages from citizens', async () => {
    await page.goto(`${system.portalUrl}/meddelanden`);
    await page.getByRole('link', { name: 'Nytt meddelande' }).click();
    await page.waitForURL(/\/meddelanden\/nytt$/);
    expect(await page.title()).toBe('Nytt meddelande – Exempelkommun');
    const radios = page.getByRole('radio');
    expect(await radios.count()).toBe(1);
    expect(await page.getByLabel('Individ- och familjeomsorgen').isChecked()).toBe(true);
    expect(await page.getByText('Hälso- och sjukvård').count()).toBe(0);
    await screenshot(page, 'message-new-sv');
  });

  it('an empty form: the summary takes the focus, the title starts with "Fel:", each error beside its field; nothing is sent', async () => {
    await page.getByRole('button', { name: 'Skicka meddelandet' }).click();
    await page.locator('#error-summary').waitFor();
    expect(await page.title()).toBe('Fel: Nytt meddelande – Exempelkommun');
    expect(await focusedId(page)).toBe('error-summary');
    expect(await page.locator('#subject-error').textContent()).toBe('Skriv ett ämne.');
    expect(await page.locator('#body-error').textContent()).toBe('Skriv ett meddelande.');
    expect(await page.locator('#subject').getAttribute('aria-describedby')).toContain('subject-error');
    expect(await page.locator('#subject').getAttribute('aria-invalid')).toBe('true');
    // The summary's links lead to the fields.
    await page.locator('#error-summary').getByRole('link', { name: 'Skriv ett ämne.' }).click();
    expect(await focusedId(page)).toBe('subject');
    await screenshot(page, 'message-new-error-sv');
    expect((await fetchConversations(await system.officialToken())).length).toBe(0);
  });

  it('a subject that reveals something sensitive: the messages service refuses it, shown beside the subject in Swedish', async () => {
    await page.getByLabel('Ämne').fill('Ansökan om ekonomiskt bistånd');
    await page.getByLabel('Ditt meddelande').fill('Hej, jag vill ansöka.');
    await page.getByRole('button', { name: 'Skicka meddelandet' }).click();
    await page.locator('#subject-error').waitFor();
    expect(await page.locator('#subject-error').textContent()).toContain('Ämnet får inte avslöja något känsligt');
    expect(await focusedId(page)).toBe('error-summary');
    // What she wrote is kept.
    expect(await page.getByLabel('Ditt meddelande').inputValue()).toBe('Hej, jag vill ansöka.');
    expect((await fetchConversations(await system.officialToken())).length).toBe(0);
  });

  it('refuses a unit that does not take citizens’ messages, an unknown one, and a text too long, as pages in her language', async () => {
    for (const [fields, field, text] of [
      [{ unit: system.closedUnit, subject: 'Fråga', body: 'Hej' }, 'unit', 'Välj en verksamhet som tar emot meddelanden.'],
      [{ unit: 'finns-inte', subject: 'Fråga', body: 'Hej' }, 'unit', 'Välj en verksamhet som tar emot meddelanden.'],
      [{ unit: system.unit, subject: 'Fråga', body: 'x'.repeat(20_001) }, 'body', 'Meddelandet får vara högst 20\u00a0000 tecken.'],
      [{ unit: system.unit, subject: 'F'.repeat(121), body: 'Hej' }, 'subject', 'Ämnet får vara högst 120 tecken.'],
      [{ unit: system.unit, subject: 'Fråga', body: 'Hej', email: 'anna@' }, 'email', 'Skriv en e-postadress som namn@exempel.se'],
    ] as const) {
      const res = await post(fields);
      expect(res.status()).toBe(400);
      expect(res.headers()['content-type']).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain(`id="${field}-error">${text}`);
      expect(html).toContain('<title>Fel: Nytt meddelande');
    }
    expect((await fetchConversations(await system.officialToken())).length).toBe(0);
  });

  it('starts the conversation with an attachment; the unit’s official sees it in the queue and answers; she reads the answer', async () => {
    await page.goto(`${system.portalUrl}/meddelanden/nytt`);
    await page.getByLabel('Individ- och familjeomsorgen').check();
    await page.getByLabel('Ämne').fill('Fråga om mötet');
    await page.getByLabel('Ditt meddelande').fill('Hej! Kan vi flytta mötet till torsdag? Underlaget bifogas.');
    await page.getByLabel('Bifoga en fil (valfritt)').setInputFiles(pdf);
    await page.getByLabel('Din e-postadress (valfritt)').fill('anna@example.se');
    await page.getByRole('button', { name: 'Skicka meddelandet' }).click();
    await page.waitForURL(/\/meddelanden\/[A-Za-z0-9_-]+\?skickat=1$/);
    conversationId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByRole('status').textContent()).toContain('Ditt meddelande är skickat.');
    expect(await page.locator('h1').textContent()).toBe('Fråga om mötet');
    expect(await page.getByText('Du skriver med Individ- och familjeomsorgen.').count()).toBe(1);
    expect(await page.getByRole('link', { name: /Ladda ner underlag\.pdf/ }).count()).toBe(1);
    // The personnummer never passed the browser or the portal's URLs.
    expect(page.url()).not.toContain(ANNA);

    const official = await system.officialToken();
    const queue = await fetchConversations(official);
    expect(queue).toEqual([expect.objectContaining({ conversationId, subject: 'Fråga om mötet', status: 'open' })]);
    const reply = await fetch(`${system.messagesUrl}/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${official}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Torsdag klockan tio går bra. Välkommen!' }),
    });
    expect(reply.status).toBe(201);

    await page.goto(`${system.portalUrl}/meddelanden`);
    await page.getByRole('link', { name: 'Fråga om mötet' }).click();
    expect(await page.getByText('Torsdag klockan tio går bra. Välkommen!').count()).toBe(1);
    await screenshot(page, 'message-new-answered-sv');
  });

  it('another person does not see it, whatever the id', async () => {
    const other = await browser.newContext({ locale: 'sv-SE' });
    try {
      const p = await other.newPage();
      await signInWithBankId(p, system, BRITT);
      const res = await p.goto(`${system.portalUrl}/meddelanden/${conversationId}`);
      expect(res?.status()).toBe(404);
      expect(await p.content()).not.toContain('Fråga om mötet');
      await p.goto(`${system.portalUrl}/meddelanden`);
      expect(await p.getByText('Du har inga meddelanden.').count()).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('a failed reply: the error summary takes the focus, the title starts with "Fel:", the error is beside the field', async () => {
    await page.goto(`${system.portalUrl}/meddelanden/${conversationId}`);
    await page.locator('#body').evaluate((el: { removeAttribute(name: string): void }) => el.removeAttribute('required'));
    await page.locator('#body').fill('   ');
    await page.locator('.reply-form button[type="submit"]').click();
    await page.locator('#error-summary').waitFor();
    expect(await focusedId(page)).toBe('error-summary');
    expect(await page.title()).toBe('Fel: Fråga om mötet – Exempelkommun');
    expect(await page.locator('#body-error').textContent()).toContain('Skriv ett meddelande.');
    expect(await page.locator('#body').getAttribute('aria-describedby')).toBe('body-hint body-error');
    // A file the messages service refuses (not the PDF its name says): told in Swedish, beside the field, what she wrote kept.
    const fake = path.join(path.dirname(pdf), 'intyg.pdf');
    fs.writeFileSync(fake, 'not a pdf at all');
    await page.locator('#body').fill('Här är intyget.');
    await page.getByLabel('Bifoga en fil (valfritt)').setInputFiles(fake);
    await page.locator('.reply-form button[type="submit"]').click();
    await page.locator('#body-error').waitFor();
    expect(await page.locator('#body-error').textContent()).toContain('Filen kan inte tas emot. Den måste vara en PDF, PNG eller JPEG');
    expect(await page.locator('#body').inputValue()).toBe('Här är intyget.');
    expect(await focusedId(page)).toBe('error-summary');
    await page.goto(`${system.portalUrl}/meddelanden/${conversationId}?lang=en`);
    await page.locator('#body').evaluate((el: { removeAttribute(name: string): void }) => el.removeAttribute('required'));
    await page.locator('.reply-form button[type="submit"]').click();
    await page.locator('#error-summary').waitFor();
    expect(await page.title()).toBe('Error: Fråga om mötet – Exempelkommun');
    expect(await focusedId(page)).toBe('error-summary');
    await page.goto(`${system.portalUrl}/meddelanden?lang=sv`);
  });

  describe.each(WIDTHS)('at $name px', ({ name, viewport }) => {
    it('axe finds nothing serious on the page and its error state, in Swedish and English; nothing scrolls sideways', async () => {
      await page.setViewportSize(viewport);
      const found: string[] = [];
      for (const lang of ['sv', 'en'] as const) {
        await page.goto(`${system.portalUrl}/meddelanden/nytt?lang=${lang}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        await screenshot(page, `a11y/message-new-${lang}-${name}`);
        found.push(...(await violations(page, `new message (${lang}, ${name})`)));
        await page.locator('form.new-message-form button[type="submit"]').click();
        await page.locator('#error-summary').waitFor();
        expect(await focusedId(page)).toBe('error-summary');
        await screenshot(page, `a11y/message-new-error-${lang}-${name}`);
        found.push(...(await violations(page, `new message with errors (${lang}, ${name})`)));
        const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
        if (overflow > 1) found.push(`new message (${lang}, ${name}): ${overflow}px wider than the viewport`);
      }
      await page.goto(`${system.portalUrl}/meddelanden?lang=sv`);
      expect(found).toEqual([]);
    });
  });

  it('on a phone the menu is one button that opens the links and sign-out (no script needed); the page starts near the top', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${system.portalUrl}/meddelanden`);
    await screenshot(page, 'phone-menu-closed-sv');
    const h1 = await page.locator('h1').boundingBox();
    expect(h1!.y).toBeLessThan(200);
    expect(await page.getByRole('link', { name: 'Mina samtycken' }).isVisible()).toBe(false);
    await page.getByText('Meny', { exact: true }).click();
    expect(await page.getByRole('link', { name: 'Mina samtycken' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Logga ut' }).isVisible()).toBe(true);
    await screenshot(page, 'phone-menu-open-sv');
    expect(await violations(page, 'the phone menu, open')).toEqual([]);
    await page.getByRole('link', { name: 'Mina samtycken' }).click();
    await page.waitForURL(/\/samtycken$/);
    // At desktop width the links are in the header as before, and the menu button is not there.
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await page.getByRole('link', { name: 'Mina samtycken' }).isVisible()).toBe(true);
    expect(await page.getByText('Meny', { exact: true }).isVisible()).toBe(false);
  });

  /** The unit's conversations, as its official sees them (eventually consistent reads are not needed: one database). */
  async function fetchConversations(token: string): Promise<{ conversationId: string }[]> {
    return eventually(
      async () => {
        const res = await fetch(`${system.messagesUrl}/v1/conversations`, { headers: { authorization: `Bearer ${token}` } });
        return res.status === 200 ? ((await res.json()) as { conversationId: string }[]) : undefined;
      },
      5_000,
      'the unit’s conversations',
    );
  }
});

// The citizen's pages in a real browser (Debian's Chromium, driven by playwright-core), against the whole
// system on the real Kafka broker and MongoDB: the start page and a notice, sign-in with BankID on
// another device (the QR flow, approved in the simulator as the phone would), Mina behandlingar, reading
// and answering a secure message with an attachment, another person's conversation by id guessing, and
// sign-out. Screenshots of the main pages are kept under test-artifacts/portal/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@insyn/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, portalSystem, screenshot } from './portal-harness.js';

const ANNA = '199908072391';
const BRITT = '195006262546';
const BODY = 'Hej Anna! Här kommer kallelsen till mötet på tisdag.';

const system = await portalSystem();

describe('the citizen’s pages in a browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let annaConversation: string;
  let brittConversation: string;

  beforeAll(async () => {
    annaConversation = await system.openConversation(ANNA, 'Kallelse till möte', BODY);
    brittConversation = await system.openConversation(BRITT, 'Beslut', 'Hej Britt!');
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'sv-SE' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await system.stop();
  });

  it('shows the municipality’s notices on the start page, searchable, each as a page', async () => {
    await eventually(
      async () => {
        await page.goto(system.portalUrl);
        return (await page.getByRole('link', { name: 'Behandling, säkra meddelanden' }).count()) > 0 ? true : undefined;
      },
      30_000,
      'the notice to be published',
    );
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await screenshot(page, 'start-sv');
    await page.getByLabel('Sök bland behandlingarna').fill('finns inte');
    await page.getByRole('button', { name: 'Sök' }).click();
    expect(await page.getByText('Inga behandlingar matchar din sökning.').count()).toBe(1);
    await page.goto(`${system.portalUrl}/behandlingar/${system.noticeSlug}`);
    expect(await page.locator('h1').first().textContent()).toContain('säkra meddelanden');
    await screenshot(page, 'notice-sv');
  });

  it('answers an unknown notice with a human 404 page, not problem+json', async () => {
    const res = await page.goto(`${system.portalUrl}/behandlingar/finns-inte`);
    expect(res?.status()).toBe(404);
    expect(res?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.locator('h1').textContent()).toBe('Sidan finns inte');
  });

  it('switches to English and back, and remembers it', async () => {
    await page.goto(system.portalUrl);
    await page.getByRole('link', { name: 'In English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Insight into how the municipality processes your personal data');
    await screenshot(page, 'start-en');
    await page.getByRole('link', { name: 'På svenska' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
  });

  it('signs in with BankID on another device: the QR page, approved on the phone, lands on Mina behandlingar', async () => {
    await page.goto(`${system.portalUrl}/logga-in`);
    await screenshot(page, 'login-sv');
    await page.getByRole('button', { name: 'Mobilt BankID på en annan enhet' }).click();
    await page.waitForURL(/\/logga-in\/vanta$/);
    expect(await page.locator('#login-qr svg').count()).toBe(1);
    await screenshot(page, 'login-qr-sv');
    await system.approveBankId(ANNA);
    await page.waitForURL(/\/mina-behandlingar$/, { timeout: 20_000 });
    expect(await page.locator('h1').textContent()).toBe('Mina behandlingar');
    expect(await page.getByText('Du har säkra meddelanden med Individ- och familjeomsorgen (konversationer: 1).').count()).toBe(1);
    await screenshot(page, 'mine-sv');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === '__Host-insyn_portal');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    // No token reaches the browser: only the portal's own cookie.
    expect(cookies.map((c) => c.name)).toEqual(['__Host-insyn_portal']);
  });

  it('reads a message and answers it with an attachment', async () => {
    await page.getByRole('link', { name: 'Mina meddelanden' }).click();
    await page.getByRole('link', { name: 'Kallelse till möte' }).click();
    expect(await page.getByText(BODY).count()).toBe(1);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-portal-upload-')), 'intyg.pdf');
    fs.writeFileSync(file, '%PDF-1.7\n% Insyn portal test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await page.getByLabel('Ditt meddelande').fill('Tack! Jag kommer. Intyget bifogas.');
    await page.getByLabel('Bifoga en fil (valfritt)').setInputFiles(file);
    await page.getByRole('button', { name: 'Skicka' }).click();
    await page.waitForURL(new RegExp(`/meddelanden/${annaConversation}\\?skickat=1`));
    expect(await page.getByRole('status').filter({ hasText: 'Ditt meddelande är skickat.' }).count()).toBe(1);
    expect(await page.getByText('Tack! Jag kommer. Intyget bifogas.').count()).toBe(1);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /Ladda ner intyg\.pdf/ }).click();
    expect((await download).suggestedFilename()).toBe('intyg.pdf');
    await screenshot(page, 'conversation-sv');
  });

  it('shows an empty message back as an error beside the form, nothing sent', async () => {
    await page.goto(`${system.portalUrl}/meddelanden/${annaConversation}`);
    await page.getByLabel('Ditt meddelande').fill('   ');
    // As a browser without form validation would send it.
    await page.locator('#body').evaluate((el: { removeAttribute(name: string): void }) => {
      el.removeAttribute('required');
    });
    await page.getByRole('button', { name: 'Skicka' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Skriv ett meddelande.');
  });

  it('does not show another person’s conversation, whatever the id', async () => {
    for (const id of [brittConversation, 'nonexistent-id-123', 'a%2F..%2F..%2Fv1']) {
      const res = await page.goto(`${system.portalUrl}/meddelanden/${id}`);
      expect([400, 404]).toContain(res?.status());
      expect(res?.headers()['content-type']).toMatch(/^text\/html/);
      expect(await page.content()).not.toContain('Hej Britt!');
    }
  });

  it('refuses a form posted from elsewhere (CSRF)', async () => {
    const res = await page.request.post(`${system.portalUrl}/logga-ut`, { form: { _csrf: 'forged' } });
    expect(res.status()).toBe(403);
  });

  it('sends security headers: a CSP without inline script, no framing', async () => {
    const res = await page.goto(`${system.portalUrl}/mina-behandlingar`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res?.headers()['strict-transport-security']).toBeDefined();
  });

  it('signs out: the session ends here and at the identity service', async () => {
    await page.goto(`${system.portalUrl}/mina-behandlingar`);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(`${system.portalUrl}/`);
    await page.goto(`${system.portalUrl}/mina-behandlingar`);
    expect(page.url()).toBe(`${system.portalUrl}/logga-in`);
  });
});

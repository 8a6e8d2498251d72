// The portal's quality bar in a real browser (Debian's Chromium): every page checked by axe-core against
// WCAG 2.1 A and AA, in Swedish and English, at desktop (1280 px) and phone (390 px) widths, with no
// serious or critical violation; screenshots of each kept under test-artifacts/portal/a11y/. Also Mina
// inloggningar (sign out another browser, then this one) and the idle timeout (the warning takes the
// focus and is announced; the page signs out when the time is up; the server forgets an idle session).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import AxeBuilder from '@axe-core/playwright';
import { eventually } from '@insyn/testing';
import mongoose from 'mongoose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, portalSystem, screenshot } from './portal-harness.js';

const ANNA = '199908072391';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;
const system = await portalSystem();
/** Mina samtycken, Mina begäranden (and the form for a new one), Vem har läst om mig. */
const RIGHTS_PAGES = ['/samtycken', '/begaranden', `/begaranden/ny?behandling=${system.noticeSlug}`, '/vem-har-last'];

describe('the portal’s accessibility, Mina inloggningar and the idle timeout', () => {
  let browser: Browser;
  let conversation: string;

  const signIn = async (page: Page, personalNumber = ANNA) => {
    await page.goto(`${system.portalUrl}/logga-in`);
    await page.locator('form[action="/logga-in"] button').first().click();
    await page.waitForURL(/\/logga-in\/vanta$/);
    await system.approveBankId(personalNumber);
    await page.waitForURL(/\/mina-behandlingar$/, { timeout: 20_000 });
  };

  /** axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now, as readable lines. */
  const violations = async (page: Page, label: string): Promise<string[]> => {
    const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${label}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')} — ${v.help}`);
  };

  const setLang = async (page: Page, lang: 'sv' | 'en') => {
    await page.goto(`${system.portalUrl}/kakor?lang=${lang}`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
  };

  beforeAll(async () => {
    const res = await fetch(`${system.messagesUrl}/v1/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await system.clientToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ personnummer: ANNA, subject: 'Kallelse till möte', body: 'Hej Anna! Här kommer kallelsen.' }),
    });
    expect(res.status).toBe(201);
    conversation = ((await res.json()) as { conversationId: string }).conversationId;
    browser = await launchChromium();
    const probe = await browser.newPage();
    await eventually(
      async () => {
        await probe.goto(system.portalUrl);
        return (await probe.locator('.notice-list__item').count()) > 0 ? true : undefined;
      },
      30_000,
      'the notice to be published',
    );
    await probe.close();
  });

  afterAll(async () => {
    await browser?.close();
    await system.stop();
  });

  it('the checker finds what it is there to find: an image without a text alternative', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(system.portalUrl);
      await page.evaluate('document.querySelector("main").insertAdjacentHTML("beforeend", \'<img src="/assets/none.png">\')');
      expect((await violations(page, 'start with a bare image')).join('\n')).toMatch(/image-alt \(critical\)/);
    } finally {
      await context.close();
    }
  });

  describe.each(WIDTHS)('at $name width', ({ name, viewport }) => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext({ locale: 'sv-SE', viewport });
      page = await context.newPage();
    });

    afterAll(async () => {
      await context?.close();
    });

    const check = async (found: string[], path: string, shot: string, lang: string, expectStatus = 200) => {
      const res = await page.goto(`${system.portalUrl}${path}`);
      expect(res?.status()).toBe(expectStatus);
      await screenshot(page, `a11y/${shot}-${lang}-${name}`);
      found.push(...(await violations(page, `${path} (${lang}, ${name})`)));
    };

    /** Nothing scrolls sideways at this width: the page fits the viewport. */
    const fits = async (found: string[], label: string) => {
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      if (overflow > 1) found.push(`${label}: the page is ${overflow}px wider than the ${viewport.width}px viewport`);
    };

    it('the public pages: start, a notice, the 404 page, sign-in and the footer’s pages', async () => {
      const found: string[] = [];
      for (const lang of ['sv', 'en'] as const) {
        await setLang(page, lang);
        for (const [path, shot, status] of [
          ['/', 'start', 200],
          [`/behandlingar/${system.noticeSlug}`, 'notice', 200],
          ['/behandlingar/finns-inte', 'not-found', 404],
          ['/logga-in', 'login', 200],
          ['/tillganglighet', 'accessibility', 200],
          ['/kakor', 'cookies', 200],
          ['/kontakt', 'contact', 200],
        ] as const) {
          await check(found, path, shot, lang, status);
          await fits(found, `${path} (${lang})`);
        }
      }
      expect(found).toEqual([]);
    }, 180_000);

    it('the QR waiting page, in both languages, then signed in', async () => {
      const found: string[] = [];
      await setLang(page, 'sv');
      await page.goto(`${system.portalUrl}/logga-in`);
      await page.locator('form[action="/logga-in"] button').first().click();
      await page.waitForURL(/\/logga-in\/vanta$/);
      await page.locator('#login-qr svg').waitFor();
      await screenshot(page, `a11y/login-qr-sv-${name}`);
      found.push(...(await violations(page, `QR page (sv, ${name})`)));
      await fits(found, 'QR page (sv)');
      await page.goto(`${system.portalUrl}/logga-in/vanta?lang=en`);
      await page.locator('#login-qr svg').waitFor();
      await screenshot(page, `a11y/login-qr-en-${name}`);
      found.push(...(await violations(page, `QR page (en, ${name})`)));
      await fits(found, 'QR page (en)');
      const qr = await page.locator('#login-qr').boundingBox();
      expect(qr!.x + qr!.width).toBeLessThanOrEqual(viewport.width);
      await system.approveBankId(ANNA);
      await page.waitForURL(/\/mina-behandlingar$/, { timeout: 20_000 });
      expect(found).toEqual([]);
    }, 180_000);

    it('the signed-in pages: Mina behandlingar, Mina meddelanden, a conversation, an error beside the form, Mina inloggningar', async () => {
      const found: string[] = [];
      for (const lang of ['sv', 'en'] as const) {
        await setLang(page, lang);
        await check(found, '/mina-behandlingar', 'mine', lang);
        await fits(found, `/mina-behandlingar (${lang})`);
        await check(found, '/meddelanden', 'messages', lang);
        await fits(found, `/meddelanden (${lang})`);
        await check(found, `/meddelanden/${conversation}`, 'conversation', lang);
        await fits(found, `conversation (${lang})`);
        // An error beside the reply form: an empty message, as a browser without form validation sends it.
        await page.locator('#body').evaluate((el: { removeAttribute(name: string): void }) => el.removeAttribute('required'));
        await page.locator('#body').fill('   ');
        await page.locator('.reply-form button[type="submit"]').click();
        await page.getByRole('alert').waitFor();
        await screenshot(page, `a11y/conversation-error-${lang}-${name}`);
        found.push(...(await violations(page, `conversation with an error (${lang}, ${name})`)));
        await check(found, '/inloggningar', 'sessions', lang);
        await fits(found, `/inloggningar (${lang})`);
        await check(found, '/sidan-finns-inte', 'not-found-signed-in', lang, 404);
        for (const path of RIGHTS_PAGES) {
          await check(found, path, path.slice(1).replace(/\?.*$/, '').replace(/\//g, '-'), lang);
          await fits(found, `${path} (${lang})`);
        }
      }
      expect(found).toEqual([]);
    }, 180_000);
  });

  it('Mina inloggningar: this browser marked; another browser signed out at once; then this one', async () => {
    const here = await browser.newContext({ locale: 'sv-SE' });
    const there = await browser.newContext({ locale: 'sv-SE' });
    try {
      const a = await here.newPage();
      const b = await there.newPage();
      await signIn(a);
      await signIn(b);
      await a.goto(`${system.portalUrl}/inloggningar`);
      const rows = a.locator('.sessions-table tbody tr');
      expect(await rows.count()).toBeGreaterThanOrEqual(2);
      expect(await a.locator('.sessions-table__this').count()).toBe(1);
      expect(await a.locator('.sessions-table__this').textContent()).toContain('Den här webbläsaren');
      expect(await rows.first().textContent()).toContain('BankID');
      await screenshot(a, 'sessions-sv');

      await a.getByRole('button', { name: 'Logga ut alla andra inloggningar' }).click();
      await a.waitForURL(/\/inloggningar\?utloggad=\d+$/);
      expect(await a.getByRole('status').textContent()).toMatch(/Alla andra inloggningar är utloggade|Inloggningen är utloggad/);
      expect(await a.locator('.sessions-table tbody tr').count()).toBe(1);
      // The other browser is signed out at its next request, not when its access token expires.
      await b.goto(`${system.portalUrl}/mina-behandlingar`);
      expect(b.url()).toBe(`${system.portalUrl}/logga-in`);

      // A form from elsewhere is refused.
      const forged = await a.request.post(`${system.portalUrl}/inloggningar/andra/avsluta`, { form: { _csrf: 'forged' } });
      expect(forged.status()).toBe(403);
      // Another person's or an unknown session: the human 404 page.
      const unknown = await a.request.post(`${system.portalUrl}/inloggningar/00000000-0000-4000-8000-000000000000/avsluta`, {
        form: { _csrf: await a.locator('input[name="_csrf"]').first().inputValue() },
        headers: { accept: 'text/html' },
      });
      expect(unknown.status()).toBe(404);
      expect(unknown.headers()['content-type']).toMatch(/^text\/html/);

      await a.goto(`${system.portalUrl}/inloggningar`);
      await a.getByRole('button', { name: 'Logga ut den här webbläsaren' }).click();
      await a.waitForURL(`${system.portalUrl}/`);
      await a.goto(`${system.portalUrl}/inloggningar`);
      expect(a.url()).toBe(`${system.portalUrl}/logga-in`);
    } finally {
      await here.close();
      await there.close();
    }
  });

  it('the idle warning takes the focus and is announced; Escape keeps the session; when the time is up the page signs out', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    try {
      const page = await context.newPage();
      await signIn(page);
      // The browser's clock, faked from here: twenty minutes pass in an instant (the sign-in page polls on a real one).
      await page.clock.install();
      await page.goto(`${system.portalUrl}/mina-behandlingar`);
      const dialog = page.getByRole('alertdialog', { name: 'Du loggas snart ut' });
      expect(await dialog.isVisible()).toBe(false);
      await page.getByRole('link', { name: 'Mina meddelanden' }).focus();

      await page.clock.runFor('18:05');
      await dialog.waitFor({ state: 'visible' });
      expect(await page.locator(':focus').getAttribute('id')).toBe('idle-stay');
      expect(await dialog.getAttribute('aria-describedby')).toBe('idle-text');
      await screenshot(page, 'idle-warning-sv');
      expect(await violations(page, 'the idle warning')).toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.locator(':focus').textContent()).toBe('Mina meddelanden');

      await page.clock.runFor('18:05');
      await dialog.waitFor({ state: 'visible' });
      await page.clock.runFor('02:00');
      await page.waitForURL(/\/logga-in\?inaktiv=1$/);
      expect(await page.getByRole('status').textContent()).toContain('Du har loggats ut eftersom du inte har gjort något på en stund.');
      await page.goto(`${system.portalUrl}/mina-behandlingar`);
      expect(page.url()).toBe(`${system.portalUrl}/logga-in`);
    } finally {
      await context.close();
    }
  });

  it('the server forgets a session idle past PORTAL_IDLE_MINUTES, whatever the browser does', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const db = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: system.portalDb }).asPromise();
    try {
      const page = await context.newPage();
      await signIn(page);
      const sessions = db.collection('browser_sessions');
      const signedIn = { 'user.kind': 'citizen', expiresAt: { $gt: new Date() } };
      expect(await sessions.countDocuments(signedIn)).toBeGreaterThan(0);
      // Twenty minutes pass with no request from this browser (and the page's script never runs).
      const aged = await sessions.updateMany(signedIn, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      expect(aged.modifiedCount).toBeGreaterThan(0);
      await page.goto(`${system.portalUrl}/mina-behandlingar`);
      expect(page.url()).toBe(`${system.portalUrl}/logga-in`);
    } finally {
      await db.close();
      await context.close();
    }
  });
});

// The portal under the conditions a review found it failed: an access token that has expired while the
// page calls three backends at once (one refresh, not three racing ones that signed her out), form posts
// that bypass the CSRF token (multipart where no handler checks it, a post from another site), and a
// multipart post to a plain form (a 500 before). Real browser (Debian's Chromium), real Kafka and MongoDB.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import AxeBuilder from '@axe-core/playwright';
import { createTestApp } from '@insyn/testing';
import mongoose from 'mongoose';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closePage, launchChromium, portalSystem, screenshot, timedSteps } from './portal-harness.js';

const ANNA = '199908072391';

const system = await portalSystem();

describe('the portal stays standing: token refresh races, forged posts', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: mongoose.Connection;

  const signedIn = () => ({ 'user.kind': 'citizen', expiresAt: { $gt: new Date() } });
  const signedInCount = () => db.collection('browser_sessions').countDocuments(signedIn());
  const signIn = async () => {
    await page.goto(`${system.portalUrl}/logga-in`);
    await page.locator('form[action="/logga-in"] button').first().click();
    await page.waitForURL(/\/logga-in\/vanta$/);
    await system.approveBankId(ANNA);
    await page.waitForURL(/\/mina-behandlingar$/, { timeout: 20_000 });
  };
  /** axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
  const violations = async (label: string): Promise<string[]> => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${label}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };

  beforeAll(async () => {
    browser = await launchChromium();
    db = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: system.portalDb }).asPromise();
    context = await browser.newContext({ locale: 'sv-SE' });
    page = await context.newPage();
    await system.openConversation(ANNA, 'Kallelse', 'Hej Anna!');
    await signIn();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await db?.close();
    await system.stop();
  });

  it('an expired access token is refreshed once for a page that calls three backends at once: she stays signed in', async () => {
    for (let round = 0; round < 3; round++) {
      // Her access token has expired (as after a quarter of an hour on another page): Mina behandlingar
      // asks messages and rights (twice) in parallel, and each call needs a fresh token.
      const aged = await db
        .collection('browser_sessions')
        .updateMany(signedIn(), { $set: { accessExpiresAt: new Date(Date.now() - 60_000) } });
      expect(aged.modifiedCount).toBe(1);
      const res = await page.goto(`${system.portalUrl}/mina-behandlingar`);
      expect(page.url()).toBe(`${system.portalUrl}/mina-behandlingar`);
      expect(res?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Mina behandlingar');
      const [stored] = await db.collection('browser_sessions').find(signedIn()).toArray();
      expect((stored?.accessExpiresAt as Date).getTime()).toBeGreaterThan(Date.now());
    }
    // Two tabs at once, both with the expired token: still one refresh, still signed in.
    await db.collection('browser_sessions').updateMany(signedIn(), { $set: { accessExpiresAt: new Date(Date.now() - 60_000) } });
    const other = await context.newPage();
    try {
      await Promise.all([page.goto(`${system.portalUrl}/mina-behandlingar`), other.goto(`${system.portalUrl}/samtycken`)]);
      expect(page.url()).toBe(`${system.portalUrl}/mina-behandlingar`);
      expect(other.url()).toBe(`${system.portalUrl}/samtycken`);
    } finally {
      await closePage(other);
    }
    expect(await signedInCount()).toBe(1);
  }, 60_000);

  it(
    'two portal instances refresh her expired token at once (two tabs behind a load balancer): she stays signed in',
    () =>
      timedSteps(80_000, async (step) => {
        // A second instance of the portal on the same database, as a second pod would be (loaded the way the harness loads apps).
        step('start a second portal');
        const portalTesting = '../../apps/portal/src/testing.js';
        const { AppModule, SERVICE } = (await import(portalTesting)) as {
          AppModule: unknown;
          SERVICE: Parameters<typeof createTestApp>[1];
        };
        const second = await createTestApp(AppModule, SERVICE);
        await second.listen(0, '127.0.0.1');
        const secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
        const other = await context.newPage(); // the browser sends its portal cookie to both (cookies ignore the port)
        try {
          for (let round = 0; round < 4; round++) {
            step(`round ${round}`);
            await db.collection('browser_sessions').updateMany(signedIn(), { $set: { accessExpiresAt: new Date(Date.now() - 60_000) } });
            await Promise.all([page.goto(`${system.portalUrl}/mina-behandlingar`), other.goto(`${secondUrl}/mina-behandlingar`)]);
            expect([round, page.url(), other.url()]).toEqual([
              round,
              `${system.portalUrl}/mina-behandlingar`,
              `${secondUrl}/mina-behandlingar`,
            ]);
          }
          expect(await signedInCount()).toBe(1);
        } finally {
          step('stop the second portal');
          await closePage(other);
          await second.close();
        }
      }),
    90_000,
  );

  it('a multipart post without the CSRF token is refused where no handler checks it: she is not signed out, nothing is withdrawn', async () => {
    for (const path of ['/logga-ut', '/begaranden/aaaaaaaaaaaa/aterkalla', '/samtycken/aterkalla']) {
      const res = await page.request.post(`${system.portalUrl}${path}`, {
        multipart: { reason: 'idle', notice: system.noticeSlug, purpose: 'x' },
        headers: { accept: 'text/html' },
        maxRedirects: 0,
      });
      expect([path, res.status()]).toEqual([path, 403]);
      expect(await res.text()).toContain('<html');
      expect(await signedInCount()).toBe(1);
    }
  });

  it('a multipart post to a plain form is refused with a page, not a 500', async () => {
    for (const path of [`/begaranden/ny?behandling=${system.noticeSlug}`, '/samtycken/ge', '/samtycken/aterkalla']) {
      const csrf = await page
        .goto(`${system.portalUrl}/mina-behandlingar`)
        .then(() => page.locator('input[name="_csrf"]').first().inputValue());
      const res = await page.request.post(`${system.portalUrl}${path}`, { multipart: { _csrf: csrf, kind: 'access' }, maxRedirects: 0 });
      expect([path, res.status()]).toEqual([path, 403]);
    }
    expect(await signedInCount()).toBe(1);
  });

  it('a post from another site is refused even with a valid token (Origin, Sec-Fetch-Site)', async () => {
    await page.goto(`${system.portalUrl}/mina-behandlingar`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const forged: Record<string, string>[] = [
      { origin: 'https://elak.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'null' },
    ];
    for (const headers of forged) {
      const res = await page.request.post(`${system.portalUrl}/logga-ut`, { form: { _csrf: csrf }, headers, maxRedirects: 0 });
      expect([headers, res.status()]).toEqual([headers, 403]);
      expect(await signedInCount()).toBe(1);
    }
    // From the portal itself the same form works: she is signed out.
    const own = await page.request.post(`${system.portalUrl}/logga-ut`, {
      form: { _csrf: csrf },
      headers: { origin: system.portalUrl, 'sec-fetch-site': 'same-origin' },
      maxRedirects: 0,
    });
    expect(own.status()).toBe(303);
    expect(await signedInCount()).toBe(0);
    await screenshot(page, 'robustness-signed-in-page');
  });

  it('a backend outage is a page that says so (503, Retry-After), and Mina behandlingar shows what it can', async () => {
    await signIn();
    const problems: string[] = [];
    await system.stopBackend('messages');
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const mine = await page.goto(`${system.portalUrl}/mina-behandlingar`);
      expect(mine?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Mina behandlingar');
      expect(await page.locator('#unavailable').textContent()).toContain('Dina säkra meddelanden kan inte visas just nu');
      problems.push(...(await violations(`mina-behandlingar with messages down at ${width}`)));
      await screenshot(page, `outage-mine-sv-${width}`);
      const down = await page.goto(`${system.portalUrl}/meddelanden`);
      expect(down?.status()).toBe(503);
      expect(down?.headers()['retry-after']).toBe('30');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tjänsten är tillfälligt otillgänglig');
      problems.push(...(await violations(`the 503 page at ${width}`)));
      await screenshot(page, `outage-503-sv-${width}`);
    }
    await page.goto(`${system.portalUrl}/meddelanden?lang=en`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The service is temporarily unavailable');
    await screenshot(page, 'outage-503-en-390');
    await page.goto(`${system.portalUrl}/mina-behandlingar?lang=sv`);

    // The rights service too: both notes, and its pages are the 503 page.
    await system.stopBackend('rights');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${system.portalUrl}/mina-behandlingar`);
    expect(await page.locator('#unavailable p').count()).toBe(2);
    expect((await page.goto(`${system.portalUrl}/samtycken`))?.status()).toBe(503);
    expect((await page.goto(`${system.portalUrl}/begaranden`))?.status()).toBe(503);

    // The identity service down while her token needs refreshing: a 503, and she is still signed in after.
    await system.stopBackend('identity');
    await db.collection('browser_sessions').updateMany(signedIn(), { $set: { accessExpiresAt: new Date(Date.now() - 60_000) } });
    const refresh = await page.goto(`${system.portalUrl}/mina-behandlingar`);
    expect(refresh?.status()).toBe(503);
    expect(page.url()).toBe(`${system.portalUrl}/mina-behandlingar`);
    expect(await signedInCount()).toBe(1);
    expect(problems).toEqual([]);
  }, 90_000);
});

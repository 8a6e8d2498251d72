// The page checks the officials' browser tests share: pages in browser contexts of their own (Swedish, 1280 px
// wide), and axe-core (WCAG 2.1 A/AA, serious and critical) with a screenshot of a page at 1280 and 390 px,
// also in both languages. The violations pile up in `found`, which each test asserts empty at its end, so
// that one run names every page at fault, not only the first.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, screenshot } from './portal-harness.js';

/** The widths every page is checked at: a desktop and a phone (with a phone's height). */
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
const DESKTOP = { width: 1280, height: 800 };

/**
 * The checks of one test file. `browser` is read when a page is made, as the browser is launched in the
 * test's beforeAll; `portalUrl` is where checkBothLanguages' paths are.
 */
export function pageChecks(portalUrl: string, browser: () => Browser) {
  const contexts: BrowserContext[] = [];
  const found: string[] = [];

  /** A page in a context of its own (its own cookies: one person signed in), in Swedish at 1280 px. */
  const newPage = async (): Promise<Page> => {
    const context = await browser().newContext({ locale: 'sv-SE', viewport: DESKTOP });
    contexts.push(context);
    return context.newPage();
  };

  /** axe and screenshots of the page as it stands (a refused form, say), at 1280 and 390 px; back at 1280 after. */
  const check = async (page: Page, name: string): Promise<void> => {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      found.push(...(await axeViolations(page, `${name} at ${viewport.width}`)));
      await screenshot(page, `${name}-${viewport.width}`);
    }
    await page.setViewportSize(DESKTOP);
  };

  /** The portal's page at `path` in English and in Swedish, each checked at both widths; left in Swedish. */
  const checkBothLanguages = async (page: Page, path: string, name: string): Promise<void> => {
    for (const lang of ['en', 'sv'] as const) {
      await page.goto(`${portalUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      await check(page, `${name}-${lang}`);
    }
  };

  /** Closes every context newPage made (the browser itself is the test's). */
  const closePages = async (): Promise<void> => {
    for (const c of contexts) await c.close();
  };

  return { found, newPage, check, checkBothLanguages, closePages };
}

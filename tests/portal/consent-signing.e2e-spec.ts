// Mina samtycken in a real browser for a purpose the notice asks to be signed (the consent-based seed's
// sms-amnesrad): "Signera med BankID" starts a sign order at the identity service, the waiting page shows
// the text being signed and the QR code (login.js keeps it current, no inline script), the simulator's phone
// page shows the same text and approves it, and the consent is recorded with its signature: the history
// says so and the downloaded receipt names it. Withdrawing is one button, no signature. Cancelling, and the
// same-device start, end where they should. axe-core (WCAG 2.1 A/AA) on each new page state in Swedish and
// English at 1280 and 390 px; screenshots under test-artifacts/portal/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@insyn/testing';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { publishNotice } from '../rights/rights-harness.js';
import { axeViolations, launchChromium, portalSystem, screenshot, signInWithBankId, timedSteps } from './portal-harness.js';

const ANNA = '199908072391';
const TEXT_SV = 'Jag samtycker till att sms:et om ett nytt säkert meddelande också visar meddelandets ämnesrad.';

const system = await portalSystem();

describe('a consent signed with BankID in the portal', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let slug: string;
  const card = () => page.locator(`#p-${slug}-sms-amnesrad`);

  /** Serious and critical WCAG 2.1 A/AA violations, at 1280 and 390 px, with a screenshot at each width. */
  const checkPage = async (name: string): Promise<string[]> => {
    const found: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
      found.push(...(await axeViolations(page, `${name}@${width}`)));
      await screenshot(page, `${name}-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    return found;
  };

  beforeAll(async () => {
    slug = await publishNotice('consent-example');
    await eventually(
      async () => ((await fetch(`${system.rightsUrl}/v1/request-kinds?notice=${slug}`)).status === 200 ? true : undefined),
      30_000,
      'the consent-based notice to reach the rights service',
    );
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    await signInWithBankId(page, system, ANNA);
  });

  afterAll(async () => {
    await browser?.close();
    await system.stop();
  });

  it('offers "Signera med BankID" (QR or this device) instead of the one-step button, and says why', async () => {
    await page.goto(`${system.portalUrl}/samtycken`);
    expect(await card().locator('blockquote').textContent()).toContain(TEXT_SV);
    expect(await card().getByRole('button', { name: 'Signera med BankID', exact: true }).count()).toBe(1);
    expect(await card().getByRole('button', { name: 'Signera med BankID på den här enheten' }).count()).toBe(1);
    expect(await card().getByRole('button', { name: 'Jag samtycker' }).count()).toBe(0);
    expect(await card().textContent()).toContain('Att ta tillbaka samtycket kräver ingen underskrift.');
    // The one-step purpose beside it keeps its one button.
    expect(await page.locator(`#p-${slug}-sms-avisering`).getByRole('button', { name: 'Jag samtycker' }).count()).toBe(1);
    expect(await checkPage('consent-sign-list-sv')).toEqual([]);
  });

  it(
    'shows the text being signed and the QR code; the phone shows the same text and approves; the consent is recorded',
    () =>
      timedSteps(110_000, async (step) => {
        step('start the signing');
        await card().getByRole('button', { name: 'Signera med BankID', exact: true }).click();
        await page.waitForURL(/\/samtycken\/signera$/);
        expect(await page.locator('h1').textContent()).toBe('Skriv under ditt samtycke');
        expect(await page.locator('blockquote').textContent()).toContain(TEXT_SV);
        expect(await page.locator('#login-qr svg').count()).toBe(1);
        expect(await page.locator('#login-message').textContent()).toBeTruthy();
        // No inline script: the page's only script is the shared file.
        expect(await page.locator('script:not([src])').count()).toBe(0);
        step('check the waiting page');
        expect(await checkPage('consent-sign-wait-sv')).toEqual([]);

        // The phone is another device: a browser context of its own, closed once its answer to the approval
        // has loaded (a page closed while its navigation commits can stay open for good, see closePage).
        step('open the order on the phone');
        const phoneContext = await browser.newContext({ locale: 'sv-SE', viewport: { width: 390, height: 844 } });
        try {
          const phone = await phoneContext.newPage();
          await phone.goto(`${system.simulatorUrl}/?user=${ANNA}&auto=0`);
          const order = phone.locator('article').filter({ hasText: 'BankID: Underskrift' });
          expect(await order.locator('.text').textContent()).toContain(TEXT_SV);
          step('approve on the phone');
          await order.getByRole('button', { name: /^Godkänn som/ }).click();
          await phone.waitForURL(/[?&]ok=1/);
        } finally {
          await phoneContext.close();
        }

        step('the portal records the consent');
        await page.waitForURL(/\/samtycken\?klart=given/, { timeout: 30_000 });
        expect(await page.getByRole('status').textContent()).toContain('Klart! Du har samtyckt till ”Ämnesraden i sms:et”.');
        expect(await card().textContent()).toContain('Du har samtyckt sedan');
        step('check the consent page');
        expect(await checkPage('consent-signed-sv')).toEqual([]);
      }),
    120_000,
  );

  it('the history says the text was signed with BankID; the receipt verifies and names the signature', async () => {
    await page.getByRole('link', { name: 'Historik och kvitto för ”Ämnesraden i sms:et”' }).click();
    expect(await page.locator('tbody tr').first().textContent()).toContain('texten signerad med BankID');
    await screenshot(page, 'consent-signed-history-sv');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Ladda ner kvittot' }).click();
    const jws = fs.readFileSync(await (await download).path(), 'utf8').trim();
    const jwks = (await (await fetch(`${system.rightsUrl}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const { payload } = await compactVerify(jws, createLocalJWKSet(jwks));
    const receipt = JSON.parse(new TextDecoder().decode(payload)) as { consentStatus: string; consentSignature?: { provider: string } };
    expect(receipt.consentStatus).toBe('given');
    expect(receipt.consentSignature?.provider).toBe('bankid');
  });

  it('withdraws with one button, no signature (art. 7.3)', async () => {
    await page.goto(`${system.portalUrl}/samtycken`);
    await card().getByRole('button', { name: 'Ta tillbaka mitt samtycke' }).click();
    await page.waitForURL(/\/samtycken\?klart=withdrawn/);
    expect(await card().getByRole('button', { name: 'Signera med BankID', exact: true }).count()).toBe(1);
  });

  it('a cancelled signing ends on a page that says nothing was recorded', async () => {
    await card().getByRole('button', { name: 'Signera med BankID', exact: true }).click();
    await page.waitForURL(/\/samtycken\/signera$/);
    await page.getByRole('button', { name: 'Avbryt underskriften' }).click();
    expect(await page.locator('h1').textContent()).toBe('Underskriften avbröts');
    expect(await page.getByRole('alert').textContent()).toContain('Du avbröt underskriften.');
    expect(await page.getByText('Ditt samtycke är inte registrerat.').count()).toBe(1);
    expect(await checkPage('consent-sign-cancelled-sv')).toEqual([]);
    await page.getByRole('link', { name: 'Tillbaka till Mina samtycken' }).click();
    expect(await card().textContent()).toContain('Du har tagit tillbaka ditt samtycke');
  });

  it('on this device: the page opens the BankID app instead of a QR code', async () => {
    await card().getByRole('button', { name: 'Signera med BankID på den här enheten' }).click();
    await page.waitForURL(/\/samtycken\/signera$/);
    expect(await page.getByRole('link', { name: 'Öppna BankID-appen' }).getAttribute('href')).toMatch(/^bankid:\/\/\/\?autostarttoken=/);
    expect(await page.locator('#login-qr').count()).toBe(0);
    await page.getByRole('button', { name: 'Avbryt underskriften' }).click();
    expect(await page.locator('h1').textContent()).toBe('Underskriften avbröts');
  });

  it('in English: the button, the waiting page with the English text, and its end', async () => {
    await page.goto(`${system.portalUrl}/kakor?lang=en`);
    await page.goto(`${system.portalUrl}/samtycken`);
    expect(await checkPage('consent-sign-list-en')).toEqual([]);
    await card().getByRole('button', { name: 'Sign with BankID', exact: true }).click();
    await page.waitForURL(/\/samtycken\/signera$/);
    expect(await page.locator('h1').textContent()).toBe('Sign your consent');
    expect(await page.locator('blockquote').textContent()).toContain('I consent to the text message about a new secure message');
    expect(await checkPage('consent-sign-wait-en')).toEqual([]);
    await page.getByRole('button', { name: 'Cancel the signing' }).click();
    expect(await page.locator('h1').textContent()).toBe('The signing was stopped');
    expect(await checkPage('consent-sign-cancelled-en')).toEqual([]);
  });
});

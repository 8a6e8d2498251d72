// Writing a gallringsregel in the browser, with no curl (issue 15): the retention administrator (Isak
// Isaksson) creates a rule for her unit citing its gallringsbeslut — a form refused by the portal first,
// then a schedule the retention service refuses, said beside its field in the service's words — edits the
// draft while someone else changed it (412: said as such, with a link to read it again), saves it and
// submits it; the DPO (Frida Forsberg) approves it, the rule applies and its forecast counts a conversation
// of the unit closed today. axe-core (WCAG 2.1 A/AA, zero serious or critical) on the editor's pages in
// Swedish and English at 1280 and 390 px; screenshots under test-artifacts/portal/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, uniqueSuffix } from '@insyn/testing';
import type { Browser, Page } from 'playwright-core';
import { pageChecks } from './page-checks.js';
import { ARCHIVIST_HSA, GALLRING_HSA, launchChromium, portalSystem, RETENTION_ADMIN_HSA, signInAsOfficial } from './portal-harness.js';

const ANNA = '199908072391';
const REFERENCE = `KS 2025/${uniqueSuffix().slice(0, 8)}`;

const system = await portalSystem({ retention: true });

describe('the rule editor: a retention administrator writes a rule, a DPO approves it, in the browser', () => {
  let browser: Browser;
  let admin: Page;
  const ruleId = `redigerad-${uniqueSuffix().slice(0, 8)}`;
  const { found, newPage, check: checkHere, checkBothLanguages, closePages } = pageChecks(system.portalUrl, () => browser);

  const main = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  beforeAll(async () => {
    // A conversation of the unit, closed today: the retention service hears of it as a candidate.
    const conversation = await system.openConversation(ANNA, 'Regelns samtal', 'Hej Anna');
    const closing = await fetch(`${system.messagesUrl}/v1/conversations/${conversation}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await system.clientToken()}` },
    });
    expect(closing.status).toBe(200);
    browser = await launchChromium();
    admin = await newPage();
    await signInAsOfficial(admin, system, RETENTION_ADMIN_HSA);
  });

  afterAll(async () => {
    await closePages();
    await browser?.close();
    await system.stop();
  });

  it('the rules list leads her to a new rule; a form without its parts is refused beside each field', async () => {
    await admin.goto(`${system.portalUrl}/tjanst/gallring`);
    await admin.getByRole('link', { name: 'Ny regel' }).click();
    await admin.waitForURL(`${system.portalUrl}/tjanst/gallring/ny-regel`);
    expect(await admin.locator('h1').textContent()).toBe('Ny gallringsregel');
    await checkBothLanguages(admin, '/tjanst/gallring/ny-regel', 'gallring-rule-new');

    await admin.getByLabel('Regelns id').fill('X');
    await admin.getByRole('button', { name: 'Skapa regeln som utkast' }).click();
    const summary = (await admin.locator('#error-summary').textContent()) ?? '';
    for (const said of ['Skriv ett id med 2–63', 'Välj enhet', 'Skriv gallringsfristen som ett heltal']) expect(summary).toContain(said);
    expect(await admin.locator('#ruleId').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.locator('#ruleId').getAttribute('aria-describedby')).toContain('ruleId-error');
    expect(await admin.locator('#ruleId').inputValue()).toBe('x');
    await checkHere(admin, 'gallring-rule-new-refused');
  });

  it('the retention service’s refusal of a schedule is said beside the schedule, in its words; then the rule is made', async () => {
    await admin.goto(`${system.portalUrl}/tjanst/gallring/ny-regel`);
    await admin.getByLabel('Enhet', { exact: true }).selectOption(system.unit);
    await admin.getByLabel('Regelns id').fill(ruleId);
    await admin.getByLabel('Levereras till arkivet och gallras sedan').check();
    await admin.getByLabel('Tiden räknas från').selectOption('conversation-closed');
    await admin.getByLabel('Antal').fill('1');
    await admin.getByLabel('Tidsenhet').selectOption('D');
    await admin.getByLabel('När regeln körs').fill('0 25 * * *');
    await admin.getByLabel('Beslutande organ').fill('Kommunstyrelsen');
    await admin.getByLabel('Beslutsdatum').fill('2025-05-12');
    await admin.getByLabel('Diarienummer').fill(REFERENCE);
    await admin.getByLabel('Paragraf eller punkt').fill('punkt 4.2');
    await admin.getByRole('button', { name: 'Skapa regeln som utkast' }).click();
    const error = admin.locator('#schedule-error');
    expect(await error.getAttribute('lang')).toBe('en');
    expect((await error.textContent())?.length).toBeGreaterThan(5);
    expect(await admin.locator('#schedule').getAttribute('aria-invalid')).toBe('true');
    // What she wrote is kept.
    expect(await admin.locator('#decisionReference').inputValue()).toBe(REFERENCE);
    expect(await admin.locator('#afterUnit').inputValue()).toBe('D');
    await checkHere(admin, 'gallring-rule-new-service-refused');

    await admin.getByLabel('När regeln körs').fill('0 2 * * *');
    await admin.getByRole('button', { name: 'Skapa regeln som utkast' }).click();
    await admin.waitForURL(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}?klart=skapad`);
    expect(await admin.locator('#confirmation').textContent()).toContain('Regeln är skapad som ett utkast');
    const version = admin.locator('section', { has: admin.locator('h3', { hasText: 'Version 1' }) });
    expect(await version.textContent()).toContain('Levereras till arkivet och gallras 1 dag efter att samtalet avslutades');
    expect(await version.textContent()).toContain(REFERENCE);
    // A second rule by the same id is refused beside the id.
    await admin.goto(`${system.portalUrl}/tjanst/gallring/ny-regel`);
    await admin.getByLabel('Enhet', { exact: true }).selectOption(system.unit);
    await admin.getByLabel('Regelns id').fill(ruleId);
    await admin.getByLabel('Antal').fill('2');
    await admin.getByRole('button', { name: 'Skapa regeln som utkast' }).click();
    expect(await admin.locator('#ruleId-error').textContent()).toContain('Det finns redan en regel med det id:t');
  });

  it('she edits the draft; a change by someone else meanwhile is said as such, and saved after reading it again', async () => {
    await admin.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
    await admin.getByRole('link', { name: 'Ändra utkastet (version 1)' }).click();
    await admin.waitForURL(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}/andra`);
    expect(await admin.locator('#afterCount').inputValue()).toBe('1');
    expect(await admin.locator('#decisionSection').inputValue()).toBe('punkt 4.2');
    await checkBothLanguages(admin, `/tjanst/gallring/regler/${ruleId}/andra`, 'gallring-rule-edit');

    // Someone else changes the draft over the API while her form is open.
    const token = await system.officialToken(RETENTION_ADMIN_HSA);
    const read = await fetch(`${system.retentionUrl}/v1/rules/${ruleId}`, { headers: { authorization: `Bearer ${token}` } });
    const etag = read.headers.get('etag') ?? '';
    expect(etag).toBe('"1.1"');
    const changed = await fetch(`${system.retentionUrl}/v1/rules/${ruleId}/draft`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({
        action: 'archive-then-delete',
        trigger: 'conversation-closed',
        after: 'P1D',
        schedule: '0 2 * * *',
        decision: { body: 'Kommunstyrelsen', date: '2025-05-12', reference: REFERENCE, section: 'punkt 4.3' },
      }),
    });
    expect(changed.status).toBe(200);

    await admin.getByLabel('Paragraf eller punkt').fill('punkt 5');
    await admin.getByRole('button', { name: 'Spara utkastet' }).click();
    expect(await main(admin)).toContain('Någon annan har ändrat utkastet sedan du öppnade det');
    await checkHere(admin, 'gallring-rule-edit-stale');
    await admin.getByRole('link', { name: 'Läs in utkastet som det är nu' }).click();
    expect(await admin.locator('#decisionSection').inputValue()).toBe('punkt 4.3');
    await admin.getByLabel('Paragraf eller punkt').fill('punkt 5');
    await admin.getByRole('button', { name: 'Spara utkastet' }).click();
    await admin.waitForURL(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}?klart=sparad`);
    expect(await admin.locator('#confirmation').textContent()).toContain('Utkastet är sparat');
    expect(await admin.locator('section', { has: admin.locator('h3', { hasText: 'Version 1' }) }).textContent()).toContain('punkt 5');
  });

  it('she submits it; the DPO approves it; it applies and its forecast counts the closed conversation', async () => {
    await admin.getByRole('button', { name: 'Skicka version 1 för godkännande' }).click();
    await admin.waitForURL(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}?klart=begard`);
    expect(await admin.getByRole('button', { name: 'Godkänn version 1' }).count()).toBe(0);

    const dpo = await newPage();
    await signInAsOfficial(dpo, system, GALLRING_HSA);
    await dpo.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
    await dpo.getByRole('button', { name: 'Godkänn version 1' }).click();
    await dpo.waitForURL(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}?klart=godkand`);
    expect(await dpo.locator('dl.facts').first().textContent()).toContain('Version 1 gäller');
    // Closed today, kept one day: due within 30 days (blocked until the archive's receipt, or due).
    const due = await eventually(
      async () => {
        await dpo.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
        const row = dpo.locator('tr', { has: dpo.locator('th', { hasText: 'Inom 30 dagar' }) });
        const counts = (await row.locator('td').allTextContents()).map((n) => Number(n.trim()));
        const sum = counts.reduce((a, b) => a + b, 0);
        if (sum >= 1) return sum;
        await new Promise((r) => setTimeout(r, 500));
        return undefined;
      },
      30_000,
      'the closed conversation in the forecast',
    );
    expect(due).toBeGreaterThanOrEqual(1);
    await checkHere(dpo, 'gallring-rule-edited-active');
    // The rule has no draft now: her link writes a new version.
    await admin.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
    await admin.getByRole('link', { name: 'Skriv en ny version' }).click();
    expect(await admin.locator('h1').textContent()).toContain('version 2');
    expect(await admin.locator('input[name="etag"]').count()).toBe(0);
  });

  it('a form without the page’s CSRF token is refused, and nothing is made', async () => {
    const res = await admin.request.post(`${system.portalUrl}/tjanst/gallring/ny-regel`, {
      form: { ruleId: `utan-token-${uniqueSuffix().slice(0, 6)}`, unit: system.unit, action: 'keep', trigger: 'conversation-closed' },
      headers: { accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    const put = await admin.request.post(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}/andra`, {
      form: { action: 'keep', trigger: 'conversation-closed', _csrf: 'not-the-token' },
      headers: { accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(put.status()).toBe(403);
  });

  it('an archivist is offered no editor, and gets a 403 page for it', async () => {
    const archivist = await newPage();
    await signInAsOfficial(archivist, system, ARCHIVIST_HSA);
    await archivist.goto(`${system.portalUrl}/tjanst/gallring`);
    expect(await archivist.getByRole('link', { name: 'Ny regel' }).count()).toBe(0);
    for (const path of ['/tjanst/gallring/ny-regel', `/tjanst/gallring/regler/${ruleId}/andra`])
      expect((await archivist.goto(`${system.portalUrl}${path}`))?.status()).toBe(403);
  });

  it('no page has a serious or critical axe violation', () => {
    expect(found).toEqual([]);
  });
});

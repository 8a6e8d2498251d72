// The officials' notice pages (issue 15) in a real browser (Debian's Chromium, driven by playwright-core)
// against the whole system on the real Kafka broker and MongoDB: the notice editor signs in with SITHS
// eID, creates a notice, writes it as YAML (a YAML error is shown by line and column), edits it in the
// form editor (a row added and removed without script, a field's error beside it, someone else's save
// meanwhile reported with a link to reload), and submits it; the page says it awaits a second person and
// offers her no approval. The data protection officer approves it in her own browser, and residents see
// it published. A second round removes a data category and the comparison says so in words; at last the
// editor withdraws the notice. axe-core (WCAG 2.1 A/AA, zero serious or critical) on every new page in
// Swedish and English at 1280 and 390 px; screenshots under test-artifacts/portal/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uniqueSuffix } from '@insyn/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pageChecks } from './page-checks.js';
import { GALLRING_HSA, launchChromium, NOTICE_EDITOR_HSA, portalSystem, RIGHTS_HANDLER_HSA, signInAsOfficial } from './portal-harness.js';

const system = await portalSystem();
/** A test that walks several pages, each checked by axe and screenshotted at two widths (the form editor's page is long). */
const LONG = 600_000;

/** The Umeå seed notice as YAML under this test's own id (its `id` line replaced, `version` left out). */
function seedYaml(slug: string): string {
  const yaml = readFileSync(path.resolve(import.meta.dirname, '../../apps/notice/seed/umea-behandling-sakra-meddelanden.yaml'), 'utf8');
  return yaml.replace(/^id: .*$/m, `id: ${slug}`).replace(/^version: .*$/m, '');
}

describe('the notice pages: write, submit, approve by a second person, publish, compare', () => {
  let browser: Browser;
  let editor: Page;
  let dpo: Page;
  const slug = `hemtjanst-${uniqueSuffix().slice(0, 8)}`;
  const noticePath = `/tjanst/behandlingar/${slug}`;
  const base = () => `${system.portalUrl}${noticePath}`;
  const { found, newPage, check: checkHere, checkBothLanguages, closePages } = pageChecks(system.portalUrl, () => browser);

  const main = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  beforeAll(async () => {
    browser = await launchChromium();
    editor = await newPage();
    dpo = await newPage();
  });

  afterAll(async () => {
    await closePages();
    await browser?.close();
    await system.stop();
  });

  it(
    'an official without a notice role gets a 403 page; the editor finds the notices in her menu',
    async () => {
      const other = await newPage();
      await signInAsOfficial(other, system, RIGHTS_HANDLER_HSA);
      expect((await other.goto(`${system.portalUrl}/tjanst/behandlingar`))?.status()).toBe(403);

      await signInAsOfficial(editor, system, NOTICE_EDITOR_HSA);
      await editor.getByRole('link', { name: 'Behandlingsinformation' }).first().click();
      await editor.waitForURL(`${system.portalUrl}/tjanst/behandlingar`);
      // The notice the harness published is listed with its status.
      expect(await main(editor)).toContain('Publicerad, version 1');
      await checkBothLanguages(editor, '/tjanst/behandlingar', 'notices-list');
    },
    LONG,
  );

  it(
    'the editor creates a notice (a bad id refused beside its field) and writes it as YAML',
    async () => {
      await editor.goto(`${system.portalUrl}/tjanst/behandlingar`);
      await editor.locator('#new-id').fill('Inte OK!');
      await editor.getByLabel('Rubrik på svenska').fill('Behandling, hemtjänst');
      await editor.getByRole('button', { name: 'Skapa utkast' }).click();
      expect(await editor.locator('#new-id-error').textContent()).toContain('små bokstäver');
      await checkHere(editor, 'notices-create-refused');

      await editor.locator('#new-id').fill(slug);
      await editor.getByRole('button', { name: 'Skapa utkast' }).click();
      await editor.waitForURL(`${base()}/redigera`);
      // A draft never published is in the list too.
      await editor.goto(`${system.portalUrl}/tjanst/behandlingar`);
      expect(await editor.locator('tr', { hasText: slug }).textContent()).toContain('Utkast');

      // The YAML view: an error with its line and column, then the whole notice.
      await editor.goto(`${base()}/yaml`);
      await editor.locator('#yaml').fill(`id: ${slug}\ntitle:\n  sv: [oavslutad\n`);
      await editor.getByRole('button', { name: 'Spara utkastet' }).click();
      expect(await editor.locator('#error-summary').textContent()).toMatch(/rad \d+, kolumn \d+/);
      // What is wrong, in Swedish and marked so (the parser's own words are English).
      expect(await editor.locator('#error-summary li span[lang="sv"]').textContent()).toContain('varje [ ha sin ]');
      await checkHere(editor, 'notice-yaml-error');
      await editor.locator('#yaml').fill(seedYaml(slug));
      await editor.getByRole('button', { name: 'Spara utkastet' }).click();
      expect(await editor.locator('#saved').textContent()).toContain('Utkastet är sparat');
      await checkBothLanguages(editor, `${noticePath}/yaml`, 'notice-yaml');
    },
    LONG,
  );

  it(
    'the editor edits in the form: rows added and removed server-side, errors beside their fields, a conflict said',
    async () => {
      await editor.goto(`${base()}/redigera`);
      expect(await editor.locator('#f-title-sv').inputValue()).toBe('Behandling, säkra meddelanden');
      const categories = await editor.locator('select[name^="dataCategories["][name$="].code"]').count();
      expect(categories).toBeGreaterThan(1);

      // A data category added (an empty row), then removed again, without script.
      await editor.getByRole('button', { name: 'Lägg till personuppgiftskategori' }).click();
      expect(await editor.locator('select[name^="dataCategories["][name$="].code"]').count()).toBe(categories + 1);
      await editor.getByRole('button', { name: `Ta bort personuppgiftskategori ${categories + 1}`, exact: true }).click();
      expect(await editor.locator('select[name^="dataCategories["][name$="].code"]').count()).toBe(categories);

      // A bad organisation number: the service's message beside the field, and in the summary linking to it.
      await editor.locator('#f-title-sv').fill('Behandling, hemtjänst');
      await editor.locator('#f-controller-organisationNumber').fill('12345');
      await editor.getByRole('button', { name: 'Spara utkastet' }).first().click();
      expect(await editor.locator('#f-controller-organisationNumber-error').isVisible()).toBe(true);
      expect(await editor.locator('#f-controller-organisationNumber').getAttribute('aria-invalid')).toBe('true');
      expect(await editor.locator('#error-summary a[href="#f-controller-organisationNumber"]').count()).toBe(1);
      // In Swedish, as the page is: the portal asks the service for its messages in the page's language.
      const orgnrError = editor.locator('#f-controller-organisationNumber-error span[lang]');
      expect(await orgnrError.textContent()).toBe('måste vara ett svenskt organisationsnummer, NNNNNN-NNNN');
      expect(await orgnrError.getAttribute('lang')).toBe('sv');
      await checkHere(editor, 'notice-edit-errors');
      // And in English on an English page.
      await editor.goto(`${base()}/redigera?lang=en`);
      await editor.locator('#f-controller-organisationNumber').fill('12345');
      await editor.getByRole('button', { name: 'Save the draft' }).first().click();
      expect(await orgnrError.textContent()).toBe('must be a Swedish organisation number, NNNNNN-NNNN');
      expect(await orgnrError.getAttribute('lang')).toBe('en');
      await checkHere(editor, 'notice-edit-errors-en');
      await editor.goto(`${base()}/redigera?lang=sv`);
      await editor.locator('#f-title-sv').fill('Behandling, hemtjänst');
      await editor.locator('#f-controller-organisationNumber').fill('12345');
      await editor.getByRole('button', { name: 'Spara utkastet' }).first().click();
      expect(await orgnrError.textContent()).toBe('måste vara ett svenskt organisationsnummer, NNNNNN-NNNN');

      // Someone else saves meanwhile (over the API, with the revision she read): this page's save is refused, with a link to reload.
      const token = await system.officialToken(NOTICE_EDITOR_HSA);
      const noticeUrl = system.noticeUrl;
      const draft = await fetch(`${noticeUrl}/v1/notices/${slug}/draft`, { headers: { authorization: `Bearer ${token}` } });
      const etag = draft.headers.get('etag')!;
      const put = await fetch(`${noticeUrl}/v1/notices/${slug}/draft`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': etag },
        body: JSON.stringify(await draft.json()),
      });
      expect(put.status).toBe(200);
      await editor.locator('#f-controller-organisationNumber').fill('');
      await editor.getByRole('button', { name: 'Spara utkastet' }).first().click();
      expect(await editor.locator('#error-summary').textContent()).toContain('Någon annan har ändrat utkastet');
      await checkHere(editor, 'notice-edit-conflict');
      await editor.getByRole('link', { name: 'Öppna det senaste utkastet' }).click();

      // Saved at last, with the new title.
      await editor.locator('#f-title-sv').fill('Behandling, hemtjänst');
      await editor.getByRole('button', { name: 'Spara utkastet' }).first().click();
      expect(await editor.locator('#saved').textContent()).toContain('Utkastet är sparat');
      await checkBothLanguages(editor, `${noticePath}/redigera`, 'notice-edit');
    },
    LONG,
  );

  it(
    'the editor submits it: it awaits a second person, and she is offered no approval',
    async () => {
      await editor.goto(base());
      await editor.getByRole('button', { name: 'Skicka för godkännande' }).click();
      await editor.waitForURL(/klart=skickad/);
      const text = await main(editor);
      expect(text).toContain('väntar nu på godkännande av en andra person');
      expect(text).toContain('du kan inte godkänna det själv');
      expect(await editor.getByRole('button', { name: 'Godkänn och publicera' }).count()).toBe(0);
      await checkBothLanguages(editor, noticePath, 'notice-awaiting-editor');
    },
    LONG,
  );

  it(
    'the data protection officer approves it, and residents see it published',
    async () => {
      await signInAsOfficial(dpo, system, GALLRING_HSA);
      // She finds it in the list, awaiting approval, and reads the draft as residents will see it.
      await dpo.goto(`${system.portalUrl}/tjanst/behandlingar`);
      const row = dpo.locator('tr', { hasText: slug });
      expect(await row.textContent()).toContain('Väntar på godkännande');
      await dpo.goto(`${base()}/forhandsvisning`);
      expect(await dpo.locator('.notice-preview h2').first().textContent()).toContain('Behandling, hemtjänst');
      await dpo.goto(`${system.portalUrl}/tjanst/behandlingar`);
      await dpo.locator('tr', { hasText: slug }).getByRole('link').click();
      await dpo.waitForURL(base());
      expect(await main(dpo)).toContain(`tjänsteperson med HSA-id ${NOTICE_EDITOR_HSA}`);
      await checkBothLanguages(dpo, noticePath, 'notice-awaiting-approver');
      await dpo.getByRole('button', { name: 'Godkänn och publicera' }).click();
      await dpo.waitForURL(/klart=godkand/);
      expect(await main(dpo)).toContain('Godkänd. Version 1 är publicerad.');

      const resident = await newPage();
      const res = await resident.goto(`${system.portalUrl}/behandlingar/${slug}`);
      expect(res?.status()).toBe(200);
      expect(await resident.locator('h1').first().textContent()).toContain('Behandling, hemtjänst');
      await checkBothLanguages(dpo, `${noticePath}/forhandsvisning`, 'notice-preview');
    },
    LONG,
  );

  it(
    'a second round removes a data category; the comparison says so in words',
    async () => {
      await editor.goto(`${base()}/redigera`);
      const first = await editor.locator('select[name="dataCategories[0].code"]').inputValue();
      const label = (await editor.locator(`select[name="dataCategories[0].code"] option[value="${first}"]`).textContent())!.replace(
        / \(.*\)$/,
        '',
      );
      await editor.getByRole('button', { name: 'Ta bort personuppgiftskategori 1', exact: true }).click();
      await editor.getByRole('button', { name: 'Spara utkastet' }).first().click();
      expect(await editor.locator('#saved').textContent()).toContain('Utkastet är sparat');
      await editor.goto(base());
      await editor.getByRole('button', { name: 'Skicka för godkännande' }).click();
      await editor.waitForURL(/klart=skickad/);

      await dpo.goto(base());
      await dpo.getByRole('button', { name: 'Godkänn och publicera' }).click();
      await dpo.waitForURL(/klart=godkand/);
      expect(await main(dpo)).toContain('Version 2 är publicerad');

      await dpo.goto(`${base()}/jamfor?fran=1&till=2`);
      const changes = await dpo.locator('.notice-changes').textContent();
      expect(changes).toContain(`Borttaget: Personuppgiftskategori ”${label}`);
      await checkBothLanguages(dpo, `${noticePath}/jamfor?fran=1&till=2`, 'notice-compare');
    },
    LONG,
  );

  it(
    'the editor withdraws it (a reason needed): it leaves the residents’ pages and is listed as withdrawn',
    async () => {
      await editor.goto(base());
      await editor.getByRole('button', { name: 'Återkalla behandlingsinformationen' }).click();
      expect(await editor.locator('#withdraw-error').textContent()).toContain('Skriv varför');
      await checkHere(editor, 'notice-withdraw-refused');
      await editor.getByLabel('Skäl').fill('Verksamheten har upphört.');
      await editor.getByRole('button', { name: 'Återkalla behandlingsinformationen' }).click();
      await editor.waitForURL(/klart=aterkallad/);
      expect(await main(editor)).toContain('Behandlingsinformationen är återkallad.');
      expect((await editor.goto(`${system.portalUrl}/behandlingar/${slug}`))?.status()).toBe(404);
      await editor.goto(`${system.portalUrl}/tjanst/behandlingar`);
      expect(await editor.locator('tr', { hasText: slug }).textContent()).toContain('Återkallad');
    },
    LONG,
  );

  it('axe-core finds no serious or critical violation on any notice page', () => {
    expect(found).toEqual([]);
  });
});

// The officials' gallring pages (issue 15) in a real browser (Debian's Chromium, driven by playwright-core)
// against the whole system with the retention service, on the real Kafka broker and MongoDB: the retention
// administrator and data protection officer signs in with SITHS eID, reads the rules with the
// gallringsbeslut each version cites, places a hold on her unit (a refused form first), starts a run by
// hand and follows it to the end (the hold keeps everything: the run finishes at once), reads the
// gallringsprotokoll in Swedish time with its chain verified, downloads it as CSV and PDF through the
// portal, and releases the hold after a confirmation; a hold on a person shows as a person, never as her
// subject key. An archivist reads but is offered no actions, and the service's refusal of a post reaches
// her as the portal's 403 page; a citizen and an official without the roles get 403 pages. axe-core (WCAG
// 2.1 A/AA, zero serious or critical) on every page in Swedish and English at 1280 and 390 px;
// screenshots under test-artifacts/portal/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, uniqueSuffix } from '@insyn/testing';
import type { Browser, Page } from 'playwright-core';
import { pageChecks } from './page-checks.js';
import {
  ARCHIVIST_HSA,
  GALLRING_HSA,
  launchChromium,
  portalSystem,
  REGISTRATOR_HSA,
  RETENTION_ADMIN_HSA,
  RIGHTS_HANDLER_HSA,
  signInAsOfficial,
  signInWithBankId,
} from './portal-harness.js';

const ANNA = '199908072391';
const REFERENCE = `Mål T ${uniqueSuffix().slice(0, 6)}-26`;
const DECISION = { body: 'Socialnämnden', date: '2025-05-12', reference: `SN 2025/${uniqueSuffix().slice(0, 8)}`, section: '§ 45' };

const system = await portalSystem({ retention: true });

describe('the gallring pages: rules, holds, runs and the gallringsprotokoll, by role', () => {
  let browser: Browser;
  let dpo: Page;
  const ruleId = `sakra-meddelanden-${uniqueSuffix().slice(0, 8)}`;
  const otherRuleId = `avvecklas-${uniqueSuffix().slice(0, 8)}`;
  /** A rule of one day, activated by two officials over the API: a conversation closed today falls due within 30 days by it. */
  const soonRuleId = `en-dag-${uniqueSuffix().slice(0, 8)}`;
  let closedConversation: string;
  const ruleBodyOf = (id: string) => ({
    ruleId: id,
    unit: system.unit,
    informationType: 'secure-message',
    action: 'delete',
    trigger: 'conversation-closed',
    after: 'P2Y',
    schedule: '0 2 * * *',
    decision: DECISION,
  });
  const { found, newPage, check: checkHere, checkBothLanguages, closePages } = pageChecks(system.portalUrl, () => browser);

  /** A form post with the signed-in page's CSRF token, as the page's own form would send it; its status and page. */
  const postForm = async (page: Page, path: string, fields: Record<string, string> = {}) => {
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const res = await page.request.post(`${system.portalUrl}${path}`, {
      form: { ...fields, _csrf: csrf },
      headers: { accept: 'text/html' },
      maxRedirects: 0,
    });
    return { status: res.status(), text: await res.text() };
  };

  const main = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  beforeAll(async () => {
    // The rule, as a second retention administrator makes it over the API: version 1 under its
    // gallringsbeslut, submitted for approval; the DPO approves it in the browser (four-eyes, ADR 0024).
    const token = await system.officialToken(RETENTION_ADMIN_HSA);
    const call = (path: string, body?: object) =>
      fetch(`${system.retentionUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const created = await call('/v1/rules', ruleBodyOf(ruleId));
    expect(created.status).toBe(201);
    expect((await call(`/v1/rules/${ruleId}/versions/1/activate`)).status).toBe(202);
    // A second rule, which the DPO submits herself, cannot approve, withdraws and retires.
    expect((await call('/v1/rules', { ...ruleBodyOf(otherRuleId), after: 'P3Y' })).status).toBe(201);
    expect((await call('/v1/rules', { ...ruleBodyOf(soonRuleId), after: 'P1D' })).status).toBe(201);
    expect((await call(`/v1/rules/${soonRuleId}/versions/1/activate`)).status).toBe(202);
    const approved = await fetch(`${system.retentionUrl}/v1/rules/${soonRuleId}/versions/1/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await system.officialToken(GALLRING_HSA)}` },
    });
    expect(approved.status).toBe(200);
    // A conversation of the unit, closed today: the retention service hears of it as a candidate.
    closedConversation = await system.openConversation(ANNA, 'Prognosens samtal', 'Hej Anna');
    const closing = await fetch(`${system.messagesUrl}/v1/conversations/${closedConversation}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await system.clientToken()}` },
    });
    expect(closing.status).toBe(200);
    browser = await launchChromium();
    dpo = await newPage();
  });

  afterAll(async () => {
    await closePages();
    await browser?.close();
    await system.stop();
  });

  it('a citizen, and an official without the roles, get a 403 page', async () => {
    const citizen = await newPage();
    await signInWithBankId(citizen, system, ANNA);
    for (const path of ['/tjanst/gallring', '/tjanst/gallringsstopp', '/tjanst/gallring/protokoll.csv']) {
      expect((await citizen.goto(`${system.portalUrl}${path}`))?.status()).toBe(403);
      expect(await main(citizen)).toContain('Den här sidan är för kommunens tjänstepersoner');
    }
    const handler = await newPage();
    await signInAsOfficial(handler, system, RIGHTS_HANDLER_HSA);
    expect(await handler.locator('.site-nav').getByRole('link', { name: 'Gallring' }).count()).toBe(0);
    for (const path of ['/tjanst/gallring', '/tjanst/gallring/protokoll', '/tjanst/gallring/protokoll.pdf', '/tjanst/gallringsstopp']) {
      expect((await handler.goto(`${system.portalUrl}${path}`))?.status()).toBe(403);
      expect(await main(handler)).toContain('Dina roller ger inte tillgång till den här sidan');
    }
    await checkBothLanguages(handler, '/tjanst/gallring', 'gallring-403-official');
  });

  it('the DPO sees a version awaiting approval and approves it: both names are on the version', async () => {
    await signInAsOfficial(dpo, system, GALLRING_HSA);
    await dpo.goto(`${system.portalUrl}/tjanst/gallring`);
    expect(await dpo.locator('tr', { hasText: ruleId }).textContent()).toContain('version 1 väntar på godkännande');
    await dpo.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
    const approval = dpo.locator('section', { has: dpo.locator('h2', { hasText: 'Godkännande' }) });
    expect(await approval.textContent()).toContain('Version 1 skickades för godkännande');
    expect(await approval.textContent()).toContain('Isak Isaksson');
    await checkBothLanguages(dpo, `/tjanst/gallring/regler/${ruleId}`, 'gallring-rule-awaiting');
    await dpo.getByRole('button', { name: 'Godkänn version 1' }).click();
    await dpo.waitForURL(new RegExp(`/tjanst/gallring/regler/${ruleId}\\?klart=godkand$`));
    expect(await dpo.locator('#confirmation').textContent()).toContain('Versionen är godkänd och gäller nu');
    const version = dpo.locator('section', { has: dpo.locator('h3', { hasText: 'Version 1' }) });
    expect(await version.textContent()).toContain('Skickad för godkännande');
    expect(await version.textContent()).toMatch(/Isak Isaksson \(tjänsteperson med HSA-id SE2120002627-E000000000006\)/);
    expect(await version.textContent()).toMatch(/Godkänd\s*Frida Forsberg \(tjänsteperson med HSA-id SE2120002627-E000000000003\)/);
  });

  it('the retention administrator and DPO sees the rules and the gallringsbeslut each version cites', async () => {
    // Her start page and menu lead to the gallring pages.
    await dpo.goto(`${system.portalUrl}/tjanst`);
    await dpo.locator('main').getByRole('link', { name: 'Gallringsstopp' }).waitFor();
    await dpo.locator('main').getByRole('link', { name: 'Gallring', exact: true }).click();
    await dpo.waitForURL(`${system.portalUrl}/tjanst/gallring`);
    const row = dpo.locator('tr', { hasText: ruleId });
    expect(await row.textContent()).toContain('Säkra meddelanden, Individ- och familjeomsorgen');
    expect(await row.textContent()).toContain('Gallras 2 år efter att samtalet avslutades');
    expect(await row.textContent()).toContain(`Socialnämnden 12 maj 2025, dnr ${DECISION.reference}, § 45`);
    expect(await row.textContent()).toContain('Version 1 gäller');
    await checkBothLanguages(dpo, '/tjanst/gallring', 'gallring-rules');

    await dpo.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
    const version = dpo.locator('section', { has: dpo.locator('h3', { hasText: 'Version 1' }) });
    expect(await version.textContent()).toContain('Gäller');
    expect(await version.textContent()).toContain('Varje dag kl. 02:00');
    for (const part of ['Socialnämnden', '12 maj 2025', DECISION.reference, '§ 45']) expect(await version.textContent()).toContain(part);
    // The forecast of the active version, and the action her role allows.
    expect(await dpo.locator('table', { hasText: 'Inom 30 dagar' }).count()).toBe(1);
    expect(await dpo.getByRole('button', { name: 'Starta en körning nu' }).count()).toBe(1);
    await checkBothLanguages(dpo, `/tjanst/gallring/regler/${ruleId}`, 'gallring-rule');
    expect((await dpo.goto(`${system.portalUrl}/tjanst/gallring/regler/finns-inte`))?.status()).toBe(404);
  });

  it('she places a hold on her unit, after a refused form, and on a person, who shows as a person and not by key', async () => {
    await dpo.goto(`${system.portalUrl}/tjanst/gallringsstopp`);
    await dpo.getByRole('button', { name: 'Sätt gallringsstopp' }).click();
    expect(await dpo.locator('#error-summary').textContent()).toContain('Välj vad stoppet gäller');
    expect(await dpo.locator('#error-summary').textContent()).toContain('Skriv ärendet eller diarienumret');
    await checkHere(dpo, 'gallring-holds-refused-sv');
    await checkBothLanguages(dpo, '/tjanst/gallringsstopp', 'gallring-holds-empty');

    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await dpo.locator('#scope-unit').check();
    await dpo.locator('#target').fill(system.unit);
    await dpo.locator('#reason').selectOption('litigation');
    await dpo.locator('#note').fill(REFERENCE);
    await dpo.locator('#reviewAt').fill(inAMonth);
    await dpo.getByRole('button', { name: 'Sätt gallringsstopp' }).click();
    await dpo.waitForURL(/\/tjanst\/gallringsstopp\?klart=satt$/);
    expect(await dpo.locator('#confirmation').textContent()).toContain('Gallringsstoppet är satt');
    const row = dpo.locator('tr', { hasText: REFERENCE });
    expect(await row.textContent()).toContain('Enheten Individ- och familjeomsorgen');
    expect(await row.textContent()).toContain('Tvist eller rättsprocess');

    await dpo.locator('#scope-person').check();
    await dpo.locator('#personnummer').fill(ANNA);
    await dpo.locator('#reason').selectOption('data-subject-request');
    await dpo.locator('#note').fill('Begäran 2026-17');
    await dpo.locator('#reviewAt').fill(inAMonth);
    await dpo.getByRole('button', { name: 'Sätt gallringsstopp' }).click();
    await dpo.waitForURL(/klart=satt$/);
    expect(await dpo.locator('tr', { hasText: 'Begäran 2026-17' }).textContent()).toContain('En persons uppgifter');
    expect(await main(dpo)).not.toMatch(/sk1_|199908072391|19990807-2391/);
    await checkBothLanguages(dpo, '/tjanst/gallringsstopp', 'gallring-holds');
  });

  it('she starts a run by hand and follows it to the end: the hold on the unit keeps everything', async () => {
    await dpo.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
    await dpo.getByRole('button', { name: 'Starta en körning nu' }).click();
    await dpo.waitForURL(/\/tjanst\/gallring\/korningar\/[^/?]+\?klart=startad$/);
    const runPath = new URL(dpo.url()).pathname;
    expect(await dpo.locator('[role="status"]').first().textContent()).toContain('Körningen är startad');
    // The page follows the run; a run of a held unit finishes at once, deleting nothing.
    await dpo.locator('#run-status', { hasText: 'Klar' }).waitFor({ timeout: 30_000 });
    await dpo.goto(`${system.portalUrl}${runPath}`);
    expect(await main(dpo)).toContain('Hela enheten eller regeln har gallringsstopp');
    expect(await main(dpo)).toContain('Post 1 i gallringsprotokollet');
    // Who started it and who approved its rule version, by name from their tokens beside the HSA-id.
    expect(await main(dpo)).toMatch(/Utförd av\s*Frida Forsberg \(tjänsteperson med HSA-id/);
    expect(await main(dpo)).toMatch(/Godkänd av\s*Frida Forsberg \(tjänsteperson med HSA-id/);
    await checkBothLanguages(dpo, runPath, 'gallring-run');

    await dpo.goto(`${system.portalUrl}/tjanst/gallring/korningar`);
    expect(await dpo.locator('tbody tr').count()).toBe(1);
    expect(await dpo.locator('tbody tr').textContent()).toContain(ruleId);
    await checkBothLanguages(dpo, '/tjanst/gallring/korningar', 'gallring-runs');
  });

  it('she reads the gallringsprotokoll in Swedish time, verified, and downloads it as CSV and PDF', async () => {
    await dpo.goto(`${system.portalUrl}/tjanst/gallring/protokoll`);
    expect(await dpo.locator('#verification').textContent()).toContain(
      'Protokollet är oförändrat: kontrollsummorna i alla poster stämmer (antal poster: 1)',
    );
    const entry = dpo.locator('#post-1');
    expect(await entry.textContent()).toContain('Säkra meddelanden hos Individ- och familjeomsorgen: samtal avslutade före');
    expect(await entry.textContent()).toContain('gallringsfrist 2 år');
    expect(await entry.textContent()).toContain(`Socialnämnden 12 maj 2025, dnr ${DECISION.reference}, § 45`);
    expect(await entry.textContent()).toContain('0 i urvalet');
    // The performer by her name (kept by the run) and HSA-id, in words.
    expect(await entry.textContent()).toContain(`Frida Forsberg (tjänsteperson med HSA-id ${GALLRING_HSA})`);
    expect(await entry.textContent()).not.toContain('official:');
    // Swedish time: the run's start as Europe/Stockholm writes it.
    const run = (await (
      await fetch(`${system.retentionUrl}/v1/runs?limit=1`, {
        headers: { authorization: `Bearer ${await system.officialToken(GALLRING_HSA)}` },
      })
    ).json()) as { startedAt: string }[];
    const stockholm = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' });
    expect(await entry.textContent()).toContain(stockholm.format(new Date(run[0]!.startedAt)));
    await checkBothLanguages(dpo, '/tjanst/gallring/protokoll', 'gallring-protocol');

    const csv = await dpo.request.get(`${system.portalUrl}/tjanst/gallring/protokoll.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="gallringsprotokoll-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect((await csv.text()).split('\n').length).toBeGreaterThanOrEqual(2);
    const pdf = await dpo.request.get(`${system.portalUrl}/tjanst/gallring/protokoll.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('she releases the hold after confirming it', async () => {
    await dpo.goto(`${system.portalUrl}/tjanst/gallringsstopp`);
    await dpo.getByRole('link', { name: `Häv stoppet för ${REFERENCE}` }).click();
    await dpo.waitForURL(/\/tjanst\/gallringsstopp\/[0-9a-f-]{36}$/);
    const holdPath = new URL(dpo.url()).pathname;
    await checkBothLanguages(dpo, holdPath, 'gallring-hold');
    await dpo.locator('#note').fill('Målet är avgjort');
    await dpo.getByRole('button', { name: 'Häv gallringsstoppet' }).click();
    expect(await dpo.locator('#error-summary').textContent()).toContain('Bekräfta att stoppet ska hävas');
    await checkHere(dpo, 'gallring-hold-refused-sv');
    await dpo.locator('#confirm').check();
    await dpo.getByRole('button', { name: 'Häv gallringsstoppet' }).click();
    await dpo.waitForURL(/\/tjanst\/gallringsstopp\?visa=havda&klart=havt$/);
    const row = dpo.locator('tr', { hasText: REFERENCE });
    expect(await row.textContent()).toContain('Enheten Individ- och familjeomsorgen');
    await checkBothLanguages(dpo, '/tjanst/gallringsstopp?visa=havda', 'gallring-holds-released');
    await dpo.goto(`${system.portalUrl}${holdPath}`);
    expect(await main(dpo)).toContain('Målet är avgjort');
    expect(await dpo.getByRole('button', { name: 'Häv gallringsstoppet' }).count()).toBe(0);
  });

  it('an archivist reads gallring but is offered no action; a post she makes anyway gets the 403 page', async () => {
    const archivist = await newPage();
    await signInAsOfficial(archivist, system, ARCHIVIST_HSA);
    await archivist.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
    expect(await archivist.getByRole('button', { name: 'Starta en körning nu' }).count()).toBe(0);
    expect(await archivist.getByRole('button', { name: 'Avveckla regeln' }).count()).toBe(0);
    const retire = await postForm(archivist, `/tjanst/gallring/regler/${ruleId}/avveckla`, { retireReason: 'x', confirm: 'yes' });
    expect(retire.status).toBe(403);
    await archivist.goto(`${system.portalUrl}/tjanst/gallringsstopp`);
    expect(await archivist.getByRole('button', { name: 'Sätt gallringsstopp' }).count()).toBe(0);
    expect(await archivist.getByRole('link', { name: /^Häv stoppet/ }).count()).toBe(0);
    const run = await postForm(archivist, `/tjanst/gallring/regler/${ruleId}/korning`);
    expect(run.status).toBe(403);
    expect(run.text).toContain('Dina roller ger inte tillgång till den här sidan');
    const hold = await postForm(archivist, '/tjanst/gallringsstopp', { scope: 'unit', target: system.unit, reason: 'other', note: 'x' });
    expect(hold.status).toBe(403);
    expect(hold.text).toContain('Dina roller ger inte tillgång till den här sidan');
    // Without the form's token the post is refused whoever makes it.
    const forged = await archivist.request.post(`${system.portalUrl}/tjanst/gallringsstopp`, {
      form: { scope: 'unit' },
      headers: { accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('Formuläret var för gammalt');
    // A page address with an edited cursor starts again at the first page.
    expect((await archivist.goto(`${system.portalUrl}/tjanst/gallring/korningar?sida=bm90LWEtY3Vyc29y`))?.status()).toBe(200);
    expect(new URL(archivist.url()).search).toBe('');
    const protocol = await archivist.goto(`${system.portalUrl}/tjanst/gallring/protokoll`);
    expect(protocol?.status()).toBe(200);
  });

  it('a registrator has the holds and nothing else of gallring', async () => {
    const registrator = await newPage();
    await signInAsOfficial(registrator, system, REGISTRATOR_HSA);
    expect(await registrator.locator('.site-nav').getByRole('link', { name: 'Gallringsstopp' }).count()).toBe(1);
    expect(await registrator.locator('.site-nav').getByRole('link', { name: 'Gallring', exact: true }).count()).toBe(0);
    await registrator.goto(`${system.portalUrl}/tjanst/gallringsstopp`);
    expect(await registrator.getByRole('button', { name: 'Sätt gallringsstopp' }).count()).toBe(1);
    // No menu of pages she may not open.
    expect(await registrator.locator('main').getByRole('link', { name: 'Regler' }).count()).toBe(0);
    await checkBothLanguages(registrator, '/tjanst/gallringsstopp', 'gallring-holds-registrator');
    expect((await registrator.goto(`${system.portalUrl}/tjanst/gallring`))?.status()).toBe(403);
  });

  it('a run that is still working shows how far it has come, and its page follows it', async () => {
    // The service holding the information stops answering: the run waits for its answer.
    await system.stopBackend('messages');
    await dpo.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
    await dpo.getByRole('button', { name: 'Starta en körning nu' }).click();
    await dpo.waitForURL(/\/tjanst\/gallring\/korningar\/[^/?]+\?klart=startad$/);
    const runPath = new URL(dpo.url()).pathname;
    expect(await dpo.locator('#run-status').textContent()).toBe('Pågår');
    expect(await dpo.locator('#run-progress').getAttribute('aria-live')).toBe('polite');
    // The page's script (allowed by the Content-Security-Policy) reads the run again while it works.
    await dpo.waitForRequest((r) => r.resourceType() === 'fetch' && new URL(r.url()).pathname === runPath, { timeout: 10_000 });
    await checkHere(dpo, 'gallring-run-running-sv');
    // A second run of the same rule waits for the first.
    await dpo.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}`);
    await dpo.getByRole('button', { name: 'Starta en körning nu' }).click();
    expect(await dpo.locator('#error-summary').textContent()).toContain('En körning av regeln pågår redan');
    await dpo.goto(`${system.portalUrl}/tjanst/gallring/korningar`);
    expect(await dpo.locator('tbody tr').first().textContent()).toContain('Pågår');
  });

  it('the forecast’s counts lead to the conversations behind them, a page at a time', async () => {
    // The one-day rule's 30-day row counts the conversation closed today: its count links to it.
    const rulePath = `/tjanst/gallring/regler/${soonRuleId}`;
    const link = await eventually(
      async () => {
        await dpo.goto(`${system.portalUrl}${rulePath}`);
        const a = dpo.locator('tr', { hasText: 'Inom 30 dagar' }).locator('a').first();
        return (await a.count()) > 0 ? a : undefined;
      },
      20_000,
      'a count of the 30-day row',
    );
    expect(await link.getAttribute('aria-label')).toMatch(/^1 .*, Inom 30 dagar: visa vilka$/);
    await link.click();
    await dpo.waitForURL(/\/prognos\?rad=30&visa=(due|held|blocked)$/);
    expect(await dpo.locator('h1').textContent()).toBe('Det som ligger bakom prognosen');
    const row = dpo.locator('tbody tr', { hasText: closedConversation });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('inget diarienummer');
    expect(await main(dpo)).not.toContain('sk1_');
    await checkBothLanguages(dpo, `${rulePath}/prognos?rad=30`, 'gallring-forecast-items');
    await checkBothLanguages(dpo, `/tjanst/gallring/regler/${ruleId}/prognos?rad=now&visa=held`, 'gallring-forecast-items-none');
    // An edited cursor starts again at the first page.
    expect((await dpo.goto(`${system.portalUrl}/tjanst/gallring/regler/${ruleId}/prognos?rad=now&sida=bm90LWEtY3Vyc29y`))?.status()).toBe(
      200,
    );
    expect(new URL(dpo.url()).search).toBe('?rad=now');
  });

  it('she cannot approve what she submitted herself; she withdraws it with a reason and retires the rule after a refused form', async () => {
    const rulePath = `/tjanst/gallring/regler/${otherRuleId}`;
    await dpo.goto(`${system.portalUrl}${rulePath}`);
    await dpo.getByRole('button', { name: 'Skicka version 1 för godkännande' }).click();
    await dpo.waitForURL(/\?klart=begard$/);
    expect(await main(dpo)).toContain('Du skickade versionen själv');
    expect(await dpo.getByRole('button', { name: 'Godkänn version 1' }).count()).toBe(0);
    // Posted anyway, the service's refusal is said beside the form.
    const own = await postForm(dpo, `${rulePath}/godkann`, { version: '1' });
    expect(own.status).toBe(403);
    expect(own.text).toContain('Du skickade versionen själv. En annan person måste godkänna den.');

    await dpo.getByRole('button', { name: 'Avslå version 1' }).click();
    expect(await dpo.locator('#error-summary').textContent()).toContain('Skriv varför');
    expect(await dpo.locator('#rejectReason').getAttribute('aria-invalid')).toBe('true');
    await checkHere(dpo, 'gallring-rule-reject-refused-sv');
    await dpo.locator('#rejectReason').fill('Fel frist i utkastet');
    await dpo.getByRole('button', { name: 'Avslå version 1' }).click();
    await dpo.waitForURL(/\?klart=avslagen$/);
    expect(await main(dpo)).toContain('Version 1 avslogs');
    expect(await main(dpo)).toContain('Fel frist i utkastet');

    await dpo.getByRole('button', { name: 'Avveckla regeln' }).click();
    expect(await dpo.locator('#error-summary').textContent()).toContain('Bekräfta att regeln ska avvecklas');
    await checkHere(dpo, 'gallring-rule-retire-refused-sv');
    await dpo.locator('#retireReason').fill('Ersatt av en ny regel, SN 2026/12');
    await dpo.locator('#retireConfirm').check();
    await dpo.getByRole('button', { name: 'Avveckla regeln' }).click();
    await dpo.waitForURL(/\?klart=avvecklad$/);
    expect(await dpo.locator('#confirmation').textContent()).toContain('Regeln är avvecklad');
    expect(await main(dpo)).toContain('Ersatt av en ny regel, SN 2026/12');
    expect(await dpo.getByRole('button', { name: 'Avveckla regeln' }).count()).toBe(0);
    await checkBothLanguages(dpo, rulePath, 'gallring-rule-retired');
    await dpo.goto(`${system.portalUrl}/tjanst/gallring`);
    expect(await dpo.locator('tr', { hasText: otherRuleId }).textContent()).toContain('Avvecklad');
  });

  it('has no serious or critical accessibility violations on any page checked', () => {
    expect(found).toEqual([]);
  });
});

// The officials' pages in a real browser (Debian's Chromium, driven by playwright-core) against the whole
// system on the real Kafka broker and MongoDB: an official signs in with SITHS eID through the portal (the
// simulated Inera IdP's page, the portal relaying the answer to identity, ADR 0009) and works the requests
// queue — extends with a reason, decides the part with a legal ground, answers — with refused forms shown
// beside their fields; a citizen, and an official whose roles do not include requests, get a 403 page in
// their language; an official's session never opens the citizen's pages; the unit's messages (read, reply,
// close), never another unit's. The simulator's development officials sign in as themselves: one with a
// single role (rights-handler: the queue, not the unit's messages) and one of the other unit, whose tokens
// carry their unit and roles. The queue names a request's kind in a case handler's words, the start page
// the official's unit by its name. axe-core (WCAG 2.1 A/AA, zero
// serious or critical) on every new page in Swedish and English at 1280 and 390 px; screenshots under
// test-artifacts/portal/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@insyn/testing';
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { pageChecks } from './page-checks.js';
import { launchChromium, OTHER_UNIT_HSA, portalSystem, RIGHTS_HANDLER_HSA, signInAsOfficial, signInWithBankId } from './portal-harness.js';

const ANNA = '199908072391';

const system = await portalSystem();

describe('the officials’ pages: SITHS sign-in, the requests queue, roles', () => {
  let browser: Browser;
  let citizen: Page;
  let official: Page;
  let other: Page;
  let requestId: string;
  let conversationId: string;
  const { found, newPage, check, checkBothLanguages, closePages } = pageChecks(system.portalUrl, () => browser);

  beforeAll(async () => {
    await eventually(
      async () => ((await fetch(`${system.rightsUrl}/v1/request-kinds?notice=${system.noticeSlug}`)).status === 200 ? true : undefined),
      30_000,
      'the notice to reach the rights service',
    );
    conversationId = await system.openConversation(ANNA, 'Kallelse till möte', 'Hej Anna! Välkommen på tisdag.');
    browser = await launchChromium();
    citizen = await newPage();
    official = await newPage();
  });

  afterAll(async () => {
    await closePages();
    await browser?.close();
    await system.stop();
  });

  it('Anna asks for her data; as a citizen she is refused the officials’ pages with a 403 page in her language', async () => {
    await signInWithBankId(citizen, system, ANNA);
    await citizen.goto(`${system.portalUrl}/begaranden/ny?behandling=${system.noticeSlug}`);
    await citizen.locator('#kind-access').check();
    await citizen.getByRole('button', { name: 'Skicka begäran' }).click();
    await citizen.waitForURL(/\/begaranden\/[A-Za-z0-9_-]+\?klart=skickad$/);
    requestId = new URL(citizen.url()).pathname.split('/')[2]!;

    const refused = await citizen.goto(`${system.portalUrl}/tjanst/begaranden`);
    expect(refused?.status()).toBe(403);
    expect(await citizen.locator('main').textContent()).toContain('Den här sidan är för kommunens tjänstepersoner');
    expect((await citizen.goto(`${system.portalUrl}/tjanst/begaranden/${requestId}`))?.status()).toBe(403);
    await checkBothLanguages(citizen, '/tjanst/begaranden', 'official-403-citizen');
    expect(await citizen.locator('main').textContent()).toContain('Den här sidan är för kommunens tjänstepersoner');
  });

  it('an official signs in with SITHS eID through the portal; her menu shows what her roles open', async () => {
    await official.goto(`${system.portalUrl}/tjanst/begaranden`);
    expect(new URL(official.url()).pathname).toBe('/tjanst/logga-in');
    await checkBothLanguages(official, '/tjanst/logga-in', 'official-login');
    await signInAsOfficial(official, system);
    expect(await official.locator('h1').textContent()).toBe('Mitt arbete');
    expect(await official.locator('.site-nav').getByRole('link', { name: 'Begäranden från invånare' }).count()).toBe(1);
    expect(await official.locator('.site-nav').getByRole('link', { name: 'Mina behandlingar' }).count()).toBe(0);
    expect(await official.locator('main').textContent()).toContain('Handläggare av begäranden');
    // Her unit by its name (messages' unit register), not its id.
    expect(await official.locator('.facts dd').first().textContent()).toBe('Individ- och familjeomsorgen');
    expect(await official.locator('main').textContent()).not.toContain(system.unit);
    await checkBothLanguages(official, '/tjanst', 'official-home');
    expect(await official.locator('.facts dd').first().textContent()).toBe('Individ- och familjeomsorgen');
  });

  it('her work session never opens a citizen’s pages', async () => {
    const res = await official.goto(`${system.portalUrl}/mina-behandlingar`);
    expect(res?.status()).toBe(403);
    expect(await official.locator('main').textContent()).toContain('Du är inloggad som tjänsteperson');
    // The citizen's sign-in page sends her back to her work rather than mixing a second sign-in into it.
    await official.goto(`${system.portalUrl}/logga-in`);
    expect(new URL(official.url()).pathname).toBe('/tjanst');
  });

  it('the queue lists Anna’s request by due date; its page shows the part once it is in', async () => {
    await official.goto(`${system.portalUrl}/tjanst/begaranden`);
    const row = official.locator('tbody tr', { has: official.locator(`a[href="/tjanst/begaranden/${requestId}"]`) });
    expect(await row.count()).toBe(1);
    // The kind in a case handler's words, with its article; not the citizen's "Copy of your data".
    expect(await row.locator('a').textContent()).toBe('Registerutdrag (art.\u00a015)');
    await official.goto(`${system.portalUrl}/tjanst/begaranden?lang=en`);
    expect(await official.locator(`a[href="/tjanst/begaranden/${requestId}"]`).textContent()).toBe('Right of access (art.\u00a015)');
    expect(await official.locator('main').textContent()).not.toContain('Copy of your data');
    await official.goto(`${system.portalUrl}/tjanst/begaranden/${requestId}?lang=sv`);
    expect(await official.locator('h1').textContent()).toBe('Begäran: Registerutdrag (art.\u00a015)');
    await checkBothLanguages(official, '/tjanst/begaranden', 'official-queue');
    await eventually(
      async () => {
        await official.goto(`${system.portalUrl}/tjanst/begaranden/${requestId}`);
        return (await official.locator('form[action$="/beslut"]').count()) === 1 ? true : undefined;
      },
      30_000,
      'the messages service’s part of the request',
    );
    await checkBothLanguages(official, `/tjanst/begaranden/${requestId}`, 'official-request');
  });

  it('an official with one role, rights-handler: her token says so; she works the queue but is refused the unit’s messages', async () => {
    const token = await system.officialToken(RIGHTS_HANDLER_HSA);
    expect(decodeJwt(token)).toMatchObject({ kind: 'official', hsa_id: RIGHTS_HANDLER_HSA, unit: system.unit, roles: ['rights-handler'] });
    const bearer = { authorization: `Bearer ${token}` };
    const queue = (await (await fetch(`${system.rightsUrl}/v1/queue`, { headers: bearer })).json()) as { id: string }[];
    expect(queue.map((r) => r.id)).toContain(requestId);
    expect((await fetch(`${system.messagesUrl}/v1/conversations`, { headers: bearer })).status).toBe(403);
    expect((await fetch(`${system.messagesUrl}/v1/conversations/${conversationId}`, { headers: bearer })).status).toBe(403);

    // The simulated IdP's page says what each official is for, so a developer can choose her.
    const handler = await newPage();
    await handler.goto(`${system.portalUrl}/tjanst/logga-in`);
    await handler.locator('form[action="/tjanst/logga-in"] button').click();
    const choice = handler.locator('.choice', { has: handler.locator(`input[value="${RIGHTS_HANDLER_HSA}"]`) });
    expect(await choice.locator('label').textContent()).toContain('Karl Kvist');
    expect(await choice.locator('label').textContent()).toContain('Enhet och roller i Insyn: kommunstyrelsen: rights-handler');
    await check(handler, 'siths-idp-login');
    await choice.locator('input').check();
    await handler.getByRole('button', { name: 'Godkänn' }).click();
    await handler.waitForURL(`${system.portalUrl}/tjanst`, { timeout: 20_000 });
    const nav = handler.locator('.site-nav');
    expect(await nav.getByRole('link', { name: 'Begäranden från invånare' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Enhetens meddelanden' }).count()).toBe(0);
    expect(await handler.locator('.facts').textContent()).toContain('Individ- och familjeomsorgen');
    expect(await handler.locator('.facts dd').nth(1).textContent()).toBe('Handläggare av begäranden');
    await check(handler, 'official-home-rights-handler-sv');
    await handler.goto(`${system.portalUrl}/tjanst/begaranden`);
    expect(await handler.locator(`a[href="/tjanst/begaranden/${requestId}"]`).count()).toBe(1);
    for (const path of ['/tjanst/meddelanden', `/tjanst/meddelanden/${conversationId}`]) {
      const refused = await handler.goto(`${system.portalUrl}${path}`);
      expect(refused?.status()).toBe(403);
      expect(await handler.locator('main').textContent()).toContain('Dina roller ger inte tillgång till den här sidan');
      expect(await handler.locator('main').textContent()).not.toContain('Kallelse till möte');
    }
  });

  it('extends with a reason: a missing choice and a short reason are shown beside their fields, then saved', async () => {
    await official.goto(`${system.portalUrl}/tjanst/begaranden/${requestId}`);
    await official.locator('#reason').fill('Kort');
    const refused = official.waitForResponse((r) => r.url().endsWith('/forlang'));
    await official.getByRole('button', { name: 'Förläng', exact: true }).click();
    expect((await refused).status()).toBe(400);
    expect(await official.locator('#months-error').textContent()).toBe('Välj en eller två månader.');
    expect(await official.locator('#reason-error').textContent()).toBe('Skriv skälet med minst 10 tecken.');
    expect(await official.locator('#reason').inputValue()).toBe('Kort');
    expect(await official.locator('#error-summary a[href="#months"]').count()).toBe(1);
    await check(official, 'official-request-extend-error-sv');

    await official.locator('#months-2').check();
    await official.locator('#reason').fill('Många begäranden har kommit in samtidigt.');
    await official.getByRole('button', { name: 'Förläng', exact: true }).click();
    await official.waitForURL(/\?klart=forlangd$/);
    expect(await official.locator('#confirmation').textContent()).toContain('Tiden är förlängd');
    expect(await official.locator('blockquote').textContent()).toBe('Många begäranden har kommit in samtidigt.');
    // Once only: the form is gone.
    expect(await official.locator('form[action$="/forlang"]').count()).toBe(0);
  });

  it('answering before the part is decided is refused beside the button', async () => {
    const refused = official.waitForResponse((r) => r.url().endsWith('/besvara'));
    await official.getByRole('button', { name: 'Besvara begäran' }).click();
    expect((await refused).status()).toBe(409);
    expect(await official.locator('#answer-error').textContent()).toContain('alla delar måste ha kommit in och vara beslutade');
  });

  it('decides the part with a legal ground from the list; a missing ground is shown beside its field', async () => {
    await official.goto(`${system.portalUrl}/tjanst/begaranden/${requestId}`);
    await official.locator('#outcome-messages').selectOption('done');
    const refused = official.waitForResponse((r) => r.url().endsWith('/beslut'));
    await official.getByRole('button', { name: 'Spara beslut för Säkra meddelanden' }).click();
    expect((await refused).status()).toBe(400);
    expect(await official.locator('#ground-error-messages').textContent()).toBe('Välj en rättslig grund ur listan.');
    expect(await official.locator('#outcome-messages').inputValue()).toBe('done');
    await check(official, 'official-request-decide-error-sv');

    await official.locator('#ground-messages').selectOption('granted');
    await official.locator('#note-messages').fill('Här är dina meddelanden.');
    await official.getByRole('button', { name: 'Spara beslut för Säkra meddelanden' }).click();
    await official.waitForURL(/\?klart=beslut$/);
    expect(await official.locator('main').textContent()).toContain('Begäran tillgodoses');
    expect(await official.locator('#answer-text').textContent()).toContain('Alla delar har kommit in och är beslutade');
  });

  it('answers; the request leaves the queue and Anna sees the decision', async () => {
    await official.getByRole('button', { name: 'Besvara begäran' }).click();
    await official.waitForURL(/\?klart=besvarad$/);
    expect(await official.locator('.facts').first().textContent()).toContain('Besvarad');
    await official.goto(`${system.portalUrl}/tjanst/begaranden`);
    expect(await official.locator(`a[href="/tjanst/begaranden/${requestId}"]`).count()).toBe(0);

    await citizen.goto(`${system.portalUrl}/begaranden/${requestId}`);
    expect(await citizen.locator('.facts').first().textContent()).toContain('Besvarad');
    expect(await citizen.getByText('Här är dina meddelanden.').count()).toBe(1);
  });

  it('every form needs the page’s CSRF token', async () => {
    const res = await official.request.post(`${system.portalUrl}/tjanst/begaranden/${requestId}/forlang`, {
      form: { months: '1', reason: 'Utan formulärets nyckel.' },
      headers: { accept: 'text/html' },
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('Formuläret var för gammalt');
  });

  it('an official of the other unit without the requests role: her token says so; no queue in her menu, a 403 page for it', async () => {
    const token = await system.officialToken(OTHER_UNIT_HSA);
    expect(decodeJwt(token)).toMatchObject({
      kind: 'official',
      hsa_id: OTHER_UNIT_HSA,
      unit: system.closedUnit,
      roles: ['messages-handler'],
    });
    expect((await fetch(`${system.rightsUrl}/v1/queue`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    other = await newPage();
    await signInAsOfficial(other, system, OTHER_UNIT_HSA);
    expect(await other.locator('.facts dd').first().textContent()).toBe('Hälso- och sjukvård');
    expect(await other.locator('.site-nav').getByRole('link', { name: 'Begäranden från invånare' }).count()).toBe(0);
    expect(await other.locator('.site-nav').getByRole('link', { name: 'Enhetens meddelanden' }).count()).toBe(1);
    const res = await other.goto(`${system.portalUrl}/tjanst/begaranden/${requestId}`);
    expect(res?.status()).toBe(403);
    expect(await other.locator('main').textContent()).toContain('Dina roller ger inte tillgång till den här sidan');
    await checkBothLanguages(other, '/tjanst/begaranden', 'official-403-role');
    expect(await other.locator('main').textContent()).toContain('Dina roller ger inte tillgång till den här sidan');
  });

  it('the unit’s messages: the official reads her unit’s conversation; an official of another unit never sees it', async () => {
    await official.goto(`${system.portalUrl}/tjanst/meddelanden`);
    expect(await official.locator(`a[href="/tjanst/meddelanden/${conversationId}"]`).textContent()).toBe('Kallelse till möte');
    await checkBothLanguages(official, '/tjanst/meddelanden', 'official-conversations');

    await other.goto(`${system.portalUrl}/tjanst/meddelanden`);
    expect(await other.locator(`a[href="/tjanst/meddelanden/${conversationId}"]`).count()).toBe(0);
    expect(await other.locator('main').textContent()).toContain('Enheten har inga samtal.');
    const refused = await other.goto(`${system.portalUrl}/tjanst/meddelanden/${conversationId}`);
    expect(refused?.status()).toBe(404);
    expect(await other.locator('main').textContent()).not.toContain('Välkommen på tisdag');

    // Messages' API answers her token the same: her unit's list without it, and no such conversation.
    const bearer = { authorization: `Bearer ${await system.officialToken(OTHER_UNIT_HSA)}` };
    const list = await fetch(`${system.messagesUrl}/v1/conversations`, { headers: bearer });
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).not.toContain(conversationId);
    expect((await fetch(`${system.messagesUrl}/v1/conversations/${conversationId}`, { headers: bearer })).status).toBe(404);
  });

  it('replies (an empty reply is shown beside the field), closes the conversation and confirms it inaktuell', async () => {
    await checkBothLanguages(official, `/tjanst/meddelanden/${conversationId}`, 'official-conversation');
    expect(await official.locator('.conversation').textContent()).toContain('Hej Anna! Välkommen på tisdag.');
    // Anna has not opened it yet: no read receipt (the official's own reading is none).
    expect(await official.locator('#m1 .read-receipt').textContent()).toBe('Inte läst av invånaren än');
    const empty = official.waitForResponse((r) => r.url().endsWith('/svar'));
    await official.getByRole('button', { name: 'Skicka' }).click();
    expect((await empty).status()).toBe(400);
    expect(await official.locator('#body-error').textContent()).toBe('Skriv ett meddelande.');
    await check(official, 'official-conversation-error-sv');

    await official.locator('#body').fill('Hej! Mötet flyttas till onsdag.');
    await official.getByRole('button', { name: 'Skicka' }).click();
    await official.waitForURL(/\?klart=skickat$/);
    expect(await official.locator('.conversation').textContent()).toContain('Mötet flyttas till onsdag.');

    await official.getByRole('button', { name: 'Avsluta samtalet' }).click();
    await official.waitForURL(/\?klart=stangt$/);
    expect(await official.locator('.facts').textContent()).toContain('Avslutad');
    expect(await official.locator('form[action$="/svar"]').count()).toBe(0);

    // Closed: the unit confirms it no longer needed, once; gallring "vid inaktualitet" counts from then.
    await official.getByRole('button', { name: 'Bekräfta att samtalet är inaktuellt' }).click();
    await official.waitForURL(/\?klart=inaktuell$/);
    expect(await official.locator('#inaktuell-at').textContent()).toContain('Bekräftat inaktuellt');
    expect(await official.locator('form[action$="/inaktuell"]').count()).toBe(0);
    await check(official, 'official-conversation-inaktuell-sv');

    // Anna reads the answer on her own page; the unit sees that she has, she sees no receipt.
    await citizen.goto(`${system.portalUrl}/meddelanden/${conversationId}`);
    expect(await citizen.locator('.conversation').textContent()).toContain('Mötet flyttas till onsdag.');
    expect(await citizen.locator('.read-receipt').count()).toBe(0);
    await official.goto(`${system.portalUrl}/tjanst/meddelanden/${conversationId}`);
    for (const seq of [1, 2]) expect(await official.locator(`#m${seq} .read-receipt`).textContent()).toMatch(/^Läst av invånaren \d/);
  });

  it('the unit’s messages a page at a time: "Visa fler" leads to the rest, each conversation once, newest activity first', async () => {
    // 56 conversations in all: 50 on the first page, 6 on the next.
    const opened = [conversationId];
    for (let n = 1; n <= 55; n++) opened.push(await system.openConversation(ANNA, `Utskick ${n}`, 'Ett meddelande bland många.'));
    await official.goto(`${system.portalUrl}/tjanst/meddelanden`);
    const rows = async () =>
      Promise.all((await official.locator('tbody a').all()).map(async (a) => (await a.getAttribute('href'))!.split('/').pop()!));
    const first = await rows();
    expect(first).toHaveLength(50);
    expect(first[0]).toBe(opened.at(-1));
    expect(await official.getByRole('link', { name: 'Till de senaste' }).count()).toBe(0);
    await official.getByRole('link', { name: 'Visa fler' }).click();
    await official.waitForURL(/\/tjanst\/meddelanden\?sida=[A-Za-z0-9_-]+$/);
    const second = await rows();
    expect([...first, ...second].sort()).toEqual([...opened].sort());
    expect(await official.getByRole('link', { name: 'Visa fler' }).count()).toBe(0);
    await check(official, 'official-conversations-more-sv');
    await official.getByRole('link', { name: 'Till de senaste' }).click();
    await official.waitForURL(`${system.portalUrl}/tjanst/meddelanden`);
    // An edited link starts again from the newest rather than failing.
    await official.goto(`${system.portalUrl}/tjanst/meddelanden?sida=bm90LWEtY3Vyc29y`);
    await official.waitForURL(`${system.portalUrl}/tjanst/meddelanden`);
    expect(await rows()).toEqual(first);
  });

  it('signing in as an official ends the browser’s citizen session first', async () => {
    await citizen.goto(`${system.portalUrl}/tjanst/logga-in`);
    expect(await citizen.locator('#citizen-signed-in').count()).toBe(1);
    await signInAsOfficial(citizen, system);
    const res = await citizen.goto(`${system.portalUrl}/begaranden`);
    expect(res?.status()).toBe(403);
  });

  it('has no serious or critical axe violations on any page it checked', () => {
    expect(found).toEqual([]);
  });
});

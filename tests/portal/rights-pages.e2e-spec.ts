// The citizen's rights pages in a real browser (Debian's Chromium, driven by playwright-core) against the
// whole system on the real Kafka broker and MongoDB: Mina samtycken (give and withdraw on a consent-based
// notice, the history, the signed receipt verified against the rights service's keys), Mina begäranden (an
// access request opened from Mina behandlingar, its due date, a duplicate and a right the notice does not
// give refused beside the form; decided and answered by an official signed in with SITHS; the registerutdrag
// downloaded), Vem har läst om mig (the official's reads without the official's identity, paged, a bad date
// beside the field) and another person's ids answered with the human 404 page. Screenshots in Swedish and
// English at 1280 and 390 px are kept under test-artifacts/portal/.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NoticeWithdrawnV1Event } from '@insyn/contracts';
import { eventually, publishEvent } from '@insyn/testing';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import fs from 'node:fs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { publishNotice } from '../rights/rights-harness.js';
import { launchChromium, portalSystem, screenshot } from './portal-harness.js';

const ANNA = '199908072391';
const BRITT = '195006262546';
const BODY = 'Hej Anna! Här kommer kallelsen till mötet på tisdag.';
const BRITT_BODY = 'Hej Britt! Ditt beslut är klart.';

const system = await portalSystem();

describe('the rights pages in a browser: consents, requests, the access log', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let smsSlug: string;
  let annaConversation: string;
  let brittConsent: string;
  let brittRequest: string;
  let requestId: string;
  let official: string;

  const rights = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${system.rightsUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });

  const pendingOrder = () =>
    eventually(
      async () => {
        const orders = (await (await fetch(`${system.simulatorUrl}/control/bankid/orders`)).json()) as { orderRef: string }[];
        return orders[0]?.orderRef;
      },
      20_000,
      'a pending BankID order',
    );

  /** Another person, signed in with BankID through the identity API (no browser): her access token. */
  const citizenToken = async (personalNumber: string): Promise<string> => {
    const cookies: string[] = [];
    const start = await fetch(`${system.identityUrl}/v1/logins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'bankid', method: 'qr' }),
    });
    expect(start.status).toBe(201);
    cookies.push(...start.headers.getSetCookie().map((c) => c.split(';')[0]!));
    const { loginId } = (await start.json()) as { loginId: string };
    const orderRef = await pendingOrder();
    await fetch(`${system.simulatorUrl}/control/bankid/orders/${orderRef}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personalNumber }),
    });
    await eventually(
      async () => {
        const poll = await fetch(`${system.identityUrl}/v1/logins/${loginId}`, { headers: { cookie: cookies.join('; ') } });
        return ((await poll.json()) as { status: string }).status === 'complete' ? true : undefined;
      },
      20_000,
      'the BankID sign-in to complete',
    );
    const session = await fetch(`${system.identityUrl}/v1/logins/${loginId}/session`, {
      method: 'POST',
      headers: { cookie: cookies.join('; ') },
    });
    expect(session.status).toBe(200);
    return ((await session.json()) as { accessToken: string }).accessToken;
  };

  /** Screenshots of the page as it stands, at desktop and phone widths. */
  const shoot = async (name: string) => {
    await screenshot(page, `${name}-1280`);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, `${name}-390`);
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  const saved = async (download: Promise<Download>) => {
    const d = await download;
    const file = await d.path();
    return { name: d.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
  };

  beforeAll(async () => {
    annaConversation = await system.openConversation(ANNA, 'Kallelse till möte', BODY);
    await system.openConversation(BRITT, 'Beslut', BRITT_BODY);
    smsSlug = await publishNotice('consent-example');
    // The rights service must have both notices before anyone consents or asks under them.
    for (const slug of [smsSlug, system.noticeSlug])
      await eventually(
        async () => ((await fetch(`${system.rightsUrl}/v1/request-kinds?notice=${slug}`)).status === 200 ? true : undefined),
        30_000,
        `the notice ${slug} to reach the rights service`,
      );

    // Britt consents and asks for her data: ids Anna must not be able to use.
    const britt = await citizenToken(BRITT);
    const given = await rights('/v1/consents/give', britt, { method: 'POST', body: { notice: smsSlug, purpose: 'sms-avisering' } });
    expect(given.status).toBe(200);
    brittConsent = ((await given.json()) as { id: string }).id;
    const asked = await rights('/v1/requests', britt, { method: 'POST', body: { notice: system.noticeSlug, kind: 'access' } });
    expect(asked.status).toBe(201);
    brittRequest = ((await asked.json()) as { id: string }).id;

    browser = await launchChromium();
    context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await system.stop();
  });

  it('signs Anna in with BankID', async () => {
    await page.goto(`${system.portalUrl}/logga-in`);
    await page.getByRole('button', { name: 'Mobilt BankID på en annan enhet' }).click();
    await page.waitForURL(/\/logga-in\/vanta$/);
    const orderRef = await pendingOrder();
    const res = await fetch(`${system.simulatorUrl}/control/bankid/orders/${orderRef}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personalNumber: ANNA }),
    });
    expect(res.status).toBe(200);
    await page.waitForURL(/\/mina-behandlingar$/, { timeout: 20_000 });
  });

  it('Mina samtycken: gives consent with one button and withdraws it with one button, each confirmed', async () => {
    await page.goto(`${system.portalUrl}/samtycken`);
    expect(await page.locator('h1').textContent()).toBe('Mina samtycken');
    // The menu marks where she is.
    expect(await page.locator('.site-nav a[aria-current="page"]').textContent()).toBe('Mina samtycken');
    const card = page.locator(`#p-${smsSlug}-sms-avisering`);
    expect(await card.locator('blockquote').textContent()).toContain('Ditt samtycke. Du kan när som helst ta tillbaka det');
    expect(await card.textContent()).toContain('Du har inte samtyckt');
    await shoot('consents-sv');

    await card.getByRole('button', { name: 'Jag samtycker' }).click();
    await page.waitForURL(/\/samtycken\?klart=given/);
    expect(await page.getByRole('status').textContent()).toContain('Klart! Du har samtyckt till ”Sms-avisering”.');
    expect(await card.textContent()).toContain('Du har samtyckt sedan');
    await shoot('consents-given-sv');

    await card.getByRole('button', { name: 'Ta tillbaka mitt samtycke' }).click();
    await page.waitForURL(/\/samtycken\?klart=withdrawn/);
    expect(await page.getByRole('status').textContent()).toContain('Klart! Du har tagit tillbaka ditt samtycke till ”Sms-avisering”.');
    expect(await card.textContent()).toContain('Du har tagit tillbaka ditt samtycke');
    // Giving again is the same one step.
    expect(await card.getByRole('button', { name: 'Jag samtycker' }).count()).toBe(1);
  });

  it('shows a consent’s history and gives its signed receipt, which verifies against the rights service’s keys', async () => {
    await page.goto(`${system.portalUrl}/samtycken`);
    await page.getByRole('link', { name: 'Historik och kvitto för ”Sms-avisering”' }).click();
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Tog tillbaka');
    expect(await rows.nth(1).textContent()).toContain('Samtyckte');
    expect(await rows.nth(1).textContent()).toContain('version 1');
    expect(await page.getByText('Vem som helst kan kontrollera att kvittot är äkta').count()).toBe(1);
    await shoot('consent-history-sv');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Ladda ner kvittot' }).click();
    const receipt = await saved(download);
    expect(receipt.name).toMatch(/^consent-receipt-.+\.jws$/);
    const jwks = (await (await fetch(`${system.rightsUrl}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await compactVerify(receipt.text.trim(), createLocalJWKSet(jwks));
    expect(protectedHeader.alg).toBe('ES256');
    const claims = JSON.parse(new TextDecoder().decode(payload)) as {
      consentStatus: string;
      notice: { slug: string };
      events: { eventType: string }[];
    };
    expect(claims.consentStatus).toBe('withdrawn');
    expect(claims.notice.slug).toBe(smsSlug);
    expect(claims.events.map((e) => e.eventType)).toEqual(['given', 'withdrawn']);
    // The rights service's own check says the same; one changed character and it does not.
    const verify = async (jws: string) =>
      (await (
        await fetch(`${system.rightsUrl}/v1/receipts/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ receipt: jws }),
        })
      ).json()) as { valid: boolean };
    expect((await verify(receipt.text.trim())).valid).toBe(true);
    const [h, p, sig] = receipt.text.trim().split('.');
    const tampered = `${h}.${p!.slice(0, -2)}${p!.endsWith('A') ? 'B' : 'A'}${p!.slice(-1)}.${sig}`;
    expect((await verify(tampered)).valid).toBe(false);

    // Anyone checks it on the portal's public page, signed in or not.
    await page.getByRole('link', { name: 'Kontrollera ett kvitto' }).click();
    await page.waitForURL(/\/kvitto\/kontrollera$/);
    const check = async (text: string) => {
      await page.getByLabel('Kvittofilen').setInputFiles({ name: 'kvitto.jws', mimeType: 'application/jose', buffer: Buffer.from(text) });
      await page.getByRole('button', { name: 'Kontrollera', exact: true }).click();
      return page.locator('#verdict').textContent();
    };
    const genuine = await check(receipt.text);
    expect(genuine).toContain('Kvittot är äkta och oförändrat');
    expect(genuine).toContain('Kommunstyrelsen, Exempelkommun');
    expect(genuine).toContain('Sms-avisering');
    await shoot('receipt-check-sv');
    expect(await check(tampered)).toContain('Kvittot har ändrats efter att kommunen undertecknade det.');
    const keys = (await (await page.request.get(`${system.portalUrl}/kvitto/nycklar.json`)).json()) as JSONWebKeySet;
    expect(keys.keys.map((k) => k.kid)).toEqual(jwks.keys.map((k) => k.kid));
  });

  it('Mina begäranden: shows the kinds a notice does not give as not available, with the reason and the article', async () => {
    await page.goto(`${system.portalUrl}/begaranden/ny?behandling=${smsSlug}`);
    const objection = page.locator('#kind-objection');
    expect(await objection.isDisabled()).toBe(true);
    expect(await page.locator('#why-objection').textContent()).toContain('Rätten att invända gäller inte här (artikel 21.1)');
    expect(await page.locator('#kind-access').isDisabled()).toBe(false);
    await shoot('request-new-sv');
    // Nothing chosen: the error beside the choices, nothing sent.
    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    expect(await page.locator('#kind-error').textContent()).toContain('Välj vad du vill begära.');
    // As a page that still offered it would send it: the rights service refuses, and the page says why.
    await objection.evaluate((el: { removeAttribute(name: string): void }) => el.removeAttribute('disabled'));
    await objection.check();
    const refused = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    expect((await refused).status()).toBe(422);
    expect(await page.locator('#kind-error').textContent()).toContain('Rätten att invända gäller inte här (artikel 21)');
    await shoot('request-refused-sv');
  });

  it('opens an access request from Mina behandlingar and lists it with its due date', async () => {
    await page.goto(`${system.portalUrl}/mina-behandlingar`);
    await page.getByRole('link', { name: 'Begär ett registerutdrag' }).click();
    await page.waitForURL(new RegExp(`/begaranden/ny\\?behandling=${system.noticeSlug}$`));
    await page.locator('#kind-access').check();
    await page.getByLabel('Vill du berätta mer? (valfritt)').fill('Jag vill se alla mina meddelanden.');
    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    await page.waitForURL(/\/begaranden\/[A-Za-z0-9_-]+\?klart=skickad$/);
    requestId = /\/begaranden\/([A-Za-z0-9_-]+)\?/.exec(page.url())![1]!;
    expect(await page.getByRole('status').textContent()).toContain('Klart! Kommunen har tagit emot din begäran.');
    expect(await page.getByRole('heading', { name: 'Vad händer nu?' }).count()).toBe(1);
    // The due date as the official's queue has it, written as a Swede reads it.
    official = await system.officialToken();
    const queued = (await (await rights(`/v1/queue/${requestId}`, official)).json()) as { dueAt: string; details: string };
    expect(queued.details).toBe('Jag vill se alla mina meddelanden.');
    const due = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long' }).format(new Date(queued.dueAt));
    expect(await page.locator('.request-due').textContent()).toBe(`Svar senast ${due}`);
    await shoot('request-open-sv');

    await page.goto(`${system.portalUrl}/begaranden`);
    const row = page.locator('tbody tr').filter({ has: page.locator(`a[href="/begaranden/${requestId}"]`) });
    expect(await row.textContent()).toContain('Registerutdrag');
    expect(await row.textContent()).toContain('Pågår');
    expect(await row.textContent()).toContain(due);
    await shoot('requests-sv');

    // The same request again: refused beside the form, with a link to the open one.
    await page.goto(`${system.portalUrl}/begaranden/ny?behandling=${system.noticeSlug}`);
    await page.locator('#kind-access').check();
    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    expect(await page.locator('#kind-error').textContent()).toContain('Du har redan en likadan begäran som pågår.');
    expect(await page.locator(`#kind-error a[href="/begaranden/${requestId}"]`).count()).toBe(1);
  });

  it('an official (SITHS) reads her conversation, decides and answers; she downloads the registerutdrag with her data only', async () => {
    // The unit's official reads Anna's conversation 30 times (each read logged for her, so her log has more than a page).
    for (let i = 0; i < 30; i++) {
      const read = await fetch(`${system.messagesUrl}/v1/conversations/${annaConversation}`, {
        headers: { authorization: `Bearer ${official}` },
      });
      expect(read.status).toBe(200);
    }
    await eventually(
      async () => {
        const q = (await (await rights(`/v1/queue/${requestId}`, official)).json()) as { missing: string[] };
        return q.missing.length === 0 ? true : undefined;
      },
      30_000,
      'the messages service’s part of the request',
    );
    const decided = await rights(`/v1/queue/${requestId}/decisions`, official, {
      method: 'POST',
      body: { decisions: [{ service: 'messages', outcome: 'done', ground: 'granted', note: 'Här är dina meddelanden.' }] },
    });
    expect(decided.status).toBe(200);
    expect((await rights(`/v1/queue/${requestId}/answer`, official, { method: 'POST' })).status).toBe(200);

    await page.goto(`${system.portalUrl}/begaranden/${requestId}`);
    expect(await page.locator('.facts').first().textContent()).toContain('Besvarad');
    expect(await page.getByRole('heading', { name: 'Säkra meddelanden: Tillgodosedd' }).count()).toBe(1);
    expect(await page.getByText('Begäran tillgodoses').count()).toBe(1);
    await shoot('request-answered-sv');
    const html = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Ladda ner registerutdraget att läsa (HTML)' }).click();
    const report = await saved(html);
    expect(report.name).toBe(`registerutdrag-${requestId}.html`);
    expect(report.text).toContain(BODY);
    expect(report.text).not.toContain(BRITT_BODY);
    const pdf = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Ladda ner registerutdraget att läsa eller skriva ut (PDF)' }).click();
    const printable = await (await pdf).path();
    expect(fs.readFileSync(printable).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await pdf).suggestedFilename()).toBe(`registerutdrag-${requestId}.pdf`);
    const json = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Ladda ner registerutdraget maskinläsbart (JSON)' }).click();
    const data = await saved(json);
    expect(data.name).toBe(`registerutdrag-${requestId}.json`);
    expect(data.text).toContain('Hej Anna!');
    expect(data.text).not.toContain(BRITT_BODY);
  });

  it('Vem har läst om mig: the official’s reads by role and unit, never by name, newest first, paged', async () => {
    // Anna reads her conversation herself too.
    await page.goto(`${system.portalUrl}/meddelanden/${annaConversation}`);
    await eventually(
      async () => {
        await page.goto(`${system.portalUrl}/vem-har-last`);
        return (await page.getByText('Du själv').count()) > 0 && (await page.getByRole('link', { name: 'Visa äldre' }).count()) > 0
          ? true
          : undefined;
      },
      30_000,
      'the reads to reach her access log',
    );
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(25);
    // Newest first: her own read came last.
    expect(await rows.nth(0).textContent()).toContain('Du själv');
    expect(await rows.nth(0).textContent()).toContain('Du läste dina egna uppgifter');
    const officialRow = rows.filter({ hasText: 'En handläggare på Individ- och familjeomsorgen' }).first();
    expect(await officialRow.textContent()).toContain('Konversationen ”Kallelse till möte”');
    expect(await officialRow.textContent()).toContain('Handläggning av ditt ärende');
    const content = await page.content();
    expect(content).not.toMatch(/Carl|Celsing|SE2120002627/);
    await shoot('access-log-sv');
    await page.getByRole('link', { name: 'Visa äldre' }).click();
    expect(await rows.count()).toBeGreaterThanOrEqual(6);
    expect(await page.getByRole('link', { name: 'Till de senaste' }).count()).toBe(1);
    await shoot('access-log-older-sv');
  });

  it('Vem har läst om mig: a period; a bad date is shown beside its field, never a 500', async () => {
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    await page.goto(`${system.portalUrl}/vem-har-last`);
    await page.getByLabel('Från och med').fill(today);
    await page.getByLabel('Till och med').fill(today);
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await page.waitForURL(/fran=/);
    expect(await page.locator('tbody tr').count()).toBe(25);
    // Yesterday and before: nothing yet.
    await page.goto(`${system.portalUrl}/vem-har-last?fran=2020-01-01&till=2020-12-31`);
    expect(await page.getByText('Ingen har läst dina uppgifter under den här perioden.').count()).toBe(1);
    for (const [query, field] of [
      ['fran=2026-02-31', 'fran'],
      ['till=igår', 'till'],
      ['fran=2026-03-05&till=2026-03-01', 'till'],
    ] as const) {
      const res = await page.goto(`${system.portalUrl}/vem-har-last?${query}`);
      expect(res?.status()).toBe(400);
      expect(res?.headers()['content-type']).toMatch(/^text\/html/);
      expect(await page.locator(`#${field}-error`).count()).toBe(1);
      expect(await page.locator(`#${field}`).getAttribute('aria-invalid')).toBe('true');
    }
    await shoot('access-log-bad-date-sv');
    const cursor = await page.goto(`${system.portalUrl}/vem-har-last?sida=bm90LWEtY3Vyc29y`);
    expect(cursor?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Sidan gick inte att visa.');
  });

  it('answers another person’s request and consent receipt with the human 404 page', async () => {
    for (const path of [
      `/begaranden/${brittRequest}`,
      `/begaranden/${brittRequest}/registerutdrag?format=html`,
      `/samtycken/${brittConsent}`,
      `/samtycken/${brittConsent}/kvitto`,
      '/begaranden/nonexistent-id-123',
      '/samtycken/a%2F..%2F..%2Fv1',
    ]) {
      // As the browser asks for a page (a download link's 404 is a page too).
      const res = await page.request.get(`${system.portalUrl}${path}`, {
        headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      });
      expect(res.status()).toBe(404);
      expect(res.headers()['content-type']).toMatch(/^text\/html/);
      const text = await res.text();
      expect(text).toContain('Sidan finns inte');
      expect(text).not.toContain(BRITT_BODY);
    }
  });

  it('withdraws a request in one step, with a confirmation', async () => {
    // "Gör en ny begäran" without a processing first asks which one.
    await page.goto(`${system.portalUrl}/begaranden`);
    await page.getByRole('link', { name: 'Gör en ny begäran' }).click();
    await page.getByRole('link', { name: 'Behandling, sms-avisering om säkra meddelanden' }).click();
    await page.waitForURL(new RegExp(`/begaranden/ny\\?behandling=${smsSlug}$`));
    await page.locator('#kind-rectification').check();
    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    await page.waitForURL(/\?klart=skickad$/);
    expect(await page.getByText('Om du återkallar begäran slutar kommunen arbeta med den.').count()).toBe(1);
    // The official extends it by a month: she sees the new due date and the reason.
    const id = /\/begaranden\/([A-Za-z0-9_-]+)\?/.exec(page.url())![1]!;
    const reason = 'Vi behöver hämta uppgifter från flera verksamheter.';
    const extended = await rights(`/v1/queue/${id}/extension`, official, { method: 'POST', body: { months: 1, reason } });
    expect(extended.status).toBe(200);
    const { dueAt, extension } = (await extended.json()) as { dueAt: string; extension: { previousDueAt: string } };
    const sv = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long' }).format(new Date(iso));
    await page.reload();
    expect(await page.getByRole('heading', { name: 'Kommunen behöver mer tid' }).count()).toBe(1);
    expect(await page.getByText(reason).count()).toBe(1);
    expect(await page.getByText(`från ${sv(extension.previousDueAt)} till ${sv(dueAt)}`).count()).toBe(1);
    expect(await page.locator('.request-due').textContent()).toBe(`Svar senast ${sv(dueAt)} (förlängd)`);
    await shoot('request-extended-sv');
    await page.getByRole('button', { name: 'Återkalla begäran' }).click();
    await page.waitForURL(/\?klart=aterkallad$/);
    expect(await page.getByRole('status').textContent()).toContain('Klart! Din begäran är återkallad.');
    expect(await page.locator('.facts').first().textContent()).toContain('Återkallad');
    expect(await page.getByRole('button', { name: 'Återkalla begäran' }).count()).toBe(0);
    // Pressed again from an old tab: the page says where the request stands, nothing breaks; it has no registerutdrag.
    const again = await page.request.post(`${system.portalUrl}/begaranden/${id}/aterkalla`, {
      form: { _csrf: (await page.locator('input[name="_csrf"]').first().getAttribute('value'))! },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe(`/begaranden/${id}`);
    const none = await page.request.get(`${system.portalUrl}/begaranden/${id}/registerutdrag?format=html`, {
      headers: { accept: 'text/html' },
    });
    expect(none.status()).toBe(404);
    expect(none.headers()['content-type']).toMatch(/^text\/html/);
  });

  it('shows every rights page in English too', async () => {
    await page.goto(`${system.portalUrl}/samtycken?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('My consents');
    expect(await page.locator(`#p-${smsSlug}-sms-avisering blockquote`).textContent()).toContain('Your consent.');
    await shoot('consents-en');
    await page.getByRole('link', { name: 'History and receipt for “SMS alerts”' }).click();
    await shoot('consent-history-en');
    await page.goto(`${system.portalUrl}/begaranden`);
    expect(await page.locator('h1').textContent()).toBe('My requests');
    await shoot('requests-en');
    await page.goto(`${system.portalUrl}/begaranden/${requestId}`);
    expect(await page.getByRole('heading', { name: 'What happens now?' }).count()).toBe(1);
    await shoot('request-answered-en');
    await page.goto(`${system.portalUrl}/begaranden/ny?behandling=${smsSlug}`);
    expect(await page.locator('#why-objection').textContent()).toContain('does not apply here (article 21.1)');
    await shoot('request-new-en');
    await page.goto(`${system.portalUrl}/vem-har-last`);
    expect(await page.getByText('A case officer at Individ- och familjeomsorgen').count()).toBeGreaterThan(0);
    await shoot('access-log-en');
    await page.goto(`${system.portalUrl}/vem-har-last?lang=sv`);
  });

  it('lists consents to what is no longer offered, with their history, when the notice is withdrawn', async () => {
    await publishEvent(
      NoticeWithdrawnV1Event,
      {
        noticeId: smsSlug,
        slug: smsSlug,
        lastVersion: 1,
        withdrawnAt: new Date().toISOString(),
        reason: 'Sms-aviseringen upphör.',
      },
      { source: 'notice' },
    );
    await eventually(
      async () => {
        await page.goto(`${system.portalUrl}/samtycken`);
        return (await page.getByRole('heading', { name: 'Samtycken till sådant som inte längre erbjuds' }).count()) > 0 ? true : undefined;
      },
      30_000,
      'the withdrawal to reach the rights service',
    );
    expect(await page.locator(`#p-${smsSlug}-sms-avisering`).count()).toBe(0);
    const former = page.locator('#former + p + ul');
    expect(await former.textContent()).toContain('Sms-avisering');
    expect(await former.textContent()).toContain('Informationen har dragits tillbaka.');
    await shoot('consents-former-sv');
    await former.getByRole('link', { name: 'Historik och kvitto för ”Sms-avisering”' }).click();
    expect(await page.locator('tbody tr').count()).toBe(2);
  });
});

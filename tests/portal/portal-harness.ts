// The whole system as a citizen's browser meets it, for the portal's browser tests: the e-ID simulator,
// identity, notice, messages, rights and the portal, each listening on a free port on loopback with a
// database and consumer group of its own, on the real Kafka broker and MongoDB. Chromium is Debian's
// (the project's scripts install it), driven by playwright-core.
import AxeBuilder from '@axe-core/playwright';
import type { INestApplication } from '@nestjs/common';
import { NoticePublishedV1Event } from '@insyn/contracts';
import { createTestApp, eventually, publishEvent, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Browser, chromium, type Page } from 'playwright-core';
import request from 'supertest';
import { CookieJar, freePort, tempDir } from '../identity/identity-harness.js';
import { publishedNotice } from '../rights/rights-harness.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/portal');

export interface PortalSystem {
  portalUrl: string;
  simulatorUrl: string;
  identityUrl: string;
  unit: string;
  /** A unit that does not take conversations from citizens. */
  closedUnit: string;
  noticeSlug: string;
  clientToken: () => Promise<string>;
  messagesUrl: string;
  /** The notice service (its admin API, for a change made beside the portal's pages). */
  noticeUrl: string;
  rightsUrl: string;
  /** The retention service, when the file asked for it ({@link portalSystem}'s `retention`). */
  retentionUrl: string;
  /**
   * An access token of an official, signed in with SITHS eID in the simulator and at identity: the unit's
   * official (Carl Celsing: messages-handler and rights-handler) unless another HSA-id is named.
   */
  officialToken: (hsaId?: string) => Promise<string>;
  /** The portal's database (its browser sessions), for tests that look at or age them. */
  portalDb: string;
  /** The unit's case system opens a conversation with a person; its id. */
  openConversation: (personnummer: string, subject: string, body: string) => Promise<string>;
  /** The phone: the person approves the pending BankID order in the simulator, as the app would. */
  approveBankId: (personalNumber: string) => Promise<void>;
  /** An outage: one backend stops for the rest of the test file (its port then refuses connections). */
  stopBackend: (name: 'identity' | 'notice' | 'messages' | 'rights' | 'retention') => Promise<void>;
  stop(): Promise<void>;
}

const SUBJECT_KEY_SECRET = 'portal-e2e-subject-key-secret-32-chars!!';
const CLIENT_SECRET = 'portal-e2e-case-system-secret-long-enough';
// Officials, by HSA-id: the simulator's development officials (its default SITHS test persons), to whom
// identity gives the harness's own units and the roles below.
/** Carl Celsing: the unit's official, messages-handler and rights-handler. */
export const OFFICIAL_HSA = 'SE2120002627-E000000000001';
/** Karl Kvist: the unit's official with a single role, rights-handler (the requests, not the unit's messages). */
export const RIGHTS_HANDLER_HSA = 'SE2120002627-E000000000008';
/** Mohammed Malik: an official of the other unit (closedUnit), messages-handler only (no requests). */
export const OTHER_UNIT_HSA = 'SE2120002627-E000000000010';
/** Elin Ekström: the notice editor, who writes notices and submits them for a second person's approval. */
export const NOTICE_EDITOR_HSA = 'SE2120002627-E000000000002';
/** Frida Forsberg: the unit's retention administrator and data protection officer (gallring: rules, runs, holds, protocol). */
export const GALLRING_HSA = 'SE2120002627-E000000000003';
/** Isak Isaksson: the unit's second retention administrator, who writes rules and submits them for the DPO's approval. */
export const RETENTION_ADMIN_HSA = 'SE2120002627-E000000000006';
/** Johanna Jansson: the unit's archivist, who reads gallring but neither runs it nor sets holds. */
export const ARCHIVIST_HSA = 'SE2120002627-E000000000007';
/** Linnea Lund: the unit's registrator, who places and reads holds and nothing else of gallring. */
export const REGISTRATOR_HSA = 'SE2120002627-E000000000009';

/**
 * Boots everything; call at the top of a test file (the apps read their environment when imported). The
 * retention service (gallring) only for the files that ask for it, its scheduler off: runs start by hand.
 */
export async function portalSystem(options: { retention?: boolean } = {}): Promise<PortalSystem> {
  const unit = `soc-portal-${uniqueSuffix()}`;
  // The unit takes conversations citizens start (ADR 0010); a second one opens them only itself.
  const closedUnit = `hos-portal-${uniqueSuffix()}`;
  const units = JSON.stringify({
    [unit]: { name: 'Individ- och familjeomsorgen', acceptsCitizens: true },
    [closedUnit]: { name: 'Hälso- och sjukvård' },
  });
  const ports = {
    identity: await freePort(),
    notice: await freePort(),
    messages: await freePort(),
    rights: await freePort(),
    retention: await freePort(),
    portal: await freePort(),
  };
  const url = (p: number) => `http://127.0.0.1:${p}`;
  const portalUrl = url(ports.portal);

  // The Umeå notice, under a slug of this run's own; the portal's Mina behandlingar names it for conversations.
  const notice = publishedNotice('umea-behandling-sakra-meddelanden');
  const { db } = useTestEnvironment();
  Object.assign(process.env, { PKI_DIR: tempDir('insyn-portal-pki-'), PORT: '0', TLS_PORT: '0', HOST: '127.0.0.1', DOCS_ENABLED: 'false' });
  const { startSimulator } = await import('../../apps/eid-simulator/src/testing.js');
  const sim = await startSimulator();

  const identityUrl = url(ports.identity);
  await request(sim.httpUrl)
    .post('/control/oidc/clients/insyn-identity/redirect-uris')
    // Identity's own callback, and the portal's, which relays the officials' sign-in it starts (ADR 0009).
    .send({ redirectUris: [`${identityUrl}/v1/logins/siths/callback`, `${portalUrl}/tjanst/logga-in/retur`] });
  const common = { AUTH_ISSUER: identityUrl, AUTH_JWKS_URL: `${identityUrl}/.well-known/jwks.json`, SUBJECT_KEY_SECRET };
  const boot = async (name: string, env: Record<string, string>, testingPath: string, port: number) => {
    Object.assign(process.env, {
      MONGODB_DB: `${db}_${name}`,
      KAFKA_CONSUMER_GROUP: `insyn-${db}_${name}`,
      PORT: String(port),
      ...common,
      ...env,
    });
    const { AppModule, SERVICE } = (await import(testingPath)) as { AppModule: unknown; SERVICE: Parameters<typeof createTestApp>[1] };
    const app = await createTestApp(AppModule, SERVICE);
    await app.listen(port, '127.0.0.1');
    byName.set(name, app);
    return app;
  };
  const byName = new Map<string, INestApplication>();
  const apps: INestApplication[] = [];
  apps.push(
    await boot(
      'identity',
      {
        IDENTITY_ISSUER: identityUrl,
        PORTAL_URL: portalUrl,
        BANKID_URL: `${sim.tlsUrl}/rp/v6.0`,
        BANKID_CLIENT_CERT: sim.pki.rpClientCert,
        BANKID_CLIENT_KEY: sim.pki.rpClientKey,
        BANKID_CA: sim.pki.serverCa,
        FREJA_URL: sim.tlsUrl,
        FREJA_CLIENT_CERT: sim.pki.rpClientCert,
        FREJA_CLIENT_KEY: sim.pki.rpClientKey,
        FREJA_CA: sim.pki.serverCa,
        FREJA_JWS_CERTS: sim.pki.frejaJwsCert,
        IDENTITY_BOOTSTRAP_CLIENTS: JSON.stringify([
          { clientId: 'case-system', secret: CLIENT_SECRET, scopes: ['messages:send', 'messages:read'], unit },
        ]),
        LOGIN_COLLECT_INTERVAL_MS: '0',
        PERSON_ASSERTION_AUDIENCES: JSON.stringify({ 'insyn-messages': `${url(ports.messages)}/.well-known/jwks.json` }),
        SITHS_ISSUER: `${sim.httpUrl}/oidc`,
        SITHS_CLIENT_ID: 'insyn-identity',
        SITHS_CLIENT_SECRET: 'dev-secret-siths',
        OFFICIALS: JSON.stringify({
          [OFFICIAL_HSA]: { unit, roles: ['messages-handler', 'rights-handler'] },
          [RIGHTS_HANDLER_HSA]: { unit, roles: ['rights-handler'] },
          [OTHER_UNIT_HSA]: { unit: closedUnit, roles: ['messages-handler'] },
          [GALLRING_HSA]: { unit, roles: ['retention-admin', 'dpo'] },
          [NOTICE_EDITOR_HSA]: { unit, roles: ['notice-editor'] },
          [RETENTION_ADMIN_HSA]: { unit, roles: ['retention-admin'] },
          [ARCHIVIST_HSA]: { unit, roles: ['archivist'] },
          [REGISTRATOR_HSA]: { unit, roles: ['registrator'] },
        }),
      },
      '../../apps/identity/src/testing.js',
      ports.identity,
    ),
  );
  apps.push(await boot('notice', {}, '../../apps/notice/src/testing.js', ports.notice));
  const archiveDir = tempDir('insyn-portal-archive-');
  apps.push(
    await boot(
      'messages',
      {
        MESSAGES_UNITS: units,
        MESSAGES_KEK_FILE: path.join(tempDir('insyn-portal-kek-'), 'kek.json'),
        ARCHIVE_DIR: archiveDir,
        MESSAGES_PORTAL_URL: portalUrl,
      },
      '../../apps/messages/src/testing.js',
      ports.messages,
    ),
  );
  apps.push(await boot('rights', { RIGHTS_UNITS: units }, '../../apps/rights/src/testing.js', ports.rights));
  if (options.retention)
    apps.push(
      await boot(
        'retention',
        { RETENTION_UNITS: units, RETENTION_SCHEDULER: 'off' },
        '../../apps/retention/src/testing.js',
        ports.retention,
      ),
    );
  apps.push(
    await boot(
      'portal',
      {
        PORTAL_URL: portalUrl,
        IDENTITY_URL: identityUrl,
        NOTICE_URL: url(ports.notice),
        MESSAGES_URL: url(ports.messages),
        RIGHTS_URL: url(ports.rights),
        RETENTION_URL: url(ports.retention),
        PORTAL_SERVICE_NOTICES: JSON.stringify({ messages: notice.slug }),
        PORTAL_THEME: JSON.stringify({
          name: 'Exempelkommun',
          primaryColor: '#1b5e8c',
          contactEmail: 'kommunen@exempel.example',
          dpoEmail: 'dso@exempel.example',
        }),
      },
      '../../apps/portal/src/testing.js',
      ports.portal,
    ),
  );

  // Published as the notice service publishes it (its read model takes its own event).
  await publishEvent(NoticePublishedV1Event, notice, { source: 'notice' });

  const clientToken = async (): Promise<string> => {
    const res = await fetch(`${identityUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`case-system:${CLIENT_SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };

  return {
    portalUrl,
    simulatorUrl: sim.httpUrl,
    identityUrl,
    unit,
    closedUnit,
    noticeSlug: notice.slug,
    messagesUrl: url(ports.messages),
    noticeUrl: url(ports.notice),
    rightsUrl: url(ports.rights),
    retentionUrl: url(ports.retention),
    officialToken: (hsaId = OFFICIAL_HSA) => sithsToken(identityUrl, hsaId),
    portalDb: `${db}_portal`,
    clientToken,
    async openConversation(personnummer, subject, body) {
      const res = await fetch(`${url(ports.messages)}/v1/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await clientToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ personnummer, subject, body }),
      });
      if (res.status !== 201) throw new Error(`opening a conversation answered ${res.status}`);
      return ((await res.json()) as { conversationId: string }).conversationId;
    },
    async approveBankId(personalNumber) {
      const orderRef = await eventually(
        async () => {
          const orders = (await (await fetch(`${sim.httpUrl}/control/bankid/orders`)).json()) as { orderRef: string }[];
          return orders[0]?.orderRef;
        },
        20_000,
        'a pending BankID order',
      );
      const res = await fetch(`${sim.httpUrl}/control/bankid/orders/${orderRef}/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personalNumber }),
      });
      if (res.status !== 200) throw new Error(`approving the BankID order answered ${res.status}`);
    },
    async stopBackend(name) {
      const app = byName.get(name);
      if (!app || !apps.includes(app)) return;
      apps.splice(apps.indexOf(app), 1);
      await app.close();
    },
    async stop() {
      for (const app of apps.reverse()) await app.close();
      await sim.close();
      fs.rmSync(archiveDir, { recursive: true, force: true });
    },
  };
}

/** Signs an official in with SITHS eID (the OIDC code flow, as a browser follows it; the login hint is her choice on the IdP's page) and returns an access token. */
async function sithsToken(identityUrl: string, hsaId: string): Promise<string> {
  const jar = new CookieJar();
  const started = await request(identityUrl).get('/v1/logins/siths').expect(303);
  jar.take(started);
  const idp = new CookieJar();
  const authorize = new URL(started.headers.location!);
  authorize.searchParams.set('login_hint', hsaId);
  let next = authorize.toString();
  for (let hops = 0; !next.startsWith(identityUrl); hops++) {
    if (hops > 10) throw new Error(`the SITHS sign-in did not come back to identity (at ${new URL(next).origin})`);
    const target = new URL(next);
    const res = await request(target.origin)
      .get(target.pathname + target.search)
      .set('Cookie', idp.header());
    idp.take(res);
    next = new URL(res.headers.location!, next).toString();
  }
  jar.take(await request(identityUrl).get(next.slice(identityUrl.length)).set('Cookie', jar.header()).expect(303));
  return ((await request(identityUrl).post('/v1/sessions/refresh').set('Cookie', jar.header()).expect(200)).body as { accessToken: string })
    .accessToken;
}

/**
 * Signs an official in through the portal with SITHS eID: the portal's button, the simulated IdP's page
 * (the person approving in the SITHS eID app), back through the portal to her work pages. The unit's
 * official unless another is named: RIGHTS_HANDLER_HSA for a single role, OTHER_UNIT_HSA for the other unit.
 */
export async function signInAsOfficial(page: Page, system: PortalSystem, hsaId = OFFICIAL_HSA): Promise<void> {
  await page.goto(`${system.portalUrl}/tjanst/logga-in`);
  await page.locator('form[action="/tjanst/logga-in"] button').click();
  await page.locator(`input[name="hsaId"][value="${hsaId}"]`).check();
  await page.getByRole('button', { name: 'Godkänn' }).click();
  await page.waitForURL(`${system.portalUrl}/tjanst`, { timeout: 20_000 });
}

/**
 * Closes a page that may have navigated a moment ago. Chromium can acknowledge a close that races a
 * navigation's commit and keep the page open (crbug.com/536385539, microsoft/playwright#42366), and
 * playwright-core's `page.close()` then waits forever: the page first goes to about:blank, and is closed
 * once nothing is loading in it. (Closing a whole browser context does not have the race.)
 */
export async function closePage(page: Page): Promise<void> {
  await page.goto('about:blank').catch(() => undefined);
  await page.close();
}

/**
 * Runs a browser test's steps under a deadline of its own, shorter than the test's timeout: past it, or
 * when a step fails, the error names the step it was at, when each step began and the longest the Node.js
 * event loop (every app of the file runs in it) was blocked meanwhile. jest's own timeout names none of
 * that. Past the deadline the steps go on in the background, as they do after a jest timeout.
 */
export async function timedSteps(deadlineMs: number, body: (step: (name: string) => void) => Promise<void>): Promise<void> {
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const started = Date.now();
  const steps = [{ name: 'start', at: 0 }];
  const step = (name: string) => void steps.push({ name, at: Date.now() - started });
  const timeline = () =>
    `${steps.map((s) => `${s.name} at ${s.at} ms`).join('; ')}; the event loop was blocked for at most ${Math.round(loop.max / 1e6)} ms`;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still at "${steps[steps.length - 1]!.name}" after ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    await Promise.race([body(step), deadline]);
  } catch (err) {
    if (err instanceof Error) err.message += `\n  steps: ${timeline()}`;
    throw err;
  } finally {
    clearTimeout(timer);
    loop.disable();
  }
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Keeps a screenshot of the page as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The WCAG 2.1 A and AA rules axe-core checks. */
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now, as readable lines. */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')} — ${v.help}`);
}

/** Signs the person in through the portal with BankID on another device (the QR flow), approved in the simulator; lands on Mina behandlingar. */
export async function signInWithBankId(page: Page, system: PortalSystem, personalNumber: string): Promise<void> {
  await page.goto(`${system.portalUrl}/logga-in`);
  await page.locator('form[action="/logga-in"] button').first().click();
  await page.waitForURL(/\/logga-in\/vanta$/);
  await system.approveBankId(personalNumber);
  await page.waitForURL(/\/mina-behandlingar$/, { timeout: 20_000 });
}

// The notice pages as readers see them, in a real browser (Debian's Chromium): the seed notices in Swedish
// and English at desktop (1280 px) and phone (390 px) widths, checked by axe-core against WCAG 2.1 A and AA
// (no serious or critical violation), with screenshots kept under test-artifacts/notice/.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import AxeBuilder from '@axe-core/playwright';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, publishNotice, TestTokens, useTestEnvironment } from '@insyn/testing';
import { type Browser, chromium } from 'playwright-core';
import request from 'supertest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts/notice');
const SEEDS = ['umea-behandling-sakra-meddelanden.yaml', 'processor-example.yaml', 'consent-example.yaml'];
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

const tokens = await TestTokens.create();
useTestEnvironment({ ...tokens.env, NOTICE_PUBLIC_BASE_URL: 'https://insyn.example.se' });
const { AppModule, SERVICE } = await import('../../apps/notice/src/testing.js');

describe('the notice pages in a browser: accessible at both widths, in both languages', () => {
  let app: INestApplication;
  let browser: Browser;
  let base: string;
  const slugs: string[] = [];

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const editor = `Bearer ${await tokens.official(['notice-editor'])}`;
    for (const file of SEEDS) {
      const yaml = fs.readFileSync(path.join(ROOT, 'apps/notice/seed', file), 'utf8');
      const created = await request(app.getHttpServer())
        .post('/v1/notices')
        .set('Authorization', editor)
        .set('Content-Type', 'application/yaml')
        .send(yaml);
      expect(created.status).toBe(201);
      await publishNotice(app.getHttpServer(), created.body.slug as string, tokens);
      slugs.push(created.body.slug as string);
    }
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('has no serious or critical WCAG 2.1 A/AA violation on any page, and keeps a screenshot of each', async () => {
    const found: string[] = [];
    for (const { name, viewport } of WIDTHS) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const slug of slugs) {
        for (const lang of ['sv', 'en'] as const) {
          const res = await page.goto(`${base}/v1/notices/${slug}?format=html&lang=${lang}`);
          expect(res?.status()).toBe(200);
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          await page.screenshot({ path: path.join(ARTIFACTS, `${slug}-${lang}-${name}.png`), fullPage: true });
          const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
          found.push(
            ...result.violations
              .filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => `${slug} ${lang} ${name}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')} — ${v.help}`),
          );
        }
      }
      // Nothing wider than the phone: no sideways scrolling.
      await page.goto(`${base}/v1/notices/${slugs[1]}?format=html&lang=sv`);
      expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(viewport.width);
      await context.close();
    }
    expect(found).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { type RuleActivatedV1, RuleActivatedV1Event, Topics } from '@insyn/contracts';
import {
  createTestApp,
  eventually,
  KafkaProbe,
  publishEvent,
  publishNotice,
  TestTokens,
  uniqueSuffix,
  useTestEnvironment,
} from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';

const tokens = await TestTokens.create();
const { db } = useTestEnvironment({ ...tokens.env, NOTICE_PUBLIC_BASE_URL: 'https://insyn.example.se' });
const { AppModule, SERVICE: NOTICE_SERVICE, factory, text } = await import('../../apps/notice/src/testing.js');

/** Other test files publish on the same broker: every rule id and notice here is this run's own. */
const suffix = uniqueSuffix();
const slug = `lankade-regler-${suffix}`;
const messagesRule = `sakra-meddelanden-soc-${suffix}`;
const logRule = `sms-avisering-logg-${suffix}`;
const CONSUMER = 'GoverningRulesConsumer.onRuleActivated';

const activation = (over: Partial<RuleActivatedV1> = {}): RuleActivatedV1 => ({
  ruleId: messagesRule,
  version: 2,
  unit: 'socialtjansten',
  informationType: 'secure-message',
  action: 'archive-then-delete',
  trigger: 'conversation-closed',
  after: 'P2Y',
  preconditions: ['archived', 'receipt-received'],
  decision: { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0113', section: 'punkt 4.2' },
  activatedAt: '2025-01-11T09:00:00.000Z',
  ...over,
});

interface Statement {
  retentionRuleRef?: string;
  ruleStatus?: string;
  rule?: {
    ruleId: string;
    version: number;
    after: string | null;
    period: { sv: string; en: string };
    decision: { reference: string };
  } | null;
}
interface Report {
  ok: boolean;
  version: number;
  statements: { index: number; retentionRuleRef: string | null; status: string; rule: { version: number } | null; problems: string[] }[];
  problems: { statement: number; type: string; ref: string | null }[];
}

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('notices show the retention rules that govern their statements (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let raw: mongoose.Connection;
  let editor: string;
  let dpo: string;
  const http = () => request(app.getHttpServer());
  const as = (token: string, r: request.Test) => r.set('Authorization', `Bearer ${token}`);
  const retentionOf = async (path = `/v1/notices/${slug}`) =>
    ((await http().get(path).expect(200)).body as { retention: Statement[] }).retention;
  const handled = (eventId: string) =>
    eventually(
      async () => ((await raw.collection('inbox').countDocuments({ _id: `${CONSUMER}:${eventId}` as never })) > 0 ? true : undefined),
      20_000,
      `event ${eventId} handled`,
    );
  const stored = (ruleId: string) => raw.collection<{ _id: string }>('governing_rules').findOne({ _id: ruleId });

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.DeadLetterV1]);
    app = await createTestApp(AppModule, NOTICE_SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    editor = await tokens.official(['notice-editor']);
    dpo = await tokens.official(['dpo']);
    const notice = factory.notice({
      id: slug,
      retention: [
        { text: text('Meddelandena gallras två år efter att konversationen avslutats.'), retentionRuleRef: messagesRule },
        { text: text('Loggar över skickade sms gallras efter 90 dagar.'), retentionRuleRef: logRule },
        { text: text('Övrigt gallras enligt gällande gallringsregler.') },
      ],
    });
    await as(editor, http().post('/v1/notices').send(notice)).expect(201);
    await publishNotice(app.getHttpServer(), slug, tokens);
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
    await app?.close();
  });

  it('before any rule is announced, says so: rule null in JSON, a visible note on the page, problems for the DPO', async () => {
    const retention = await retentionOf();
    expect(retention.map((s) => [s.retentionRuleRef, s.ruleStatus, s.rule])).toEqual([
      [messagesRule, 'unknown-rule', null],
      [logRule, 'unknown-rule', null],
      [undefined, undefined, undefined],
    ]);
    const html = (await http().get(`/v1/notices/${slug}?format=html`).expect(200)).text;
    expect(html).toMatch(new RegExp(`<p class="rule-unknown" role="note"><strong>Observera:</strong>[^<]*<code>${messagesRule}</code>`));

    const report = (await as(dpo, http().get(`/v1/notices/${slug}/retention-links`)).expect(200)).body as Report;
    expect(report).toMatchObject({ ok: false, version: 1 });
    expect(report.problems.map((p) => [p.statement, p.type, p.ref])).toEqual([
      [0, 'unknown-rule', messagesRule],
      [1, 'unknown-rule', logRule],
      [2, 'no-ref', null],
    ]);
  });

  it('shows a rule once retention.rule.activated.v1 arrives: JSON, HTML in both languages, JSON-LD and the DPO check', async () => {
    const eventId = await publishEvent(RuleActivatedV1Event, activation());
    const retention = await eventually(
      async () => {
        const r = await retentionOf();
        return r[0]?.ruleStatus === 'linked' ? r : undefined;
      },
      20_000,
      'the rule in the JSON',
    );
    expect(retention[0]).toMatchObject({
      retentionRuleRef: messagesRule,
      ruleStatus: 'linked',
      rule: {
        ruleId: messagesRule,
        version: 2,
        after: 'P2Y',
        period: { sv: '2 år efter att konversationen avslutats', en: '2 years after the conversation was closed' },
        decision: { reference: 'KS-2024/0113' },
      },
    });
    expect(retention[1]).toMatchObject({ ruleStatus: 'unknown-rule', rule: null });
    await handled(eventId);
    expect(await stored(messagesRule)).toMatchObject({ version: 2, after: 'P2Y', eventId });

    const sv = (await http().get(`/v1/notices/${slug}`).set('Accept', 'text/html').expect(200)).text;
    expect(sv.match(/<h1[ >]/g)).toHaveLength(1);
    const svText = textOf(sv);
    expect(svText).toContain(`Gallringsregel ${messagesRule} , version 2`);
    expect(svText).toContain('Hur länge 2 år efter att konversationen avslutats');
    expect(svText).toContain('Vad som händer Arkiveras, gallras sedan');
    expect(svText).toContain('Gallringsbeslut Kommunstyrelsen, 2024-03-12 , diarienummer KS-2024/0113, punkt 4.2');
    const en = textOf((await http().get(`/v1/notices/${slug}?format=html&lang=en`).expect(200)).text);
    expect(en).toContain('How long 2 years after the conversation was closed');
    expect(en).toContain(`Note: This statement refers to the retention rule ${logRule}`);

    const ld = JSON.parse((await http().get(`/v1/notices/${slug}`).set('Accept', 'application/ld+json').expect(200)).text) as {
      'dpv:hasStorageCondition': { 'dct:references'?: Record<string, unknown> }[];
    };
    expect(ld['dpv:hasStorageCondition'][0]!['dct:references']).toMatchObject({
      '@id': `insyn:retention-rule/${messagesRule}`,
      'dct:hasVersion': 2,
      'dct:isRequiredBy': { 'dct:identifier': 'KS-2024/0113', 'dct:date': { '@value': '2024-03-12', '@type': 'xsd:date' } },
    });

    // A numbered version shows the rule too, and is no longer cached as immutable: its rules may change.
    const v1 = await http().get(`/v1/notices/${slug}/versions/1`).expect(200);
    expect((v1.body as { retention: Statement[] }).retention[0]!.rule).toMatchObject({ version: 2 });
    expect(v1.headers['cache-control']).not.toContain('immutable');
    expect((await http().get(`/v1/notices/${slug}/versions/1?format=yaml`).expect(200)).headers['cache-control']).toContain('immutable');

    const report = (await as(dpo, http().get(`/v1/notices/${slug}/retention-links`)).expect(200)).body as Report;
    expect(report.statements.map((s) => [s.status, s.rule?.version ?? null, s.problems])).toEqual([
      ['linked', 2, []],
      ['unknown-rule', null, ['unknown-rule']],
      ['no-ref', null, ['no-ref']],
    ]);
  });

  it('keeps the highest version: a late lower version and a redelivery change nothing', async () => {
    const before = await stored(messagesRule);
    const late = await publishEvent(RuleActivatedV1Event, activation({ version: 1, after: 'P5Y' }));
    await handled(late);
    const again = await publishEvent(RuleActivatedV1Event, activation({ version: 2, after: 'P2Y' }));
    await handled(again);
    expect(await stored(messagesRule)).toEqual(before);
    expect((await retentionOf())[0]!.rule).toMatchObject({ version: 2, after: 'P2Y' });

    // The same event id twice is skipped by the inbox.
    const id = `redelivered-${suffix}`;
    await publishEvent(
      RuleActivatedV1Event,
      activation({ version: 3, after: 'P1Y', decision: { ...activation().decision, reference: 'KS-2025/0200' } }),
      { id },
    );
    await handled(id);
    await publishEvent(RuleActivatedV1Event, activation({ version: 3, after: 'P9Y' }), { id });
    // Same key, same partition: once an event sent after the duplicate is handled, so is the duplicate.
    await handled(await publishEvent(RuleActivatedV1Event, activation({ version: 3, after: 'P1Y' })));
    const newer = await stored(messagesRule);
    expect(newer).toMatchObject({ version: 3, after: 'P1Y', eventId: id });
    await eventually(async () => ((await retentionOf())[0]!.rule?.version === 3 ? true : undefined), 20_000, 'version 3 shown');
    expect((await retentionOf())[0]!.rule).toMatchObject({ after: 'P1Y', decision: { reference: 'KS-2025/0200' } });
    expect(await raw.collection('inbox').countDocuments({ _id: `${CONSUMER}:${id}` as never })).toBe(1);
  });

  it('sends a malformed event to the dead letter and changes nothing', async () => {
    const broken = await publishEvent(RuleActivatedV1Event, activation({ ruleId: logRule, after: 'two years' }));
    const garbage = `not an event ${suffix}`;
    await publishEvent(RuleActivatedV1Event, activation({ ruleId: logRule }), { raw: garbage });
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.DeadLetterV1 && (m.value ?? '').includes(broken)));
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.DeadLetterV1 && (m.value ?? '').includes(garbage)));
    const letter = probe
      .on(Topics.DeadLetterV1)
      .find((m) => (m.value ?? '').includes(broken))!
      .json<{ consumer: string; reason: string; violations: { field: string }[] }>()!;
    expect(letter).toMatchObject({ consumer: CONSUMER, reason: 'contract-violation' });
    expect(letter.violations.map((v) => v.field)).toEqual(['data.after']);
    expect(await stored(logRule)).toBeNull();
    expect((await retentionOf())[1]).toMatchObject({ ruleStatus: 'unknown-rule', rule: null });
  });

  it('a second instance shows a newly activated rule too (its own broadcast listener)', async () => {
    const other = await createTestApp(AppModule, NOTICE_SERVICE);
    try {
      await publishEvent(
        RuleActivatedV1Event,
        activation({ ruleId: logRule, version: 1, action: 'delete', after: 'P90D', preconditions: [] }),
      );
      for (const server of [app.getHttpServer(), other.getHttpServer()]) {
        const statement = await eventually(
          async () => {
            const body = (await request(server).get(`/v1/notices/${slug}`)).body as { retention?: Statement[] };
            return body.retention?.[1]?.ruleStatus === 'linked' ? body.retention[1] : undefined;
          },
          20_000,
          'the log rule on both instances',
        );
        expect(statement.rule).toMatchObject({ version: 1, period: { sv: '90 dagar efter att konversationen avslutats' } });
      }
      const report = (await as(dpo, http().get(`/v1/notices/${slug}/retention-links`)).expect(200)).body as Report;
      expect(report.problems.map((p) => p.type)).toEqual(['no-ref']);
    } finally {
      await other.close();
    }
  });

  describe('the DPO check', () => {
    it('is for editors, the DPO and systems that read notices: 401 without a token, 403 for others', async () => {
      await http().get(`/v1/notices/${slug}/retention-links`).expect(401);
      const citizen = await tokens.citizen('a'.repeat(43));
      await as(citizen, http().get(`/v1/notices/${slug}/retention-links`)).expect(403);
      await as(await tokens.official(['retention-admin']), http().get(`/v1/notices/${slug}/retention-links`)).expect(403);
      await as(editor, http().get(`/v1/notices/${slug}/retention-links`)).expect(200);
      await as(await tokens.client(['notice:read']), http().get(`/v1/notices/${slug}/retention-links`)).expect(200);
    });

    it('answers bad input with problem bodies', async () => {
      const bad = await as(dpo, http().get(`/v1/notices/${slug}/retention-links?version=abc`)).expect(400);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['version']);
      await as(dpo, http().get(`/v1/notices/${slug}/retention-links?version=0`)).expect(400);
      await as(dpo, http().get(`/v1/notices/${slug}/retention-links?other=1`)).expect(400);
      await as(dpo, http().get('/v1/notices/Inte_En_Slug/retention-links')).expect(400);
      const missing = await as(dpo, http().get(`/v1/notices/${slug}/retention-links?version=9`)).expect(404);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
      await as(dpo, http().get(`/v1/notices/finns-inte-${suffix}/retention-links`)).expect(404);
      // A notice never published has nothing to check.
      const draftOnly = `bara-utkast-${suffix}`;
      await as(
        editor,
        http()
          .post('/v1/notices')
          .send(factory.notice({ id: draftOnly })),
      ).expect(201);
      await as(dpo, http().get(`/v1/notices/${draftOnly}/retention-links`)).expect(404);
    });
  });
});

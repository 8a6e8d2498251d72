import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { type RuleActivatedV1, RuleActivatedV1Event, type RuleRetiredV1, RuleRetiredV1Event, Topics } from '@insyn/contracts';
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
const RETIRED_CONSUMER = 'GoverningRulesConsumer.onRuleRetired';

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

/** retention.rule.retired.v1 for the messages rule, retired while version 3 was active. */
const retirement = (over: Partial<RuleRetiredV1> = {}): RuleRetiredV1 => ({
  ruleId: messagesRule,
  version: 3,
  unit: 'socialtjansten',
  informationType: 'secure-message',
  retiredAt: '2026-12-05T10:00:00.000Z',
  retiredBy: 'official:SE2321000230-test1',
  ...over,
});

interface Statement {
  retentionRuleRef?: string;
  ruleStatus?: string;
  retiredAt?: string;
  retiredNote?: { sv: string; en: string };
  rule?: {
    ruleId: string;
    version: number;
    retiredAt: string | null;
    after: string | null;
    period: { sv: string; en: string };
    decision: { reference: string };
  } | null;
}
interface Report {
  ok: boolean;
  version: number;
  statements: {
    index: number;
    retentionRuleRef: string | null;
    status: string;
    rule: { version: number } | null;
    retiredAt: string | null;
    problems: string[];
  }[];
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
  const handled = (eventId: string, consumer = CONSUMER) =>
    eventually(
      async () => ((await raw.collection('inbox').countDocuments({ _id: `${consumer}:${eventId}` as never })) > 0 ? true : undefined),
      20_000,
      `event ${eventId} handled`,
    );
  const stored = (ruleId: string) => raw.collection<{ _id: string }>('governing_rules').findOne({ _id: ruleId });
  const storedRetirement = (ruleId: string) => raw.collection<{ _id: string }>('governing_rule_retirements').findOne({ _id: ruleId });

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

  it('shows a retired rule as retired once retention.rule.retired.v1 arrives: JSON, HTML in both languages, JSON-LD, the DPO check, on both instances', async () => {
    // Started before the retirement: it learns of it through its own broadcast listener, not its reload.
    const other = await createTestApp(AppModule, NOTICE_SERVICE);
    try {
      const eventId = await publishEvent(RuleRetiredV1Event, retirement());
      for (const server of [app.getHttpServer(), other.getHttpServer()]) {
        const statement = await eventually(
          async () => {
            const body = (await request(server).get(`/v1/notices/${slug}`)).body as { retention?: Statement[] };
            return body.retention?.[0]?.ruleStatus === 'retired-rule' ? body.retention[0] : undefined;
          },
          20_000,
          'the messages rule retired on both instances',
        );
        expect(statement).toMatchObject({
          retentionRuleRef: messagesRule,
          ruleStatus: 'retired-rule',
          retiredAt: '2026-12-05T10:00:00.000Z',
          retiredNote: {
            sv: expect.stringContaining(`Gallringsregeln ${messagesRule} avvecklades 2026-12-05 och styr inte längre gallringen.`),
            en: expect.stringContaining(`The retention rule ${messagesRule} was retired on 2026-12-05 and no longer governs deletion.`),
          },
          // What it said while it governed stays readable.
          rule: { ruleId: messagesRule, version: 3, retiredAt: '2026-12-05T10:00:00.000Z', decision: { reference: 'KS-2025/0200' } },
        });
      }
      await handled(eventId, RETIRED_CONSUMER);
      const kept = await storedRetirement(messagesRule);
      expect(kept).toMatchObject({ version: 3, retiredAt: '2026-12-05T10:00:00.000Z', eventId });
      // Who retired it is not the notices' business.
      expect(JSON.stringify(kept)).not.toContain('SE2321000230');

      const sv = textOf((await http().get(`/v1/notices/${slug}?format=html`).expect(200)).text);
      expect(sv).toContain(
        `Observera: Gallringsregeln ${messagesRule} avvecklades 2026-12-05 och styr inte längre gallringen. ` +
          'Uppgifterna raderas inte längre enligt den, så tiden som anges här gäller inte längre.',
      );
      expect(sv).toContain(`Gallringsregel ${messagesRule} , version 3 Status Avvecklad sedan 2026-12-05`);
      const en = textOf((await http().get(`/v1/notices/${slug}?format=html&lang=en`).expect(200)).text);
      expect(en).toContain(`Note: The retention rule ${messagesRule} was retired on 2026-12-05 and no longer governs deletion.`);
      expect(en).toContain('Status Retired since 2026-12-05');

      const ld = JSON.parse((await http().get(`/v1/notices/${slug}`).set('Accept', 'application/ld+json').expect(200)).text) as {
        'dpv:hasStorageCondition': { 'dct:references'?: Record<string, unknown> }[];
      };
      expect(ld['dpv:hasStorageCondition'][0]!['dct:references']).toMatchObject({
        '@id': `insyn:retention-rule/${messagesRule}`,
        'insyn:ruleStatus': 'retired-rule',
        'insyn:retiredAt': { '@value': '2026-12-05T10:00:00.000Z', '@type': 'xsd:dateTime' },
        'dct:hasVersion': 3,
      });

      const report = (await as(dpo, http().get(`/v1/notices/${slug}/retention-links`)).expect(200)).body as Report;
      expect(report.ok).toBe(false);
      expect(report.statements.map((s) => [s.status, s.rule?.version ?? null, s.retiredAt, s.problems])).toEqual([
        ['retired-rule', 3, '2026-12-05T10:00:00.000Z', ['retired-rule']],
        ['linked', 1, null, []],
        ['no-ref', null, null, ['no-ref']],
      ]);
    } finally {
      await other.close();
    }
  });

  it('keeps the first retirement: a redelivery, a second one and a late activation change nothing', async () => {
    const before = await storedRetirement(messagesRule);
    const id = `retired-again-${suffix}`;
    await publishEvent(RuleRetiredV1Event, retirement({ retiredAt: '2027-01-01T00:00:00.000Z' }), { id });
    await handled(id, RETIRED_CONSUMER);
    // Retention never activates a retired rule (ADR 0024): an activation heard now is an old one, late.
    await handled(
      await publishEvent(
        RuleActivatedV1Event,
        activation({ version: 3, after: 'P1Y', decision: { ...activation().decision, reference: 'KS-2025/0200' } }),
      ),
    );
    await publishEvent(RuleRetiredV1Event, retirement({ retiredAt: '2027-02-01T00:00:00.000Z' }), { id });
    // Same key, same partition: once an event sent after the duplicate is handled, so is the duplicate.
    await handled(await publishEvent(RuleRetiredV1Event, retirement()), RETIRED_CONSUMER);
    expect(await storedRetirement(messagesRule)).toEqual(before);
    expect((await retentionOf())[0]).toMatchObject({ ruleStatus: 'retired-rule', retiredAt: '2026-12-05T10:00:00.000Z' });
    expect(await raw.collection('inbox').countDocuments({ _id: `${RETIRED_CONSUMER}:${id}` as never })).toBe(1);
  });

  it('keeps a retirement heard before the rule’s activation, and shows the rule retired once that arrives', async () => {
    const lateSlug = `sen-regel-${suffix}`;
    const lateRule = `sen-regel-${suffix}`;
    await as(
      editor,
      http()
        .post('/v1/notices')
        .send(factory.notice({ id: lateSlug, retention: [{ text: text('Gallras efter ett år.'), retentionRuleRef: lateRule }] })),
    ).expect(201);
    await publishNotice(app.getHttpServer(), lateSlug, tokens);

    // The two events are on different topics, in no order with each other: here the retirement first.
    await handled(await publishEvent(RuleRetiredV1Event, retirement({ ruleId: lateRule, version: 1 })), RETIRED_CONSUMER);
    expect(await stored(lateRule)).toBeNull();
    expect(await storedRetirement(lateRule)).toMatchObject({ version: 1 });
    const retiredOnly = await eventually(
      async () => {
        const [s] = await retentionOf(`/v1/notices/${lateSlug}`);
        return s?.ruleStatus === 'retired-rule' ? s : undefined;
      },
      20_000,
      'the rule known only as retired',
    );
    expect(retiredOnly).toMatchObject({ retiredAt: '2026-12-05T10:00:00.000Z', rule: null });
    const html = textOf((await http().get(`/v1/notices/${lateSlug}?format=html`).expect(200)).text);
    expect(html).toContain(`Observera: Gallringsregeln ${lateRule} avvecklades 2026-12-05`);
    expect(html).not.toContain('som inte är känd här');

    await handled(await publishEvent(RuleActivatedV1Event, activation({ ruleId: lateRule, version: 1, after: 'P1Y' })));
    expect(await stored(lateRule)).toMatchObject({ version: 1, after: 'P1Y' });
    const statement = await eventually(
      async () => {
        const [s] = await retentionOf(`/v1/notices/${lateSlug}`);
        return s?.rule ? s : undefined;
      },
      20_000,
      'the late activation shown',
    );
    expect(statement).toMatchObject({
      ruleStatus: 'retired-rule',
      rule: { version: 1, after: 'P1Y', retiredAt: '2026-12-05T10:00:00.000Z' },
    });
    const report = (await as(dpo, http().get(`/v1/notices/${lateSlug}/retention-links`)).expect(200)).body as Report;
    expect(report.problems.map((p) => [p.type, p.ref])).toEqual([['retired-rule', lateRule]]);
  });

  it('sends a malformed retirement to the dead letter and changes nothing', async () => {
    const broken = await publishEvent(RuleRetiredV1Event, retirement({ ruleId: logRule, retiredAt: 'yesterday' }));
    await probe.waitFor((all) => all.some((m) => m.topic === Topics.DeadLetterV1 && (m.value ?? '').includes(broken)));
    const letter = probe
      .on(Topics.DeadLetterV1)
      .find((m) => (m.value ?? '').includes(broken))!
      .json<{ consumer: string; reason: string; violations: { field: string }[] }>()!;
    expect(letter).toMatchObject({ consumer: RETIRED_CONSUMER, reason: 'contract-violation' });
    expect(letter.violations.map((v) => v.field)).toEqual(['data.retiredAt']);
    expect(await storedRetirement(logRule)).toBeNull();
    expect((await retentionOf())[1]).toMatchObject({ ruleStatus: 'linked', rule: { version: 1, retiredAt: null } });
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

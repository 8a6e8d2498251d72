import { describe, expect, it } from '@jest/globals';
import { governingRule, ruleRetirement } from '../../governing-rules/domain/governing-rule.fixtures.js';
import type { GoverningRule, RuleRetirement } from '../../governing-rules/domain/governing-rule.js';
import type { RuleLookup } from '../../governing-rules/governing-rules.js';
import { group, text } from '../domain/notice.fixtures.js';
import { publishedView, wordsOf } from './public-view.fixtures.js';
import { RenderedNotice } from './rendered-notice.js';

const BASE = 'https://insyn.example.se';

const view = publishedView;

/** A changeable set of known rules, like GoverningRules without the database. */
class Rules implements RuleLookup {
  generation = 0;
  private readonly rules = new Map<string, GoverningRule>();
  private readonly retirements = new Map<string, RuleRetirement>();
  set(rule: GoverningRule): void {
    this.rules.set(rule.ruleId, rule);
    this.generation++;
  }
  retire(retirement: RuleRetirement): void {
    this.retirements.set(retirement.ruleId, retirement);
    const rule = this.rules.get(retirement.ruleId);
    if (rule) this.rules.set(rule.ruleId, { ...rule, retiredAt: retirement.retiredAt });
    this.generation++;
  }
  get(ruleId: string): GoverningRule | undefined {
    return this.rules.get(ruleId);
  }
  retirement(ruleId: string): RuleRetirement | undefined {
    return this.retirements.get(ruleId);
  }
}

const citing = () =>
  view({
    retention: [
      { text: text('Meddelandena gallras två år efter att konversationen avslutats.'), retentionRuleRef: 'sakra-meddelanden-soc' },
      { text: text('Loggar gallras efter 90 dagar.'), retentionRuleRef: 'sms-avisering-logg' },
      { text: text('Övrigt gallras enligt gällande gallringsregler.') },
    ],
  });

const json = (r: RenderedNotice) => JSON.parse(r.get('json', 'sv').body.toString()) as { retention: Record<string, unknown>[] };
const textOf = wordsOf;

describe('a notice with the rules that govern its retention statements', () => {
  it('is exactly its view when no statement cites a rule', () => {
    const v = view();
    const rendered = new RenderedNotice(v, BASE, new Rules());
    expect(rendered.citesRules).toBe(false);
    expect(rendered.get('json', 'sv').body.toString()).toBe(JSON.stringify(v));
  });

  it('JSON: shows the known rule with its period and action in words, and rule: null for an unknown one', () => {
    const rules = new Rules();
    rules.set(governingRule({ version: 2 }));
    const body = json(new RenderedNotice(citing(), BASE, rules));
    expect(body.retention[0]).toMatchObject({
      retentionRuleRef: 'sakra-meddelanden-soc',
      ruleStatus: 'linked',
      rule: {
        ruleId: 'sakra-meddelanden-soc',
        version: 2,
        action: 'archive-then-delete',
        after: 'P2Y',
        period: { sv: '2 år efter att konversationen avslutats', en: '2 years after the conversation was closed' },
        actionLabel: { sv: 'Arkiveras, gallras sedan', en: 'Archived, then deleted' },
        decision: { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0113', section: 'punkt 4.2' },
      },
    });
    expect(body.retention[1]).toEqual({
      text: citing().retention[1]!.text,
      retentionRuleRef: 'sms-avisering-logg',
      ruleStatus: 'unknown-rule',
      rule: null,
    });
    expect(body.retention[2]).toEqual({ text: citing().retention[2]!.text });
  });

  it('HTML: the rule as a description list in the reader’s language, a visible note for an unknown rule', () => {
    const rules = new Rules();
    rules.set(governingRule({ version: 2 }));
    const rendered = new RenderedNotice(citing(), BASE, rules);
    const sv = rendered.get('html', 'sv').body.toString();
    const retention = /<section aria-labelledby="retention">.*?<\/section>/s.exec(sv)![0];
    expect(retention).toContain('<dl class="rule">');
    expect(textOf(retention)).toContain('Gallringsregel sakra-meddelanden-soc , version 2');
    expect(textOf(retention)).toContain('Hur länge 2 år efter att konversationen avslutats');
    expect(textOf(retention)).toContain('Vad som händer Arkiveras, gallras sedan');
    expect(textOf(retention)).toContain('Gallringsbeslut Kommunstyrelsen, 2024-03-12 , diarienummer KS-2024/0113, punkt 4.2');
    expect(retention).toContain('<time datetime="2024-03-12">');
    expect(retention).toMatch(/<p class="rule-unknown" role="note"><strong>Observera:<\/strong>[^<]*<code>sms-avisering-logg<\/code>/);

    const en = rendered.get('html', 'en').body.toString();
    expect(textOf(en)).toContain('How long 2 years after the conversation was closed');
    // The decision's own words are Swedish, and marked so on the English page.
    expect(en).toContain('<span lang="sv">Kommunstyrelsen</span>');
    expect(textOf(en)).toContain('Note: This statement refers to the retention rule sms-avisering-logg');
  });

  it('HTML: escapes what the rule says', () => {
    const rules = new Rules();
    rules.set(
      governingRule({ decision: { body: '<script>alert(1)</script>', date: '2024-03-12', reference: 'KS "1"', section: 'a & b' } }),
    );
    const html = new RenderedNotice(citing(), BASE, rules).get('html', 'sv').body.toString();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('KS &quot;1&quot;');
  });

  it('JSON-LD: keeps dct:references, and adds the version, period and the decision that requires the rule', () => {
    const rules = new Rules();
    rules.set(governingRule({ version: 2 }));
    const doc = JSON.parse(new RenderedNotice(citing(), BASE, rules).get('jsonld', 'sv').body.toString()) as Record<string, unknown>;
    const conditions = doc['dpv:hasStorageCondition'] as Record<string, unknown>[];
    expect(conditions[0]!['dct:references']).toMatchObject({
      '@id': 'insyn:retention-rule/sakra-meddelanden-soc',
      '@type': 'insyn:RetentionRule',
      'dct:identifier': 'sakra-meddelanden-soc',
      'dct:hasVersion': 2,
      'insyn:after': { '@value': 'P2Y', '@type': 'xsd:duration' },
      'dct:description': expect.arrayContaining([{ '@value': '2 år efter att konversationen avslutats', '@language': 'sv' }]),
      'dct:isRequiredBy': {
        '@type': 'insyn:Gallringsbeslut',
        'dct:creator': { 'rdfs:label': { '@value': 'Kommunstyrelsen', '@language': 'sv' } },
        'dct:date': { '@value': '2024-03-12', '@type': 'xsd:date' },
        'dct:identifier': 'KS-2024/0113',
        'insyn:section': { '@value': 'punkt 4.2', '@language': 'sv' },
      },
    });
    expect(conditions[1]!['dct:references']).toEqual({
      '@id': 'insyn:retention-rule/sms-avisering-logg',
      'dct:identifier': 'sms-avisering-logg',
      'insyn:ruleStatus': 'unknown-rule',
    });
    expect(conditions[2]!['dct:references']).toBeUndefined();
  });

  it('is rendered again when a cited rule changes, and only then; the YAML never changes', () => {
    const rules = new Rules();
    const rendered = new RenderedNotice(citing(), BASE, rules);
    const first = { json: rendered.get('json', 'sv').etag, html: rendered.get('html', 'sv').etag, yaml: rendered.get('yaml', 'sv').etag };
    expect(json(rendered).retention[0]).toMatchObject({ ruleStatus: 'unknown-rule' });

    rules.set(governingRule({ ruleId: 'en-annan-regel' }));
    expect(rendered.get('json', 'sv').etag).toBe(first.json);

    rules.set(governingRule({ version: 1 }));
    expect(rendered.get('json', 'sv').etag).not.toBe(first.json);
    expect(rendered.get('html', 'sv').etag).not.toBe(first.html);
    expect(rendered.get('yaml', 'sv').etag).toBe(first.yaml);
    expect(json(rendered).retention[0]).toMatchObject({ ruleStatus: 'linked', rule: { version: 1 } });

    rules.set(governingRule({ version: 2, after: 'P1Y' }));
    expect(json(rendered).retention[0]).toMatchObject({ rule: { version: 2, period: { sv: '1 år efter att konversationen avslutats' } } });
    expect(rendered.view.retention[0]).not.toHaveProperty('rule');
  });
});

describe('a notice whose statement cites a retired rule (retention.rule.retired.v1)', () => {
  /** Retired at 23:30 UTC on 5 December: the 6th in Sweden, the day the notices give. */
  const RETIRED_AT = '2026-12-05T23:30:00.000Z';
  const retiredRules = () => {
    const rules = new Rules();
    rules.set(governingRule({ version: 2 }));
    rules.retire(ruleRetirement({ version: 2, retiredAt: RETIRED_AT }));
    // A rule retired before any activation of it was heard here.
    rules.retire(ruleRetirement({ ruleId: 'sms-avisering-logg', version: null, retiredAt: RETIRED_AT }));
    return rules;
  };

  it('JSON: ruleStatus retired-rule, when, and what it means in both languages, with the rule as last active', () => {
    const body = json(new RenderedNotice(citing(), BASE, retiredRules()));
    expect(body.retention[0]).toMatchObject({
      retentionRuleRef: 'sakra-meddelanden-soc',
      ruleStatus: 'retired-rule',
      retiredAt: RETIRED_AT,
      retiredNote: {
        sv: 'Gallringsregeln sakra-meddelanden-soc avvecklades 2026-12-06 och styr inte längre gallringen. Uppgifterna raderas inte längre enligt den, så tiden som anges här gäller inte längre.',
        en: 'The retention rule sakra-meddelanden-soc was retired on 2026-12-06 and no longer governs deletion. The data are no longer deleted under it, so the period stated here no longer applies.',
      },
      rule: { ruleId: 'sakra-meddelanden-soc', version: 2, retiredAt: RETIRED_AT, decision: { reference: 'KS-2024/0113' } },
    });
    expect(body.retention[1]).toMatchObject({ ruleStatus: 'retired-rule', retiredAt: RETIRED_AT, rule: null });
    expect(body.retention[2]).toEqual({ text: citing().retention[2]!.text });
  });

  it('HTML: a visible note under the statement, and the rule’s list says retired since when, in both languages', () => {
    const rendered = new RenderedNotice(citing(), BASE, retiredRules());
    const sv = /<section aria-labelledby="retention">.*?<\/section>/s.exec(rendered.get('html', 'sv').body.toString())![0];
    expect(sv).toMatch(
      /<p class="rule-retired" role="note"><strong>Observera:<\/strong> Gallringsregeln <code>sakra-meddelanden-soc<\/code> avvecklades <time datetime="2026-12-06">/,
    );
    expect(textOf(sv)).toContain('styr inte längre gallringen. Uppgifterna raderas inte längre enligt den');
    expect(textOf(sv)).toContain('Gallringsregel sakra-meddelanden-soc , version 2 Status Avvecklad sedan 2026-12-06');
    // Known only as retired: the note, no list, and not the note of an unknown rule.
    expect(sv).toMatch(/<p class="rule-retired" role="note"><strong>Observera:<\/strong> Gallringsregeln <code>sms-avisering-logg<\/code>/);
    expect(sv).not.toContain('rule-unknown');
    expect(sv.match(/<dl class="rule">/g)).toHaveLength(1);

    const en = textOf(rendered.get('html', 'en').body.toString());
    expect(en).toContain('Note: The retention rule sakra-meddelanden-soc was retired on 2026-12-06 and no longer governs deletion.');
    expect(en).toContain('Status Retired since 2026-12-06');
  });

  it('JSON-LD: insyn:ruleStatus retired-rule, insyn:retiredAt and the note as rdfs:comment, beside the last version', () => {
    const doc = JSON.parse(new RenderedNotice(citing(), BASE, retiredRules()).get('jsonld', 'sv').body.toString()) as Record<
      string,
      unknown
    >;
    const conditions = doc['dpv:hasStorageCondition'] as Record<string, unknown>[];
    expect(conditions[0]!['dct:references']).toMatchObject({
      '@id': 'insyn:retention-rule/sakra-meddelanden-soc',
      'insyn:ruleStatus': 'retired-rule',
      'insyn:retiredAt': { '@value': RETIRED_AT, '@type': 'xsd:dateTime' },
      'rdfs:comment': [
        { '@value': expect.stringContaining('avvecklades 2026-12-06'), '@language': 'sv' },
        { '@value': expect.stringContaining('was retired on 2026-12-06'), '@language': 'en' },
      ],
      'dct:hasVersion': 2,
      'dct:isRequiredBy': { 'dct:identifier': 'KS-2024/0113' },
    });
    expect(conditions[1]!['dct:references']).toMatchObject({
      '@id': 'insyn:retention-rule/sms-avisering-logg',
      'insyn:ruleStatus': 'retired-rule',
      'insyn:retiredAt': { '@value': RETIRED_AT, '@type': 'xsd:dateTime' },
    });
  });

  it('is rendered again when a cited rule is retired; the YAML never changes', () => {
    const rules = new Rules();
    rules.set(governingRule({ version: 2 }));
    const rendered = new RenderedNotice(citing(), BASE, rules);
    const first = { json: rendered.get('json', 'sv').etag, html: rendered.get('html', 'en').etag, yaml: rendered.get('yaml', 'sv').etag };
    expect(json(rendered).retention[0]).toMatchObject({ ruleStatus: 'linked' });

    rules.retire(ruleRetirement({ version: 2, retiredAt: RETIRED_AT }));
    expect(rendered.get('json', 'sv').etag).not.toBe(first.json);
    expect(rendered.get('html', 'en').etag).not.toBe(first.html);
    expect(rendered.get('yaml', 'sv').etag).toBe(first.yaml);
    expect(json(rendered).retention[0]).toMatchObject({ ruleStatus: 'retired-rule', rule: { version: 2, retiredAt: RETIRED_AT } });
  });
});

describe('a consent purpose that asks for a signature', () => {
  const signed = () =>
    view({ legalBasisGroups: [group('allmant', ['6.1.e']), { ...group('sms', ['6.1.a']), consent: { signature: 'required' } }] });

  it('says so under its group in the HTML, in both languages, and in the JSON-LD part of that group only', () => {
    const rendered = new RenderedNotice(signed(), BASE, new Rules());
    expect(textOf(rendered.get('html', 'sv').body.toString())).toContain('Du ger samtycket genom att signera texten med BankID.');
    expect(textOf(rendered.get('html', 'en').body.toString())).toContain('You give this consent by signing its text with BankID.');
    const doc = JSON.parse(rendered.get('jsonld', 'sv').body.toString()) as { 'dct:hasPart': Record<string, unknown>[] };
    expect(doc['dct:hasPart'].map((p) => p['insyn:consentSignature'] ?? null)).toEqual([null, 'required']);
    expect(json(rendered)).toMatchObject({ legalBasisGroups: [{ id: 'allmant' }, { id: 'sms', consent: { signature: 'required' } }] });
  });

  it('is not mentioned where no group asks for one', () => {
    expect(new RenderedNotice(view(), BASE, new Rules()).get('html', 'sv').body.toString()).not.toContain('consent-signed');
  });
});

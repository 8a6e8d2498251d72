import { periodInWords } from '../../governing-rules/domain/rule-wording.js';
import { dataCategoryIn } from '../domain/dataCategories.js';
import type { RetentionLink } from '../domain/retention-links.js';
import {
  isSfsCitation,
  type LawCitation,
  type LegalBasisCode,
  type Localised,
  type OrganisationRole,
  RIGHT_CODES,
  type RightCode,
} from '../domain/notice.model.js';
import { formatCitation, sfsIriPath } from './citations.js';
import { retiredNote } from './governing-rule-view.js';
import { RIGHT_CAVEATS } from './labels.js';
import type { PublicNoticeView } from './public-view.js';

/**
 * Personal-data categories as W3C DPV `pd:` concepts (checked against w3c/dpv 2.2/pd/pd.csv); a code
 * with no DPV concept gets an IRI of our own.
 */
const PD: Record<string, string> = {
  name: 'pd:Name',
  personnummer: 'pd:OfficialID',
  samordningsnummer: 'pd:OfficialID',
  address: 'pd:PhysicalAddress',
  email: 'pd:EmailAddress',
  phone: 'pd:TelephoneNumber',
  'work-phone': 'pd:TelephoneNumber',
  'ip-address': 'pd:IPAddress',
  'social-economic-situation': 'pd:SocialStatus',
  financial: 'pd:Financial',
  'special-categories': 'dpv:SpecialCategoryPersonalData',
  health: 'pd:Health',
  'ethnic-origin': 'pd:EthnicOrigin',
  'political-opinions': 'pd:PoliticalOpinion',
  'religious-beliefs': 'pd:ReligiousBelief',
  'trade-union-membership': 'pd:TradeUnionMembership',
  genetic: 'pd:Genetic',
  biometric: 'pd:Biometric',
  'sex-life-orientation': 'pd:Sexual',
  offences: 'pd:Criminal',
};

/** The organisation's roles as DPV entity types. */
const ROLE_TYPES: Record<OrganisationRole, string> = {
  controller: 'dpv:DataController',
  processor: 'dpv:DataProcessor',
  'joint-controller': 'dpv:JointDataControllers',
};

/** Rights as `eu-gdpr:` concepts (w3c/dpv legal/eu/gdpr rights module). */
const RIGHT_IRI: Record<RightCode, string> = {
  access: 'eu-gdpr:A15',
  rectification: 'eu-gdpr:A16',
  erasure: 'eu-gdpr:A17',
  restriction: 'eu-gdpr:A18',
  portability: 'eu-gdpr:A20',
  objection: 'eu-gdpr:A21',
  'withdraw-consent': 'eu-gdpr:A7-3',
};

/** `6.1.e` → `eu-gdpr:A6-1-e`, `9.2.h` → `eu-gdpr:A9-2-h`, `10` → `eu-gdpr:A10`. */
export function legalBasisIri(code: LegalBasisCode): string {
  return `eu-gdpr:A${code.replace(/\./g, '-')}`;
}

function text(l: Localised | undefined): { '@value': string; '@language': string }[] | undefined {
  if (!l) return undefined;
  return [{ '@value': l.sv, '@language': 'sv' }, ...(l.en ? [{ '@value': l.en, '@language': 'en' }] : [])];
}

/**
 * The notice as JSON-LD with the W3C Data Privacy Vocabulary: one `dpv:Process` with controller, DPO,
 * purposes, legal bases (GDPR and Swedish provisions), personal data, data subjects, recipients,
 * storage conditions and the rights that apply; one nested process per legal-basis context.
 */
export function renderNoticeJsonLd(
  n: PublicNoticeView,
  baseUrl: string,
  retentionLinks: readonly RetentionLink[] = [],
): Record<string, unknown> {
  const notice = `${baseUrl}/v1/notices/${n.id}`;
  // A controller is identified by its organisation number; one the notice gives none for, by the notice.
  const controllerId = n.controller.organisationNumber
    ? `${baseUrl}/v1/controllers/${n.controller.organisationNumber}`
    : `${notice}/versions/${n.version}#controller`;
  const personalData = (code: string) => {
    const def = dataCategoryIn(n.customDataCategories, code);
    const own = n.customDataCategories?.find((c) => c.code === code);
    return {
      '@id': PD[code] ?? `insyn:data-category/${code}`,
      ...(def ? { 'rdfs:label': text(own ? own.label : def.label) } : {}),
      ...(def?.art9 ? { '@type': 'dpv:SpecialCategoryPersonalData' } : {}),
    };
  };
  const subject = (s: { label: Localised }) => ({ '@type': 'dpv:DataSubject', 'rdfs:label': text(s.label) });
  const lawId = (path: string) => `${baseUrl}/v1/law/${path}`;
  const bases = n.legalBasisGroups.flatMap((g) => g.bases);
  return {
    '@context': {
      dpv: 'https://w3id.org/dpv#',
      'eu-gdpr': 'https://w3id.org/dpv/legal/eu/gdpr#',
      'legal-se': 'https://w3id.org/dpv/legal/se#',
      pd: 'https://w3id.org/dpv/pd#',
      dct: 'http://purl.org/dc/terms/',
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      insyn: `${baseUrl}/v1/vocab#`,
    },
    '@id': `${notice}/versions/${n.version}`,
    '@type': 'dpv:Process',
    'dct:title': text(n.title),
    'dct:description': text(n.summary),
    'dct:identifier': n.id,
    'dct:isVersionOf': { '@id': notice },
    'dct:hasVersion': n.version,
    'dct:issued': { '@value': n.publishedAt, '@type': 'xsd:date' },
    'dct:language': n.languages,
    ...(n.sourceUrl ? { 'dct:source': { '@id': n.sourceUrl } } : {}),
    'dpv:hasDataController': {
      '@id': controllerId,
      '@type': 'dpv:DataController',
      'rdfs:label': text(n.controller.name),
      ...(n.controller.organisationNumber ? { 'dct:identifier': n.controller.organisationNumber } : {}),
      'dpv:hasContact': contact(n.controller.contact),
      // Its roles as the notice states them: processor on behalf of named controllers, joint controller with others.
      ...(n.roles?.length
        ? {
            'insyn:role': n.roles.map((r) => ({
              '@type': ROLE_TYPES[r.role],
              ...(r.organisations?.length ? { 'insyn:withOrganisation': r.organisations.map((o) => ({ 'rdfs:label': text(o) })) } : {}),
              ...(r.description ? { 'dct:description': text(r.description) } : {}),
            })),
          }
        : {}),
    },
    'dpv:hasDataProtectionOfficer': {
      '@type': 'dpv:DataProtectionOfficer',
      ...(n.dpo.personName ? { 'rdfs:label': n.dpo.personName } : {}),
      'dpv:hasContact': contact(n.dpo),
    },
    'dpv:hasPurpose': n.purposes.map((p) => ({ '@type': 'dpv:Purpose', 'dct:description': text(p) })),
    'dpv:hasLegalBasis': [...new Set(bases.map((b) => legalBasisIri(b.code)))].map((id) => ({ '@id': id })),
    'dct:hasPart': n.legalBasisGroups.map((g) => ({
      '@id': `${notice}/versions/${n.version}#${g.id}`,
      '@type': 'dpv:Process',
      'dct:description': text(g.context),
      'dpv:hasLegalBasis': g.bases.map((b) => ({ '@id': legalBasisIri(b.code) })),
      // Consent given by signing its text with e-ID: Insyn's own term (DPV has no property for how consent is collected).
      ...(g.consent?.signature === 'required' ? { 'insyn:consentSignature': 'required' } : {}),
      ...(g.dataSubjects?.length
        ? { 'dpv:hasDataSubject': g.dataSubjects.flatMap((id) => n.dataSubjectCategories.filter((s) => s.id === id)).map(subject) }
        : {}),
      ...(g.dataCategories?.length ? { 'dpv:hasPersonalData': g.dataCategories.map(personalData) } : {}),
      'dpv:hasRight': rightsIn(n, [g.id], lawId),
      'dpv:hasApplicableLaw': g.bases.flatMap((b) => b.national ?? []).map((c) => lawNode(c, lawId)),
    })),
    'dpv:hasPersonalData': n.dataCategories.map((c) => personalData(c.code)),
    'dpv:hasDataSubject': n.dataSubjectCategories.map(subject),
    'dpv:hasRecipient': n.recipients.map((r) => ({
      '@type': r.kind === 'processor' ? 'dpv:DataProcessor' : r.kind === 'joint-controller' ? 'dpv:JointDataControllers' : 'dpv:Recipient',
      'rdfs:label': text(r.name),
      ...(r.description ? { 'dct:description': text(r.description) } : {}),
    })),
    ...(n.thirdCountryTransfers?.length
      ? {
          'dpv:hasThirdCountry': n.thirdCountryTransfers.map((t) => ({
            '@id': `https://w3id.org/dpv/loc#${t.country}`,
            'dct:description': text(t.description),
            'insyn:safeguard': t.safeguard,
          })),
        }
      : {}),
    // What the notice states and nothing more: an empty list is its own "none"; absent, nothing is said.
    ...(n.thirdCountryTransfers?.length === 0 ? { 'insyn:statesNoThirdCountryTransfer': true } : {}),
    ...(n.automatedDecisions === undefined
      ? {}
      : n.automatedDecisions.length === 0
        ? { 'insyn:statesNoAutomatedDecision': true }
        : {
            'insyn:automatedDecision': n.automatedDecisions.map((d) => ({
              '@type': 'dpv:AutomatedDecisionMaking',
              'dct:description': text(d.description),
              'insyn:logic': text(d.logic),
              'insyn:consequences': text(d.consequences),
            })),
          }),
    ...(n.excludedDataCategories?.length ? { 'insyn:notProcessed': n.excludedDataCategories.map((c) => personalData(c.code)) } : {}),
    ...(n.sources?.length
      ? { 'dpv:hasDataSource': n.sources.map((src) => ({ '@type': 'dpv:DataSource', 'dct:description': text(src.description) })) }
      : {}),
    ...(n.personnummerJustification ? { 'insyn:personnummerJustification': text(n.personnummerJustification) } : {}),
    ...(n.legalBasisSummary ? { 'insyn:legalBasisSummary': text(n.legalBasisSummary) } : {}),
    'dpv:hasStorageCondition': n.retention.map((r, i) => ({
      '@type': 'dpv:StorageDuration',
      'dct:description': text(r.text),
      ...(r.retentionRuleRef ? { 'dct:references': ruleNode(r.retentionRuleRef, retentionLinks[i]) } : {}),
    })),
    // Rights that hold for the whole processing; those that hold only in one context sit on its part.
    'dpv:hasRight': rightsIn(
      n,
      n.legalBasisGroups.map((g) => g.id),
      lawId,
    ),
    ...(n.archiving
      ? {
          'insyn:archiving': {
            'dct:description': text(n.archiving.text),
            'dpv:hasApplicableLaw': n.archiving.law.map((c) => lawNode(c, lawId)),
          },
        }
      : {}),
    ...(n.definitions?.length
      ? { 'insyn:definition': n.definitions.map((d) => ({ 'rdfs:label': text(d.term), 'dct:description': text(d.text) })) }
      : {}),
    'dpv:hasAuthority': { '@id': 'legal-se:DPA-SE', 'rdfs:label': text(n.contacts.supervisoryAuthority.name) },
  };
}

/**
 * The rule a storage condition cites. Known: its version, period (in words and as an `xsd:duration`),
 * action, and the gallringsbeslut that requires it as a node of its own (who decided, when, under which
 * diarienummer and point of the plan). Retired: `insyn:ruleStatus` says so, with when
 * (`insyn:retiredAt`) and what it means for the reader (`rdfs:comment`, sv and en), beside whatever is
 * known of its last version. Unknown: said so, never left out.
 */
function ruleNode(ref: string, link: RetentionLink | undefined): Record<string, unknown> {
  const id = `insyn:retention-rule/${ref}`;
  const rule = link?.rule;
  const retiredAt = link?.status === 'retired-rule' ? link.retiredAt : null;
  const note = retiredAt !== null ? retiredNote(ref, retiredAt) : null;
  const retired =
    retiredAt !== null && note !== null
      ? {
          'insyn:retiredAt': { '@value': retiredAt, '@type': 'xsd:dateTime' },
          'rdfs:comment': [
            { '@value': note.sv, '@language': 'sv' },
            { '@value': note.en, '@language': 'en' },
          ],
        }
      : {};
  const status = retiredAt !== null ? 'retired-rule' : rule ? 'linked' : 'unknown-rule';
  if (!rule) return { '@id': id, 'dct:identifier': ref, 'insyn:ruleStatus': status, ...retired };
  const d = rule.decision;
  return {
    '@id': id,
    '@type': 'insyn:RetentionRule',
    'dct:identifier': ref,
    'insyn:ruleStatus': status,
    ...retired,
    'dct:hasVersion': rule.version,
    'dct:description': [
      { '@value': periodInWords(rule, 'sv'), '@language': 'sv' },
      { '@value': periodInWords(rule, 'en'), '@language': 'en' },
    ],
    'insyn:action': rule.action,
    ...(rule.after !== null ? { 'insyn:after': { '@value': rule.after, '@type': 'xsd:duration' } } : {}),
    'insyn:trigger': rule.trigger,
    'dct:isRequiredBy': {
      '@type': 'insyn:Gallringsbeslut',
      'dct:creator': { 'rdfs:label': { '@value': d.body, '@language': 'sv' } },
      'dct:date': { '@value': d.date, '@type': 'xsd:date' },
      'dct:identifier': d.reference,
      'insyn:section': { '@value': d.section, '@language': 'sv' },
    },
  };
}

/**
 * The rights that apply in every one of `groups` (plus the right to complain to IMY, art. 77), each with
 * what the page says under it: the overrides that limit it in those groups (`insyn:limitation`, with the
 * reason and the law) and what the law attaches to it (`insyn:caveat`, e.g. art. 21.1).
 */
function rightsIn(n: PublicNoticeView, groups: string[], lawId: (path: string) => string): Record<string, unknown>[] {
  const applying = RIGHT_CODES.filter((r) => n.rights[r].applies && groups.every((g) => n.rights[r].appliesIn.includes(g)));
  return [
    ...applying.map((r) => {
      const limits = n.rights[r].limitedBy.filter((o) => o.groupId === undefined || groups.includes(o.groupId));
      const caveat = RIGHT_CAVEATS[r];
      return {
        '@id': RIGHT_IRI[r],
        ...(limits.length
          ? {
              'insyn:limitation': limits.map((o) => ({
                'insyn:effect': o.effect,
                'dct:description': text(o.reason),
                'dpv:hasApplicableLaw': lawNode(o.law, lawId),
              })),
            }
          : {}),
        ...(caveat
          ? {
              'insyn:caveat': {
                'dct:description': [
                  { '@value': caveat.text.sv, '@language': 'sv' },
                  { '@value': caveat.text.en, '@language': 'en' },
                ],
                'dpv:hasApplicableLaw': { '@id': `eu-gdpr:A${caveat.article.replace(/\./g, '-')}` },
              },
            }
          : {}),
      };
    }),
    { '@id': 'eu-gdpr:A77' },
  ];
}

/** A cited provision: a Swedish one with its IRI of ours, a GDPR article as its `eu-gdpr:` concept. */
function lawNode(c: LawCitation, lawId: (path: string) => string): Record<string, unknown> {
  if (isSfsCitation(c))
    return { '@id': lawId(sfsIriPath(c)), '@type': 'dpv:Law', 'rdfs:label': text(c.label), 'dct:identifier': `SFS ${c.sfs}` };
  return { '@id': `eu-gdpr:A${c.gdpr.replace(/\./g, '-')}`, 'rdfs:label': text(c.label), 'dct:identifier': formatCitation(c, 'sv') };
}

function contact(c: { email?: string; phone?: string; web?: string }): Record<string, string>[] {
  return [
    ...(c.email ? [{ '@id': `mailto:${c.email}` }] : []),
    ...(c.phone ? [{ '@id': `tel:${c.phone.replace(/[^\d+]/g, '')}` }] : []),
    ...(c.web ? [{ '@id': c.web }] : []),
  ];
}

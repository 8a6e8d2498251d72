import type { Contact, Language, Localised, PostalAddress } from '../domain/notice.model.js';
import { actionInWords, periodInWords, swedishDay } from '../../governing-rules/domain/rule-wording.js';
import { dataCategoryIn } from '../domain/dataCategories.js';
import type { RetentionLink } from '../domain/retention-links.js';
import { RIGHT_CODES } from '../domain/notice.model.js';
import { formatCitation, formatSfs } from './citations.js';
import {
  basisLabel,
  CONTACT_TARGET_LABELS,
  pick,
  RECIPIENT_KIND_LABELS,
  RIGHT_CAVEATS,
  RIGHT_LABELS,
  ROLE_LABELS,
  TEXT,
  TRANSFER_LABELS,
} from './labels.js';
import type { PublicNoticeView } from './public-view.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Localised text, with `lang` on the element when it falls back to Swedish (WCAG 3.1.2). */
function t(text: Localised | undefined, lang: Language, tag = 'span'): string {
  const p = pick(text, lang);
  return p.lang === lang ? esc(p.text) : `<${tag} lang="${p.lang}">${esc(p.text)}</${tag}>`;
}

const L = (key: keyof typeof TEXT, lang: Language) => esc(TEXT[key][lang]);

function address(a: PostalAddress): string {
  return [...a.lines, `${a.postalCode} ${a.city}`].map(esc).join('<br>');
}

function contactList(c: Contact, lang: Language): string {
  const rows: string[] = [];
  if (c.email) rows.push(`<li>${L('email', lang)}: <a href="mailto:${esc(c.email)}">${esc(c.email)}</a></li>`);
  if (c.phone) rows.push(`<li>${L('phone', lang)}: <a href="tel:${esc(c.phone.replace(/[^\d+]/g, ''))}">${esc(c.phone)}</a></li>`);
  if (c.web) rows.push(`<li>${L('web', lang)}: <a href="${esc(c.web)}">${esc(c.web)}</a></li>`);
  if (c.address) rows.push(`<li>${L('postal', lang)}:<address>${address(c.address)}</address></li>`);
  return rows.length ? `<ul class="contact">${rows.join('')}</ul>` : '';
}

const list = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '');
const section = (id: string, heading: string, body: string) =>
  `<section aria-labelledby="${id}"><h2 id="${id}">${heading}</h2>${body}</section>`;

/** Text the rule or decision wrote in Swedish, marked as such on the English page (WCAG 3.1.2). */
const sv = (s: string, lang: Language) => (lang === 'sv' ? esc(s) : `<span lang="sv">${esc(s)}</span>`);

/**
 * One retention statement and, when it cites a rule, the rule that governs it (id, version, period,
 * action, decision) as a description list, or a visible note that the rule is not known. A retired rule
 * gets a visible note right under the statement (it no longer governs deletion, since when), and its
 * list, when its last version is known, says so first.
 */
function retentionStatement(text: Localised, link: RetentionLink | undefined, lang: Language): string {
  const p = `<p>${t(text, lang)}</p>`;
  if (!link || link.status === 'no-ref' || link.ref === null) return p;
  const ref = `<code>${esc(link.ref)}</code>`;
  const retiredOn = link.retiredAt !== null ? swedishDay(link.retiredAt) : null;
  const day = retiredOn !== null ? `<time datetime="${esc(retiredOn)}">${esc(retiredOn)}</time>` : '';
  const retiredNote =
    retiredOn !== null
      ? `<p class="rule-retired" role="note"><strong>${L('note', lang)}:</strong> ${esc(TEXT.ruleRetired[lang])
          .replace('{ref}', () => ref)
          .replace('{date}', () => day)}</p>`
      : '';
  if (!link.rule) {
    if (retiredNote) return `<div class="retention-statement">${p}${retiredNote}</div>`;
    const note = esc(TEXT.ruleUnknown[lang]).replace('{ref}', ref);
    return `<div class="retention-statement">${p}<p class="rule-unknown" role="note"><strong>${L('note', lang)}:</strong> ${note}</p></div>`;
  }
  const r = link.rule;
  const d = r.decision;
  const decision =
    `${sv(d.body, lang)}, <time datetime="${esc(d.date)}">${esc(d.date)}</time>, ` +
    `${L('decisionReference', lang)} ${sv(d.reference, lang)}, ${sv(d.section, lang)}`;
  const state =
    retiredOn !== null ? `<dt>${L('ruleState', lang)}</dt><dd>${L('ruleRetiredSince', lang).replace('{date}', () => day)}</dd>` : '';
  return (
    `<div class="retention-statement">${p}${retiredNote}<dl class="rule">` +
    `<dt>${L('governingRule', lang)}</dt><dd>${ref}, ${L('version', lang).toLowerCase()} ${r.version}</dd>` +
    state +
    `<dt>${L('rulePeriod', lang)}</dt><dd>${esc(periodInWords(r, lang))}</dd>` +
    `<dt>${L('ruleAction', lang)}</dt><dd>${esc(actionInWords(r.action, lang))}</dd>` +
    `<dt>${L('ruleDecision', lang)}</dt><dd>${decision}</dd>` +
    `</dl></div>`
  );
}

export interface HtmlLinks {
  /** Path of this notice version, without query, e.g. `/v1/notices/sakra-meddelanden/versions/2`. */
  self: string;
  versions: string;
}

/**
 * The notice as an accessible page (WCAG 2.1 AA): one h1, a heading per part, real lists, contacts in
 * `<address>`, the page language and every fallback passage marked with `lang`, a skip link, visible
 * focus, no layout tables and no information carried by colour alone.
 */
export function renderNoticeHtml(
  n: PublicNoticeView,
  requested: Language,
  links: HtmlLinks,
  retentionLinks: readonly RetentionLink[] = [],
): string {
  // A page in a language the notice is not written in would put our headings around the notice's
  // Swedish text: such a page is the notice's own language throughout, with a note in the one asked for.
  const lang = n.languages.includes(requested) ? requested : n.languages[0]!;
  const others = n.languages.filter((l) => l !== lang);
  const title = pick(n.title, lang);
  const controllerName = pick(n.controller.name, lang);

  const purposes = list(n.purposes.map((p) => t(p, lang)));

  // A category of the notice's own has its label in the notice's languages; the code list's in both.
  const categoryName = (code: string) => {
    const own = n.customDataCategories?.find((c) => c.code === code);
    return own ? t(own.label, lang) : esc(dataCategoryIn(undefined, code)?.label[lang] ?? code);
  };
  const categories = list(
    n.dataCategories.map((c) => {
      const def = dataCategoryIn(n.customDataCategories, c.code);
      const flags = [def?.art9 ? L('special', lang) : '', def?.art10 ? L('offence', lang) : ''].filter(Boolean);
      return `${categoryName(c.code)}${c.note ? ` (${t(c.note, lang)})` : ''}${flags.length ? ` <span class="flag">– ${flags.join(', ')}</span>` : ''}`;
    }),
  );
  const excluded = n.excludedDataCategories?.length
    ? `<p>${L('notProcessed', lang)}:</p>${list(n.excludedDataCategories.map((c) => `${categoryName(c.code)}${c.note ? ` (${t(c.note, lang)})` : ''}`))}`
    : '';
  // Whom and which data a group's bases cover, when the notice says so per group.
  const subjectName = (id: string) => {
    const s = n.dataSubjectCategories.find((x) => x.id === id);
    return s ? t(s.label, lang) : esc(id);
  };
  const dataMap = (g: (typeof n.legalBasisGroups)[number]) =>
    (g.dataSubjects?.length ? `<p><strong>${L('groupSubjects', lang)}:</strong> ${g.dataSubjects.map(subjectName).join(', ')}</p>` : '') +
    (g.dataCategories?.length ? `<p><strong>${L('groupData', lang)}:</strong> ${g.dataCategories.map(categoryName).join(', ')}</p>` : '');

  const groups = n.legalBasisGroups
    .map((g) => {
      const bases = g.bases.map((b) => {
        const national = b.national?.length ? list(b.national.map((c) => esc(formatSfs(c, lang)))) : '';
        const description = b.description ? `<p>${t(b.description, lang)}</p>` : '';
        const safeguards = b.safeguards?.length
          ? `<p>${L('safeguards', lang)}:</p>${list(b.safeguards.map((s) => `${t(s.text, lang)} (${s.law.map((c) => esc(formatCitation(c, lang))).join('; ')})`))}`
          : '';
        return `<strong>${esc(basisLabel(b.code, lang))}</strong>${description}${national}${safeguards}`;
      });
      const signed = g.consent?.signature === 'required' ? `<p class="consent-signed">${L('consentSigned', lang)}</p>` : '';
      return `<h3>${t(g.context, lang)}</h3>${dataMap(g)}${list(bases)}${signed}`;
    })
    .join('');
  const legal =
    (n.legalBasisSummary ? `<p>${t(n.legalBasisSummary, lang)}</p>` : '') +
    groups +
    (n.personnummerJustification ? `<h3>${L('personnummer', lang)}</h3><p>${t(n.personnummerJustification, lang)}</p>` : '');

  const recipients = list(
    n.recipients.map(
      (r) => `${esc(RECIPIENT_KIND_LABELS[r.kind][lang])}: ${t(r.name, lang)}${r.description ? ` – ${t(r.description, lang)}` : ''}`,
    ),
  );
  // Art. 13.1 f and 13.2 f: shown only as the notice states them (an empty list is its "none"); a notice
  // silent on them is not made to say "no".
  const transfers =
    n.thirdCountryTransfers === undefined
      ? ''
      : `<h3>${L('transfers', lang)}</h3>` +
        (n.thirdCountryTransfers.length
          ? list(
              n.thirdCountryTransfers.map(
                (x) => `${esc(x.country)}: ${t(x.description, lang)} (${esc(TRANSFER_LABELS[x.safeguard][lang])})`,
              ),
            )
          : `<p>${L('noTransfers', lang)}</p>`);
  const sources = n.sources?.length ? `<h3>${L('sources', lang)}</h3>${list(n.sources.map((s) => t(s.description, lang)))}` : '';

  const retention = n.retention.map((r, i) => retentionStatement(r.text, retentionLinks[i], lang)).join('');
  const automated =
    n.automatedDecisions === undefined
      ? ''
      : n.automatedDecisions.length
        ? list(
            n.automatedDecisions.map(
              (d) =>
                `${t(d.description, lang)}<br>${L('logic', lang)}: ${t(d.logic, lang)}<br>${L('consequences', lang)}: ${t(d.consequences, lang)}`,
            ),
          )
        : `<p>${L('noAutomated', lang)}</p>`;

  const groupName = (id: string) => {
    const g = n.legalBasisGroups.find((x) => x.id === id);
    return g ? t(g.context, lang) : esc(id);
  };
  const article = lang === 'sv' ? 'artikel' : 'article';
  const applying = RIGHT_CODES.filter((r) => n.rights[r].applies).map((r) => {
    const d = n.rights[r];
    const partial = d.appliesIn.length < new Set(d.grants.map((g) => g.groupId)).size || d.appliesIn.length < n.legalBasisGroups.length;
    const scope = partial && n.legalBasisGroups.length > 1 ? ` (${esc(TEXT.onlyIn[lang])}: ${d.appliesIn.map(groupName).join(', ')})` : '';
    const limits = d.limitedBy.map((o) => `<br>${L('limited', lang)}: ${t(o.reason, lang)} (${esc(formatCitation(o.law, lang))})`).join('');
    const caveat = RIGHT_CAVEATS[r];
    const caveatText = caveat ? `<br>${esc(caveat.text[lang])} <span class="article">(${article} ${caveat.article})</span>` : '';
    return `${esc(RIGHT_LABELS[r][lang])} <span class="article">(${article} ${esc(d.article)})</span>${scope}${limits}${caveatText}`;
  });
  const notApplying = RIGHT_CODES.filter((r) => !n.rights[r].applies).map((r) => esc(RIGHT_LABELS[r][lang]));
  const rights = `<p>${L('rightsIntro', lang)}</p>${list(applying)}${notApplying.length ? `<p>${L('rightsNotApplicable', lang)}:</p>${list(notApplying)}` : ''}`;

  const routes = (rs: typeof n.contacts.questions) =>
    list(rs.map((r) => `<strong>${esc(CONTACT_TARGET_LABELS[r.to][lang])}</strong>: ${t(r.text, lang)}`));
  const dpoName = [n.dpo.personName ? esc(n.dpo.personName) : '', n.dpo.title ? t(n.dpo.title, lang) : ''].filter(Boolean).join(', ');
  const contacts =
    routes(n.contacts.questions) +
    `<h3>${L('controller', lang)}</h3><p>${t(n.controller.name, lang)}${n.controller.organisationNumber ? `<br>${L('orgNumber', lang)}: ${esc(n.controller.organisationNumber)}` : ''}</p>${contactList(n.controller.contact, lang)}` +
    `<h3>${L('dpo', lang)}</h3>${dpoName ? `<p>${dpoName}</p>` : ''}${contactList(n.dpo, lang)}`;
  const sa = n.contacts.supervisoryAuthority;
  // The name as the notice writes it ("Integritetsskyddsmyndigheten (IMY)"): the code is not added again.
  const complaints = routes(n.contacts.complaints) + `<h3>${t(sa.name, lang)}</h3>${contactList(sa, lang)}`;

  const roles = n.roles?.length
    ? list(
        n.roles.map((r) => {
          const label = ROLE_LABELS[r.role][lang];
          const orgs = r.organisations?.length ? ` ${esc(label.organisations)} ${r.organisations.map((o) => t(o, lang)).join(', ')}` : '';
          return `<strong>${esc(label.role)}</strong>${orgs}${r.description ? `<br>${t(r.description, lang)}` : ''}`;
        }),
      )
    : '';
  const archiving = n.archiving
    ? `<p>${t(n.archiving.text, lang)}</p>${list(n.archiving.law.map((c) => esc(formatCitation(c, lang))))}`
    : '';
  const definitions = n.definitions?.length
    ? `<dl class="definitions">${n.definitions.map((d) => `<dt>${t(d.term, lang)}</dt><dd>${t(d.text, lang)}</dd>`).join('')}</dl>`
    : '';

  const publishedDate = n.publishedAt;
  const q = (query: string) => `${esc(links.self)}?${query}`;

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title.text)} – ${esc(controllerName.text)}</title>
${others.map((o) => `<link rel="alternate" hreflang="${o}" href="${q(`format=html&amp;lang=${o}`)}">\n`).join('')}<link rel="alternate" type="application/ld+json" href="${q('format=jsonld')}">
<link rel="alternate" type="application/json" href="${q('format=json')}">
<style>
body{font-family:system-ui,sans-serif;line-height:1.5;max-width:46rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}
a{color:#0b4f9c}a:focus{outline:3px solid #c25e00;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{position:static}
h1{font-size:1.9rem}h2{font-size:1.4rem;margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}h3{font-size:1.1rem}
.flag,.article{color:#444}.rule{margin:0 0 1rem 1rem}.rule dt{font-weight:600}.rule dd{margin:0 0 .25rem 0}
.published{color:#444}.definitions dt{font-weight:600}.definitions dd{margin:0 0 .75rem 0}.language-note{border-left:4px solid #0b4f9c;padding-left:.75rem}.rule-unknown,.rule-retired{border-left:4px solid #c25e00;padding-left:.75rem}address{font-style:normal;margin-left:1rem}footer{margin-top:3rem;border-top:1px solid #ccc;color:#333}
</style>
</head>
<body>
<a class="skip" href="#main">${L('skip', lang)}</a>
<header>
<p>${esc(controllerName.text)}</p>
${
  others.length
    ? `<nav aria-label="${L('languageNav', lang)}">${others.map((o) => `<a href="${q(`format=html&amp;lang=${o}`)}" hreflang="${o}" lang="${o}">${esc(TEXT.inLanguage[o])}</a>`).join(' ')}</nav>`
    : ''
}
</header>
<main id="main">
${lang === requested ? '' : `<p class="language-note" role="note" lang="${requested}">${esc(TEXT.notInLanguage[requested])}</p>\n`}<h1${title.lang !== lang ? ` lang="${title.lang}"` : ''}>${esc(title.text)}</h1>
<p class="published">${L('published', lang)} <time datetime="${esc(publishedDate)}">${esc(publishedDate)}</time> · ${L('version', lang)} ${n.version}</p>
${n.summary ? `<p>${t(n.summary, lang)}</p>` : ''}
${roles ? section('roles', L('roles', lang), roles) : ''}
${section('purpose', L('purpose', lang), purposes)}
${section('data', L('dataCategories', lang), categories + excluded)}
${section('subjects', L('dataSubjects', lang), list(n.dataSubjectCategories.map((s) => t(s.label, lang))))}
${section('legal-basis', L('legalBasis', lang), legal)}
${section('recipients', L('recipients', lang), recipients + transfers + sources)}
${section('retention', L('retention', lang), retention)}
${archiving ? section('archiving', L('archiving', lang), archiving) : ''}
${automated ? section('automated', L('automated', lang), automated) : ''}
${section('rights', L('rights', lang), rights)}
${section('contacts', L('contacts', lang), contacts)}
${section('complaints', L('complaints', lang), complaints)}
${definitions ? section('definitions', L('definitions', lang), definitions) : ''}
</main>
<footer>
<p>${L('otherFormats', lang)}: <a href="${q('format=json')}">JSON</a>, <a href="${q('format=jsonld')}">JSON-LD (DPV)</a>, <a href="${q('format=yaml')}">YAML</a>. <a href="${esc(links.versions)}">${L('allVersions', lang)}</a>.${n.sourceUrl ? ` <a href="${esc(n.sourceUrl)}">${L('sourcePage', lang)}</a>.` : ''}</p>
</footer>
</body>
</html>
`;
}

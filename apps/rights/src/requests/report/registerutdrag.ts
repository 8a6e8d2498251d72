import type { NoticeController, NoticeFacts, NoticeTerms } from '../../notices/domain/notice-terms.js';
import { LEGAL_GROUNDS, type DataSubjectRequest, type PartOutcome } from '../domain/request.model.js';

/** The answer to an access (or portability) request, as the person downloads it. */
export interface Registerutdrag {
  format: 'insyn-registerutdrag/1';
  request: { id: string; kind: string; receivedAt: string; answeredAt?: string; notice: { slug: string; version: number; title: string } };
  controller?: NoticeController;
  /** The processing, in the notice's words (art. 15.1 a–h); absent for portability, which gives the data only. */
  processing?: NoticeFacts;
  /**
   * Each decided part: its decision, and its data only when the official released it (`done`, or
   * `partly-done` — the service's records as it answered; an official who must withhold anything refuses
   * the whole part). A refused or not-applicable part shows its decision and ground, no records; a part
   * with no decision is left out.
   */
  services: {
    service: string;
    decision?: { outcome: string; ground: string; law: string; note?: string };
    records: Record<string, unknown>[];
  }[];
}

/** Whether a part decided so gives the person its records. */
export const releases = (outcome: PartOutcome): boolean => outcome === 'done' || outcome === 'partly-done';

export function registerutdrag(
  request: DataSubjectRequest,
  terms: NoticeTerms | null,
  parts: { service: string; records: Record<string, unknown>[] }[],
): Registerutdrag {
  return {
    format: 'insyn-registerutdrag/1',
    request: {
      id: request.id,
      kind: request.kind,
      receivedAt: request.receivedAt.toISOString(),
      ...(request.closedAt ? { answeredAt: request.closedAt.toISOString() } : {}),
      notice: { slug: request.notice.slug, version: request.notice.version, title: request.notice.title.sv },
    },
    ...(terms?.controller ? { controller: terms.controller } : {}),
    ...(request.kind === 'access' && terms?.facts ? { processing: terms.facts } : {}),
    services: request.parts.flatMap((p) => {
      const decision = request.decisions.find((d) => d.service === p.service);
      if (!decision) return [];
      return [
        {
          service: p.service,
          decision: {
            outcome: decision.outcome,
            ground: LEGAL_GROUNDS[decision.ground].sv,
            law: LEGAL_GROUNDS[decision.ground].law,
            ...(decision.note ? { note: decision.note } : {}),
          },
          records: releases(decision.outcome) ? (parts.find((x) => x.service === p.service)?.records ?? []) : [],
        },
      ];
    }),
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** The Swedish labels of the records' fields, shared by the HTML and PDF reports (other keys show as they are). */
export const RECORD_LABELS: Readonly<Record<string, string>> = {
  type: 'Typ',
  conversationId: 'Konversation',
  unit: 'Enhet',
  subject: 'Ämne',
  status: 'Status',
  openedAt: 'Öppnad',
  closedAt: 'Stängd',
  archive: 'Arkivering',
  content: 'Innehåll',
  messageCount: 'Antal meddelanden',
  messages: 'Meddelanden',
  sentAt: 'Skickat',
  readAt: 'Läst av dig',
  author: 'Avsändare',
  body: 'Text',
  attachments: 'Bilagor',
  note: 'Anmärkning',
  id: 'Id',
  name: 'Namn',
  title: 'Namn',
  service: 'Tjänst',
  processing: 'Behandling',
  notice: 'Behandlingens id',
  conversations: 'Antal konversationer',
  deletedByGallring: 'Gallrade konversationer',
  categories: 'Kategorier av uppgifter',
  codes: 'Koder',
  description: 'Beskrivning',
  retention: 'Lagring och gallring',
  truncated: 'Förkortat utdrag',
  omittedConversations: 'Utelämnade konversationer',
  omittedConversationIds: 'Utelämnade konversationers id',
  archivedAt: 'Arkiverad',
  notificationContact: 'Kontaktuppgifter för avisering',
  email: 'E-post',
  phone: 'Telefon',
  seq: 'Nummer',
  kind: 'Kategori',
  bodyTruncated: 'Texten avkortad',
  attachmentCopies: 'Kopior av bilagor',
  attachmentId: 'Bilagans id',
  fileName: 'Filnamn',
  mimeType: 'Filtyp',
  size: 'Storlek (byte)',
};

/** A value of a record as nested definition lists, every string escaped. */
function value(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.length === 0 ? '–' : `<ol>${v.map((x) => `<li>${value(x, depth + 1)}</li>`).join('')}</ol>`;
  if (typeof v === 'object' && depth < 6)
    return `<dl>${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `<dt>${escape(RECORD_LABELS[k] ?? k)}</dt><dd>${value(x, depth + 1)}</dd>`)
      .join('')}</dl>`;
  return escape(typeof v === 'string' ? v : JSON.stringify(v));
}

/** The opening sentence: what the report answers, received and answered when. */
export function reportIntro(r: Registerutdrag): string {
  const what =
    r.request.kind === 'access'
      ? 'tillgång till dina personuppgifter (artikel 15 i dataskyddsförordningen)'
      : 'dataportabilitet (artikel 20)';
  return `Svar på din begäran om ${what}, mottagen ${r.request.receivedAt.slice(0, 10)}${r.request.answeredAt ? `, besvarad ${r.request.answeredAt.slice(0, 10)}` : ''}.`;
}

/** The processing's facts as titled lists, in the report's order; empty lists are left out by the renderers. */
export function processingSections(p: NoticeFacts): { title: string; items: string[] }[] {
  return [
    { title: 'Ändamål', items: p.purposes.map((x) => x.sv) },
    { title: 'Rättslig grund', items: p.legalBases.map((b) => `${b.context.sv}: artikel ${b.codes.join(', ')}`) },
    { title: 'Kategorier av personuppgifter', items: p.dataCategories },
    { title: 'Mottagare', items: p.recipients.map((x) => x.sv) },
    { title: 'Hur länge uppgifterna sparas', items: p.retention.map((x) => x.sv) },
  ];
}

/** The data protection officer's contacts on one line, or undefined when the notice names none. */
export function dpoContacts(p: NoticeFacts): string | undefined {
  return p.dpo ? [p.dpo.email, p.dpo.phone].filter(Boolean).join(', ') : undefined;
}

export function controllerText(c: NonNullable<Registerutdrag['controller']>): string {
  return `Personuppgiftsansvarig: ${c.name}${c.organisationNumber ? ` (${c.organisationNumber})` : ''}`;
}

/** The decision on one service's part, with its legal ground and the official's note. */
export function decisionText(d: NonNullable<Registerutdrag['services'][number]['decision']>): string {
  return `Beslut: ${d.ground} (${d.law})${d.note ? `. ${d.note}` : ''}`;
}

export const COMPLAINT = 'Du har rätt att klaga hos Integritetsskyddsmyndigheten (IMY), www.imy.se.';

const section = (title: string, items: string[]) =>
  items.length ? `<h3>${escape(title)}</h3><ul>${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>` : '';

/** The registerutdrag as an accessible Swedish page (self-contained, no scripts). */
export function registerutdragHtml(r: Registerutdrag): string {
  const p = r.processing;
  return `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Registerutdrag – ${escape(r.request.notice.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}dt{font-weight:600}dd{margin:0 0 .5rem 1rem}h1,h2,h3{line-height:1.2}</style></head>
<body><main>
<h1>Registerutdrag</h1>
<p>${escape(reportIntro(r))}</p>
${r.controller ? `<p>${escape(controllerText(r.controller))}</p>` : ''}
<h2>Behandlingen: ${escape(r.request.notice.title)}</h2>
${
  p
    ? [
        ...processingSections(p).map((x) => section(x.title, x.items)),
        dpoContacts(p) !== undefined ? `<h3>Dataskyddsombud</h3><p>${escape(dpoContacts(p)!)}</p>` : '',
      ].join('\n')
    : ''
}
<h2>Dina uppgifter</h2>
${r.services
  .map(
    (s) => `<section><h3>Tjänst: ${escape(s.service)}</h3>
${s.decision ? `<p>${escape(decisionText(s.decision))}</p>` : ''}
${s.records.length ? s.records.map((rec) => `<article>${value(rec)}</article>`).join('\n') : '<p>Inga uppgifter.</p>'}</section>`,
  )
  .join('\n')}
<p>${escape(COMPLAINT)}</p>
</main></body></html>
`;
}

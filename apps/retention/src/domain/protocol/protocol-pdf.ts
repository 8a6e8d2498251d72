import { renderTextPdf, type TextBlock, type TextLine } from '@insyn/pdf';

import type { ProtocolEntry } from './protocol-entry.js';
import { ACTION_LABEL, METHOD_LABEL, TRIGGER_LABEL, yesNo } from './protocol-labels.js';
import { type ChainBreak, verifyChain } from './verify-chain.js';

/**
 * The gallringsprotokoll as a PDF/A-2a for the archive authority, through `@insyn/pdf` (A4, DejaVu Sans
 * embedded, Unicode text so å ä ö and Sami letters print and can be searched, tagged: the title and each
 * post's heading are headings, the rest paragraphs, the page footers artifacts; no timestamps or ids other
 * than `exportedAt` and a document ID derived from the content: the same entries and export date give the
 * same bytes). The chain is verified while rendering and the result is printed at the end, with the head
 * hash to keep beside the document. protocol-pdf.pdfa.int-spec.ts validates it with veraPDF.
 */
export interface ProtocolPdfOptions {
  /** The archive creator, e.g. `Socialnämnden, Exempelby kommun`. */
  readonly organisation: string;
  readonly exportedAt: Date;
}

const REASON_TEXT: Record<ChainBreak, string> = {
  'hash-mismatch': 'postens hash stämmer inte med dess innehåll',
  'link-mismatch': 'postens länk (föregående hash) stämmer inte med föregående post',
  'seq-gap': 'löpnumren har en lucka eller är i fel ordning',
  'chunk-digest-mismatch': 'hashen över gallrade id stämmer inte med delkörningarna',
};

export function renderProtocolPdf(entries: readonly ProtocolEntry[], options: ProtocolPdfOptions): Buffer {
  const exportedAt = options.exportedAt.toISOString();
  const blocks: TextBlock[] = [
    [
      { text: 'Gallringsprotokoll', bold: true, size: 18, role: 'H1' },
      { text: `Organisation: ${options.organisation}`, size: 10, spaceBefore: 8 },
      { text: `Exportdatum: ${exportedAt.slice(0, 10)} ${exportedAt.slice(11, 19)} UTC`, size: 10 },
      { text: `Antal poster: ${entries.length}`, size: 10 },
      {
        text:
          'Protokollet innehåller inga personuppgifter om de registrerade: endast antal och SHA-256-hashar över ' +
          'gallrade id. Varje post är kedjad till föregående post genom sin hash.',
        size: 9,
        spaceBefore: 4,
      },
    ],
    ...entries.map(entryBlock),
    verificationBlock(entries),
  ];
  return renderTextPdf(blocks, {
    title: 'Gallringsprotokoll',
    author: options.organisation,
    createdAt: options.exportedAt,
    footer: (page, pages) => `Gallringsprotokoll · ${options.organisation} · sida ${page} av ${pages}`,
  });
}

function entryBlock(e: ProtocolEntry): TextLine[] {
  const line = (text: string): TextLine => ({ text, size: 9.5 });
  return [
    { text: `Post ${e.seq} – körning ${e.runId}`, bold: true, size: 11, spaceBefore: 12, role: 'H2' },
    line(`Regel: ${e.rule.id} version ${e.rule.version}, enhet ${e.rule.unit}, informationstyp ${e.rule.informationType}`),
    line(`Åtgärd: ${ACTION_LABEL[e.rule.action]}, gallringsfrist ${e.rule.after}`),
    line(`Beslut: ${e.decision.body} ${e.decision.date}, diarienummer ${e.decision.reference}, ${e.decision.section}`),
    line(
      `Avgränsning: ${(TRIGGER_LABEL[e.selection.trigger] ?? e.selection.trigger).toLowerCase()} före ${e.selection.triggeredBefore}, tjänst ${e.selection.service}, ` +
        `kräver arkiverat: ${yesNo(e.selection.requireArchived).toLowerCase()}`,
    ),
    line(
      `Antal: kandidater ${e.counts.candidates}, gallringsstopp ${e.counts.held}, ` +
        `blockerade (ej arkiverade) ${e.counts.blocked}, gallrade ${e.counts.deleted}`,
    ),
    line(`Metod: ${METHOD_LABEL[e.method]}`),
    line(`Tid: ${e.startedAt} – ${e.finishedAt}`),
    line(`Utförd av: ${e.executedBy}, godkänd av: ${e.approvedBy}`),
    ...(e.remark !== undefined ? [line(`Anmärkning: ${e.remark}`)] : []),
    line(`Delkörningar: ${e.chunks.length}`),
    ...e.chunks.map((c) => line(`  Del ${c.chunk}: ${c.deleted} gallrade, hash ${c.deletedIdsSha256}`)),
    line(`Hash över gallrade id: ${e.deletedIdsSha256}`),
    line(`Föregående hash: ${e.previousHash}`),
    line(`Hash: ${e.hash}`),
  ];
}

function verificationBlock(entries: readonly ProtocolEntry[]): TextLine[] {
  const result = verifyChain(entries);
  const line = (text: string): TextLine => ({ text, size: 10, spaceBefore: 2 });
  const heading: TextLine = { text: 'Verifiering av kedjan', bold: true, size: 12, spaceBefore: 18, role: 'H2' };
  if (result.ok) {
    return [
      heading,
      line(`Kedjans huvud (hash för post ${result.length}): ${result.head}`),
      line(
        `Resultat: kedjan är obruten. Alla ${result.length} poster har kontrollerats: löpnummer, hashar, ` +
          'länkar och hashar över gallrade id stämmer.',
      ),
      line(
        'Kontrollera att huvudet från förra exporten finns som hash för en post ovan: då har inga tidigare poster ' +
          'ändrats eller tagits bort.',
      ),
    ];
  }
  const last = entries.at(-1);
  return [
    heading,
    line(`Sista postens lagrade hash: ${last?.hash ?? '–'}`),
    line(
      `Resultat: kedjan är BRUTEN vid post ${result.firstBrokenSeq}: ${REASON_TEXT[result.reason]}. ` +
        `Posterna från och med post ${result.firstBrokenSeq} kan inte styrkas.`,
    ),
  ];
}

import { createHash } from 'node:crypto';

import { parsePersonnummer } from '@insyn/person';

import { sanitizeFileName } from './file-names.js';
import { renderEarkMets } from './mets-eark.js';
import { renderFgsMets } from './mets-fgs.js';
import {
  type ManifestEntry,
  type PackageLayout,
  type PackageFile,
  type SipAttachment,
  type SipMessage,
  type SipProfile,
  type SubmissionPackage,
  type SubmissionPackageInput,
  type SubmissionPackageOptions,
  SubmissionPackageInputError,
} from './sip-types.js';
import { type ZipEntryInput, writeZip } from './zip-writer.js';

export const LAYOUTS: Readonly<Record<SipProfile, (objid: string) => PackageLayout>> = {
  'E-ARK-SIP': (objid) => ({
    root: `${objid}/`,
    metsFile: 'METS.xml',
    dataDir: 'representations/rep1/data/',
    metadataDir: 'metadata/descriptive/',
  }),
  'FGS-1.2': () => ({ root: '', metsFile: 'sip.xml', dataDir: 'Content/', metadataDir: 'Metadata/' }),
};

/**
 * Builds the archive package for one closed conversation: the whole conversation, its attachments and
 * metadata, as a zip with a METS manifest that lists every file with its size and SHA-256.
 *
 * Contents (paths under the profile's data and metadata folders):
 * - `conversation.json`: conversation metadata and every message with its body; the citizen appears
 *   only as `subjectKey`.
 * - `message-0001.txt`, …: one UTF-8 text file per message, in sending order, a short header then the
 *   body exactly as written. Plain text and JSON, not PDF/A: messages are plain text at the source, and a
 *   rendition would be a format conversion, which Riksarkivet counts as gallring. If the leverans-
 *   överenskommelse asks for PDF/A, add it as a second representation.
 * - `attachments/0001-<name>`: the original attachment bytes under a sanitised name.
 * - metadata `description.json` (title, case, unit, dates, counts) and `parties.json`.
 *
 * PERSONAL DATA: `parties.json` holds the citizen's personnummer (12 digits). The business system files
 * the conversation under the person and cannot do so from our pseudonymous subjectKey, so the package
 * must carry it; it is kept out of the METS file and out of `conversation.json` so receivers that index
 * or log those do not spread it. Treat the whole package as sekretess-classified material: never log
 * it, and store it only where conversation content may be stored.
 *
 * Deterministic: the same input gives the same bytes (every timestamp comes from the input, ids and file
 * order from sorted input, and JSON key order is fixed).
 */
export function buildSubmissionPackage(input: SubmissionPackageInput, options: SubmissionPackageOptions): SubmissionPackage {
  validate(input);
  const layout = LAYOUTS[options.profile](input.objid);
  const files = collectFiles(input, layout);
  const mets = Buffer.from(
    options.profile === 'E-ARK-SIP' ? renderEarkMets(input, layout, files) : renderFgsMets(input, layout, files),
    'utf8',
  );

  const entries: ZipEntryInput[] = [
    { name: layout.root + layout.metsFile, data: mets },
    ...files.map((file) => ({ name: layout.root + file.path, data: file.data, method: zipMethodFor(file.mimeType) })),
  ];
  const zip = writeZip(entries, { modifiedAt: input.createdAt });
  const manifest: ManifestEntry[] = [
    { path: layout.root + layout.metsFile, size: mets.length, sha256: sha256Hex(mets), mimeType: 'application/xml' },
    ...files.map((file) => ({
      path: layout.root + file.path,
      size: file.size,
      sha256: file.sha256,
      mimeType: file.mimeType,
      ...(file.originalFileName === undefined ? {} : { originalFileName: file.originalFileName }),
    })),
  ];
  return { objid: input.objid, profile: options.profile, zip, sha256: sha256Hex(zip), manifest };
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ORG_NUMBER = /^\d{6}-?\d{4}$/;

function validate(input: SubmissionPackageInput): void {
  const fail = (message: string): never => {
    throw new SubmissionPackageInputError(message);
  };
  if (!UUID.test(input.objid)) fail('objid must be a lower-case UUID');
  for (const [label, date] of [
    ['createdAt', input.createdAt],
    ['conversation.openedAt', input.conversation.openedAt],
    ['conversation.closedAt', input.conversation.closedAt],
    ...input.messages.map((m) => [`message ${m.id} sentAt`, m.sentAt] as const),
  ] as const) {
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) fail(`${label} is not a valid date`);
  }
  if (input.conversation.closedAt < input.conversation.openedAt) fail('conversation.closedAt is before openedAt');
  if (!ORG_NUMBER.test(input.archivalCreator.orgNumber)) fail('archivalCreator.orgNumber must look like 212000-2627');
  if (input.software.version.trim() === '') fail('software.version is required');
  const messageIds = new Set<string>();
  for (const message of input.messages) {
    if (messageIds.has(message.id)) fail(`duplicate message id ${message.id}`);
    messageIds.add(message.id);
  }
  const attachmentIds = new Set<string>();
  for (const attachment of input.attachments) {
    if (attachmentIds.has(attachment.id)) fail(`duplicate attachment id ${attachment.id}`);
    attachmentIds.add(attachment.id);
    if (!messageIds.has(attachment.messageId)) fail(`attachment ${attachment.id} refers to unknown message ${attachment.messageId}`);
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(attachment.mimeType)) fail(`attachment ${attachment.id} has an invalid MIME type`);
  }
  for (const participant of input.conversation.participants) {
    if (participant.role !== 'citizen') continue;
    const parsed = parsePersonnummer(participant.personnummer, { now: input.createdAt });
    if (!parsed.ok) fail(`citizen ${participant.subjectKey} has an invalid personnummer (${parsed.reason})`);
  }
}

interface OrderedMessage {
  n: number;
  message: SipMessage;
  path: string;
  attachments: { attachment: SipAttachment; path: string }[];
}

function collectFiles(input: SubmissionPackageInput, layout: PackageLayout): PackageFile[] {
  const { conversation } = input;
  const sorted = [...input.messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || compare(a.id, b.id));
  let attachmentN = 0;
  const ordered: OrderedMessage[] = sorted.map((message, i) => ({
    n: i + 1,
    message,
    path: `${layout.dataDir}message-${pad(i + 1)}.txt`,
    attachments: input.attachments
      .filter((a) => a.messageId === message.id)
      .sort((a, b) => compare(a.id, b.id))
      .map((attachment) => ({
        attachment,
        path: `${layout.dataDir}attachments/${pad(++attachmentN)}-${sanitizeFileName(attachment.fileName)}`,
      })),
  }));

  const files: PackageFile[] = [];
  const add = (path: string, data: Buffer, mimeType: string, created: Date, use: PackageFile['use'], originalFileName?: string) => {
    files.push({
      id: `${use === 'data' ? 'file' : 'md'}-${pad(files.length + 1)}`,
      path,
      data,
      size: data.length,
      sha256: sha256Hex(data),
      mimeType,
      created,
      use,
      ...(originalFileName === undefined ? {} : { originalFileName }),
    });
  };

  add(`${layout.metadataDir}description.json`, json(description(input)), 'application/json', input.createdAt, 'descriptive');
  add(`${layout.metadataDir}parties.json`, json(parties(input)), 'application/json', input.createdAt, 'descriptive');

  const conversationJson = {
    format: 'insyn-conversation/1',
    conversation: {
      conversationId: conversation.conversationId,
      unit: { id: conversation.unit.id, name: conversation.unit.name },
      subject: conversation.subject,
      caseReference: conversation.caseReference ?? null,
      openedAt: conversation.openedAt.toISOString(),
      closedAt: conversation.closedAt.toISOString(),
      participants: conversation.participants.map(participantWithoutIdentity),
    },
    messages: ordered.map(({ n, message, path, attachments }) => ({
      n,
      id: message.id,
      sentAt: message.sentAt.toISOString(),
      author: { kind: message.author.kind, displayName: message.author.displayName ?? null },
      file: path.slice(layout.dataDir.length),
      body: message.body,
      attachments: attachments.map(({ attachment, path: attachmentPath }) => ({
        id: attachment.id,
        fileName: attachment.fileName,
        file: attachmentPath.slice(layout.dataDir.length),
        mimeType: attachment.mimeType,
        size: attachment.content.length,
        sha256: sha256Hex(attachment.content),
      })),
    })),
  };
  // conversation.json comes first among the data files: it is the entry point of the representation.
  add(`${layout.dataDir}conversation.json`, json(conversationJson), 'application/json', conversation.closedAt, 'data');
  for (const { message, path, attachments } of ordered) {
    add(path, Buffer.from(messageText(message, attachments), 'utf8'), 'text/plain', message.sentAt, 'data');
    for (const { attachment, path: attachmentPath } of attachments) {
      add(attachmentPath, attachment.content, attachment.mimeType, message.sentAt, 'data', attachment.fileName);
    }
  }
  return files;
}

function description(input: SubmissionPackageInput) {
  const { conversation } = input;
  return {
    format: 'insyn-description/1',
    title: conversation.subject,
    conversationId: conversation.conversationId,
    caseReference: conversation.caseReference ?? null,
    unit: { id: conversation.unit.id, name: conversation.unit.name },
    archivalCreator: { name: input.archivalCreator.name, orgNumber: input.archivalCreator.orgNumber },
    openedAt: conversation.openedAt.toISOString(),
    closedAt: conversation.closedAt.toISOString(),
    messageCount: input.messages.length,
    attachmentCount: input.attachments.length,
  };
}

function parties(input: SubmissionPackageInput) {
  return {
    format: 'insyn-parties/1',
    notice: 'Contains personal identity numbers (personnummer). Handle under OSL as the conversation itself.',
    parties: input.conversation.participants.map((p) =>
      p.role === 'citizen'
        ? { role: p.role, subjectKey: p.subjectKey, personnummer: normalizedPersonnummer(p.personnummer, input.createdAt) }
        : participantWithoutIdentity(p),
    ),
  };
}

function participantWithoutIdentity(p: SubmissionPackageInput['conversation']['participants'][number]) {
  switch (p.role) {
    case 'citizen':
      return { role: p.role, subjectKey: p.subjectKey };
    case 'official':
      return { role: p.role, displayName: p.displayName ?? null };
    case 'system':
      return { role: p.role };
  }
}

function normalizedPersonnummer(value: string, now: Date): string {
  const parsed = parsePersonnummer(value, { now });
  if (!parsed.ok) throw new SubmissionPackageInputError('invalid personnummer');
  return parsed.value.normalized;
}

const AUTHOR_LABEL: Record<SipMessage['author']['kind'], string> = {
  citizen: 'Invånare',
  official: 'Handläggare',
  system: 'System',
};

function messageText(message: SipMessage, attachments: { attachment: SipAttachment }[]): string {
  const author = message.author.displayName
    ? `${AUTHOR_LABEL[message.author.kind]} (${message.author.displayName})`
    : AUTHOR_LABEL[message.author.kind];
  const lines = [`Meddelande-id: ${message.id}`, `Skickat: ${message.sentAt.toISOString()}`, `Från: ${author}`];
  if (attachments.length > 0) lines.push(`Bilagor: ${attachments.map(({ attachment }) => attachment.fileName).join(', ')}`);
  return `${lines.join('\n')}\n\n${message.body}`;
}

// Formats that are already compressed are stored, to save CPU; the writer stores anything deflate cannot shrink.
function zipMethodFor(mimeType: string): 'store' | 'deflate' {
  return /^(image\/(jpeg|png|gif|webp|heic)|video\/|audio\/|application\/(zip|gzip|x-7z-compressed|vnd\.openxmlformats))/.test(mimeType)
    ? 'store'
    : 'deflate';
}

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}

// Code-unit order, independent of locale.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

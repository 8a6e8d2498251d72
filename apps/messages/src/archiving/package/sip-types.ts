/** Input and output of `buildSubmissionPackage`; shared by the two METS writers. */

export type SipProfile = 'E-ARK-SIP' | 'FGS-1.2';

export type AuthorKind = 'citizen' | 'official' | 'system';

/**
 * Who took part, by role. The citizen is named by `subjectKey` everywhere except the package's
 * `parties.json` metadata file, which also carries the personnummer because the receiving business
 * system files the conversation under the person (see `buildSubmissionPackage`).
 */
export type SipParticipant =
  { role: 'citizen'; subjectKey: string; personnummer: string } | { role: 'official'; displayName?: string } | { role: 'system' };

export interface SipConversation {
  conversationId: string;
  unit: { id: string; name: string };
  subject: string;
  /** Diarienummer in the business system, when the conversation belongs to a case. */
  caseReference?: string;
  openedAt: Date;
  closedAt: Date;
  participants: SipParticipant[];
}

export interface SipMessage {
  id: string;
  sentAt: Date;
  author: { kind: AuthorKind; displayName?: string };
  /** Plain text, archived byte for byte as UTF-8. */
  body: string;
}

export interface SipAttachment {
  id: string;
  messageId: string;
  /** As the sender named it; sanitised for the zip, kept verbatim in the metadata. */
  fileName: string;
  mimeType: string;
  content: Buffer;
}

export interface SubmissionPackageInput {
  /** UUID; the package's OBJID and, for E-ARK, its root folder. */
  objid: string;
  createdAt: Date;
  /** Arkivbildare: normally the nämnd that owns the conversation. */
  archivalCreator: { name: string; orgNumber: string };
  submitter: { name: string };
  software: { name: 'Insyn'; version: string };
  /** Leveransöverenskommelse reference, when there is one (METS altRecordID SUBMISSIONAGREEMENT). */
  submissionAgreement?: string;
  conversation: SipConversation;
  messages: SipMessage[];
  attachments: SipAttachment[];
}

export interface SubmissionPackageOptions {
  profile: SipProfile;
}

export interface ManifestEntry {
  /** Path inside the zip. */
  path: string;
  size: number;
  /** Lower-case hex. */
  sha256: string;
  mimeType: string;
  originalFileName?: string;
}

export interface SubmissionPackage {
  objid: string;
  profile: SipProfile;
  zip: Buffer;
  /** Lower-case hex SHA-256 of `zip`. */
  sha256: string;
  /** Every file in the zip, the METS file included. */
  manifest: ManifestEntry[];
}

/**
 * Where each profile puts things. E-ARK (CSIPSTR1–13): one root folder named like OBJID, `METS.xml`,
 * `metadata/descriptive/`, `representations/rep1/data/`. FGS Paketstruktur 1.2: `sip.xml` at the zip
 * root with `Content/` and `Metadata/` (no `System/`: we ship no schema files).
 */
export interface PackageLayout {
  root: string;
  metsFile: string;
  dataDir: string;
  metadataDir: string;
}

/** One file of the package as the METS writers see it; `path` is relative to the package root. */
export interface PackageFile {
  id: string;
  path: string;
  data: Buffer;
  size: number;
  /** Lower-case hex. */
  sha256: string;
  mimeType: string;
  created: Date;
  use: 'data' | 'descriptive';
  originalFileName?: string;
}

export class SubmissionPackageInputError extends Error {
  override readonly name = 'SubmissionPackageInputError';
}

import { orgIdentificationCode } from './mets-eark.js';
import { type PackageFile, type PackageLayout, type SubmissionPackageInput } from './sip-types.js';
import { el, renderXmlDocument } from './xml-builder.js';

/**
 * `sip.xml` for FGS Paketstruktur 1.2 (RAFGS1V1.2,
 * https://riksarkivet.se/Media/pdf-filer/doi-t/FGS_Paketstruktur_RAFGS1V1_2.pdf): CSPackageMETS + the `ext` (ExtensionMETS) attributes, agents as FGSBuddy's tooltips describe
 * them, every file with SHA-256 and `ext:ORIGINALFILENAME`, FLocat `file:///<path>`. Not validated against
 * Riksarkivet's XSDs here; do that against the receiver's copy before the first real delivery.
 */
export const FGS_PROFILE = 'http://xml.ra.se/e-arkiv/METS/CommonSpecificationSwedenPackageProfile.xml';
export const FGS_EXT_NS = 'ExtensionMETS';
export const FGS_CONTENT_TYPE_SPECIFICATION = 'Insyn secure conversation';

export function renderFgsMets(input: SubmissionPackageInput, layout: PackageLayout, files: readonly PackageFile[]): string {
  const created = input.createdAt.toISOString();
  const software = [el('mets:name', {}, [input.software.name]), el('mets:note', {}, [input.software.version])];
  const archivist = [
    el('mets:name', {}, [input.archivalCreator.name]),
    el('mets:note', {}, [orgIdentificationCode(input.archivalCreator.orgNumber)]),
  ];

  const metsHdr = el('mets:metsHdr', { CREATEDATE: created, RECORDSTATUS: 'NEW', 'ext:OAISSTATUS': 'SIP' }, [
    el('mets:agent', { ROLE: 'ARCHIVIST', TYPE: 'ORGANIZATION' }, archivist),
    // The source system the records come from...
    el('mets:agent', { ROLE: 'ARCHIVIST', TYPE: 'OTHER', OTHERTYPE: 'SOFTWARE' }, software),
    // ...the delivering organisation (the arkivbildare delivers its own records)...
    el('mets:agent', { ROLE: 'CREATOR', TYPE: 'ORGANIZATION' }, archivist),
    // ...the tool that built sip.xml (the same system here)...
    el('mets:agent', { ROLE: 'CREATOR', TYPE: 'OTHER', OTHERTYPE: 'SOFTWARE' }, software),
    // ...and who submits it.
    el('mets:agent', { ROLE: 'OTHER', OTHERROLE: 'SUBMITTER', TYPE: 'ORGANIZATION' }, [el('mets:name', {}, [input.submitter.name])]),
    ...(input.submissionAgreement === undefined
      ? []
      : [el('mets:altRecordID', { TYPE: 'SUBMISSIONAGREEMENT' }, [input.submissionAgreement])]),
  ]);

  const fileSec = el('mets:fileSec', {}, [
    el(
      'mets:fileGrp',
      { ID: 'fgrp-1' },
      files.map((file) =>
        el(
          'mets:file',
          {
            ID: file.id,
            MIMETYPE: file.mimeType,
            SIZE: file.size,
            CREATED: file.created.toISOString(),
            CHECKSUM: file.sha256.toUpperCase(),
            CHECKSUMTYPE: 'SHA-256',
            'ext:ORIGINALFILENAME': file.originalFileName,
          },
          [el('mets:FLocat', { LOCTYPE: 'URL', 'xlink:type': 'simple', 'xlink:href': `file:///${file.path}` })],
        ),
      ),
    ),
  ]);

  const byFolder = (folder: string) => files.filter((f) => f.path.startsWith(folder)).map((f) => el('mets:fptr', { FILEID: f.id }));
  const structMap = el('mets:structMap', { TYPE: 'physical', LABEL: 'Profilestructmap' }, [
    el('mets:div', { LABEL: 'Package' }, [
      el('mets:div', { LABEL: 'Content' }, byFolder(layout.dataDir)),
      el('mets:div', { LABEL: 'Metadata' }, byFolder(layout.metadataDir)),
    ]),
  ]);

  const { conversation } = input;
  const root = el(
    'mets:mets',
    {
      'xmlns:mets': 'http://www.loc.gov/METS/',
      'xmlns:ext': FGS_EXT_NS,
      'xmlns:xlink': 'http://www.w3.org/1999/xlink',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation':
        'http://www.loc.gov/METS/ http://xml.ra.se/e-arkiv/METS/CSPackageMETS.xsd ExtensionMETS http://xml.ra.se/e-arkiv/METS/CSPackageExtensionMETS.xsd',
      OBJID: `UUID:${input.objid}`,
      LABEL: `Secure conversation ${conversation.caseReference ?? conversation.conversationId}`,
      TYPE: 'Unstructured',
      PROFILE: FGS_PROFILE,
      'ext:CONTENTTYPESPECIFICATION': FGS_CONTENT_TYPE_SPECIFICATION,
      'ext:SYSTEMTYPE': input.software.name,
      'ext:ARCHIVALNAME': input.archivalCreator.name,
      'ext:STARTDATE': stockholmDate(conversation.openedAt),
      'ext:ENDDATE': stockholmDate(conversation.closedAt),
    },
    [metsHdr, fileSec, structMap],
  );
  return renderXmlDocument(root);
}

const STOCKHOLM_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Sweden (YYYY-MM-DD): a conversation closed at 00:30 local time belongs to that day. */
export function stockholmDate(at: Date): string {
  return STOCKHOLM_DATE.format(at);
}

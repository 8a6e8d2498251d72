import { type PackageFile, type PackageLayout, type SubmissionPackageInput } from './sip-types.js';
import { type XmlElement, el, renderXmlDocument } from './xml-builder.js';

/**
 * Root `METS.xml` for an E-ARK SIP (CSIP 2.x + SIP 2.x requirements; https://earksip.dilcis.eu/profile/E-ARK-SIP.xml,
 * CITS ERMS https://citserms.dilcis.eu/schema/ERMS.xsd). Simplifications, all allowed by CSIP's
 * MAY/SHOULD levels: no per-representation METS (the root fileSec lists the data files directly, and the
 * representation div points at them with fptr instead of an mptr), no PREMIS amdSec, no schemas or
 * documentation groups (we ship neither).
 */
export const EARK_SIP_PROFILE = 'https://earksip.dilcis.eu/profile/E-ARK-SIP.xml';
export const CSIP_NS = 'https://DILCIS.eu/XML/METS/CSIPExtensionMETS';
export const SIP_NS = 'https://DILCIS.eu/XML/METS/SIPExtensionMETS';
export const METS_NS = 'http://www.loc.gov/METS/';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const OTHER_CONTENT_INFORMATION_TYPE = 'Insyn secure conversation';

export function renderEarkMets(input: SubmissionPackageInput, layout: PackageLayout, files: readonly PackageFile[]): string {
  const created = input.createdAt.toISOString();
  const descriptive = files.filter((f) => f.use === 'descriptive');
  const data = files.filter((f) => f.use === 'data');
  const rep = layout.dataDir.replace(/\/data\/$/, ''); // representations/rep1

  const metsHdr = el('mets:metsHdr', { CREATEDATE: created, RECORDSTATUS: 'NEW', 'csip:OAISPACKAGETYPE': 'SIP' }, [
    // CSIP10–16: the software that built the package.
    el('mets:agent', { ROLE: 'CREATOR', TYPE: 'OTHER', OTHERTYPE: 'SOFTWARE' }, [
      el('mets:name', {}, [input.software.name]),
      el('mets:note', { 'csip:NOTETYPE': 'SOFTWARE VERSION' }, [input.software.version]),
    ]),
    // SIP9–14: the archival creator (arkivbildare).
    el('mets:agent', { ROLE: 'ARCHIVIST', TYPE: 'ORGANIZATION' }, [
      el('mets:name', {}, [input.archivalCreator.name]),
      el('mets:note', { 'csip:NOTETYPE': 'IDENTIFICATIONCODE' }, [orgIdentificationCode(input.archivalCreator.orgNumber)]),
    ]),
    // SIP15–20: the submitting agent.
    el('mets:agent', { ROLE: 'OTHER', OTHERROLE: 'SUBMITTER', TYPE: 'ORGANIZATION' }, [el('mets:name', {}, [input.submitter.name])]),
    ...(input.submissionAgreement === undefined
      ? []
      : [el('mets:altRecordID', { TYPE: 'SUBMISSIONAGREEMENT' }, [input.submissionAgreement])]),
  ]);

  const dmdSecs = descriptive.map((file, i) =>
    el('mets:dmdSec', { ID: `dmd-${i + 1}`, CREATED: file.created.toISOString() }, [
      el('mets:mdRef', {
        LOCTYPE: 'URL',
        'xlink:type': 'simple',
        'xlink:href': file.path,
        MDTYPE: 'OTHER',
        OTHERMDTYPE: 'Insyn JSON',
        MIMETYPE: file.mimeType,
        SIZE: file.size,
        CREATED: file.created.toISOString(),
        CHECKSUM: file.sha256.toUpperCase(),
        CHECKSUMTYPE: 'SHA-256',
      }),
    ]),
  );

  const fileSec = el('mets:fileSec', { ID: 'filesec-1' }, [
    el(
      'mets:fileGrp',
      {
        ID: 'filegrp-rep1',
        USE: `Representations/${rep.split('/').pop() ?? 'rep1'}/data`,
        'csip:CONTENTINFORMATIONTYPE': 'OTHER',
        'csip:OTHERCONTENTINFORMATIONTYPE': OTHER_CONTENT_INFORMATION_TYPE,
      },
      data.map((file) => fileElement(file)),
    ),
  ]);

  const structMap = el('mets:structMap', { ID: 'structmap-1', TYPE: 'PHYSICAL', LABEL: 'CSIP StructMap' }, [
    el('mets:div', { ID: 'div-root', LABEL: input.objid }, [
      el('mets:div', { ID: 'div-metadata', LABEL: 'Metadata', DMDID: dmdSecs.map((d) => d.attrs['ID']).join(' ') }),
      el(
        'mets:div',
        { ID: 'div-rep1', LABEL: `Representations/${rep.split('/').pop() ?? 'rep1'}` },
        data.map((file) => el('mets:fptr', { FILEID: file.id })),
      ),
    ]),
  ]);

  const root = el(
    'mets:mets',
    {
      'xmlns:mets': METS_NS,
      'xmlns:csip': CSIP_NS,
      'xmlns:sip': SIP_NS,
      'xmlns:xlink': XLINK_NS,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${METS_NS} http://www.loc.gov/standards/mets/mets.xsd ${XLINK_NS} http://www.loc.gov/standards/mets/xlink.xsd`,
      OBJID: input.objid,
      // No free text from the conversation in METS: receivers index and log it more freely than content.
      LABEL: `Secure conversation ${input.conversation.caseReference ?? input.conversation.conversationId}`,
      TYPE: 'Mixed',
      'csip:CONTENTINFORMATIONTYPE': 'OTHER',
      'csip:OTHERCONTENTINFORMATIONTYPE': OTHER_CONTENT_INFORMATION_TYPE,
      PROFILE: EARK_SIP_PROFILE,
    },
    [metsHdr, ...dmdSecs, fileSec, structMap],
  );
  return renderXmlDocument(root);
}

function fileElement(file: PackageFile): XmlElement {
  return el(
    'mets:file',
    {
      ID: file.id,
      MIMETYPE: file.mimeType,
      SIZE: file.size,
      CREATED: file.created.toISOString(),
      CHECKSUM: file.sha256.toUpperCase(),
      CHECKSUMTYPE: 'SHA-256',
    },
    [
      el('mets:FLocat', {
        LOCTYPE: 'URL',
        'xlink:type': 'simple',
        'xlink:href': file.path,
        // METS has no ORIGINALFILENAME attribute of its own; xlink:title is the schema-valid place for it.
        'xlink:title': file.originalFileName,
      }),
    ],
  );
}

/** `ORG:` + the ten digits, as Swedish METS profiles write organisation numbers (assumed for E-ARK too). */
export function orgIdentificationCode(orgNumber: string): string {
  return `ORG:${orgNumber.replace('-', '')}`;
}

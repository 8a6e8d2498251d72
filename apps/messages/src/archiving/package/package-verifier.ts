import { createHash } from 'node:crypto';

import { type SipProfile } from './sip-types.js';
import { unescapeXml } from './xml-builder.js';
import { type ZipEntry, readZip } from './zip-reader.js';

/**
 * Checks a package the way a receiver would: the zip is sound (CRCs, sizes), the METS file is where the
 * profile says, every file it lists exists with the listed SIZE and SHA-256, and no file is unlisted.
 * METS is read with a small regex parser: enough for what `buildSubmissionPackage` writes (attributes in
 * double quotes, `mets:` prefix or none), not a general XML parser.
 */

export type VerificationProblemCode =
  | 'zip'
  | 'mets-missing'
  | 'mets-invalid'
  | 'objid-mismatch'
  | 'file-missing'
  | 'size-mismatch'
  | 'checksum-mismatch'
  | 'checksum-type'
  | 'file-unlisted'
  | 'file-listed-twice';

export interface VerificationProblem {
  code: VerificationProblemCode;
  path?: string;
  message: string;
}

export interface VerificationResult {
  ok: boolean;
  problems: VerificationProblem[];
  profile?: SipProfile;
  objid?: string;
  /** Files the METS lists and that matched, by zip path. */
  verifiedFiles: string[];
}

interface ListedFile {
  href: string;
  size: string | undefined;
  checksum: string | undefined;
  checksumType: string | undefined;
}

export function verifySubmissionPackage(zip: Buffer): VerificationResult {
  const problems: VerificationProblem[] = [];
  const result = (extra: Partial<VerificationResult> = {}): VerificationResult => ({
    ok: problems.length === 0,
    problems,
    verifiedFiles: [],
    ...extra,
  });

  let entries: ZipEntry[];
  try {
    entries = readZip(zip);
  } catch (error) {
    problems.push({ code: 'zip', message: (error as Error).message });
    return result();
  }
  const byName = new Map(entries.map((e) => [e.name, e]));

  const located = locateMets(entries);
  if (!located) {
    problems.push({ code: 'mets-missing', message: 'no METS.xml in a single root folder and no sip.xml at the root' });
    return result();
  }
  const { profile, root, mets } = located;
  const xml = mets.data.toString('utf8');
  const rootAttrs = /<(?:mets:)?mets\s([^>]*)>/.exec(xml);
  if (!rootAttrs) {
    problems.push({ code: 'mets-invalid', path: mets.name, message: 'no mets root element' });
    return result({ profile });
  }
  const objidRaw = attributes(rootAttrs[1] ?? '')['OBJID'];
  const objid = profile === 'FGS-1.2' ? objidRaw?.replace(/^UUID:/, '') : objidRaw;
  if (objid === undefined) problems.push({ code: 'mets-invalid', path: mets.name, message: 'mets has no OBJID' });
  if (profile === 'E-ARK-SIP' && objid !== root.slice(0, -1)) {
    problems.push({ code: 'objid-mismatch', message: `OBJID ${String(objid)} does not name the root folder ${root}` });
  }

  const listed = listFiles(xml);
  if (listed.length === 0) problems.push({ code: 'mets-invalid', path: mets.name, message: 'METS lists no files' });
  const seen = new Set<string>();
  const verifiedFiles: string[] = [];
  for (const file of listed) {
    const path = root + hrefToPath(file.href, profile);
    if (seen.has(path)) {
      problems.push({ code: 'file-listed-twice', path, message: 'listed more than once' });
      continue;
    }
    seen.add(path);
    const entry = byName.get(path);
    if (!entry) {
      problems.push({ code: 'file-missing', path, message: 'listed in METS but not in the zip' });
      continue;
    }
    let fileOk = true;
    if (file.checksumType !== 'SHA-256') {
      problems.push({ code: 'checksum-type', path, message: `CHECKSUMTYPE is ${String(file.checksumType)}, expected SHA-256` });
      fileOk = false;
    }
    if (file.size !== String(entry.data.length)) {
      problems.push({ code: 'size-mismatch', path, message: `SIZE ${String(file.size)}, actual ${entry.data.length}` });
      fileOk = false;
    }
    const actual = createHash('sha256').update(entry.data).digest('hex');
    if (file.checksum?.toLowerCase() !== actual) {
      problems.push({ code: 'checksum-mismatch', path, message: 'SHA-256 differs from CHECKSUM' });
      fileOk = false;
    }
    if (fileOk) verifiedFiles.push(path);
  }
  for (const entry of entries) {
    if (entry !== mets && !seen.has(entry.name)) {
      problems.push({ code: 'file-unlisted', path: entry.name, message: 'in the zip but not listed in METS' });
    }
  }
  return result({ profile, ...(objid === undefined ? {} : { objid }), verifiedFiles });
}

function locateMets(entries: ZipEntry[]): { profile: SipProfile; root: string; mets: ZipEntry } | undefined {
  const sip = entries.find((e) => e.name === 'sip.xml');
  if (sip) return { profile: 'FGS-1.2', root: '', mets: sip };
  const roots = new Set(entries.map((e) => e.name.split('/')[0]));
  if (roots.size !== 1) return undefined;
  const [rootName] = roots;
  const mets = entries.find((e) => e.name === `${rootName}/METS.xml`);
  return mets ? { profile: 'E-ARK-SIP', root: `${rootName}/`, mets } : undefined;
}

/** `mets:file` + its `FLocat`, and `mdRef` (descriptive metadata), which carry the same attributes. */
function listFiles(xml: string): ListedFile[] {
  const out: ListedFile[] = [];
  const fileRe = /<(?:mets:)?file\s([^>]*?)\/?>\s*<(?:mets:)?FLocat\s([^>]*?)\/?>/g;
  for (const match of xml.matchAll(fileRe)) {
    const file = attributes(match[1] ?? '');
    const locat = attributes(match[2] ?? '');
    out.push({ href: locat['xlink:href'] ?? '', size: file['SIZE'], checksum: file['CHECKSUM'], checksumType: file['CHECKSUMTYPE'] });
  }
  for (const match of xml.matchAll(/<(?:mets:)?mdRef\s([^>]*?)\/?>/g)) {
    const ref = attributes(match[1] ?? '');
    out.push({ href: ref['xlink:href'] ?? '', size: ref['SIZE'], checksum: ref['CHECKSUM'], checksumType: ref['CHECKSUMTYPE'] });
  }
  return out;
}

function attributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[match[1]!] = unescapeXml(match[2]!);
  return attrs;
}

function hrefToPath(href: string, profile: SipProfile): string {
  return profile === 'FGS-1.2' ? href.replace(/^file:\/\/\//, '') : href.replace(/^\.\//, '');
}

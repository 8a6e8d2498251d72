import { describe, expect, it } from '@jest/globals';

import { verifySubmissionPackage } from './package-verifier.js';
import { buildSubmissionPackage } from './sip-builder.js';
import { type SipProfile } from './sip-types.js';
import { submissionPackageInput } from './submission-package.fixtures.js';
import { readZip } from './zip-reader.js';
import { writeZip } from './zip-writer.js';

const modifiedAt = new Date('2025-03-14T09:26:53.000Z');

/** Rewrites the package zip with `edit` applied to its entries (a valid zip with changed content). */
function rezip(zip: Buffer, edit: (entries: { name: string; data: Buffer }[]) => { name: string; data: Buffer }[]): Buffer {
  return writeZip(edit(readZip(zip).map((e) => ({ name: e.name, data: e.data }))), { modifiedAt });
}

describe.each<[SipProfile, string]>([
  ['E-ARK-SIP', '/representations/rep1/data/message-0002.txt'],
  ['FGS-1.2', 'Content/message-0002.txt'],
])('verifySubmissionPackage (%s)', (profile, messagePath) => {
  const pkg = buildSubmissionPackage(submissionPackageInput(), { profile });
  const isTarget = (name: string) => name.endsWith(messagePath);

  it('accepts the package as built and reports every listed file', () => {
    const result = verifySubmissionPackage(pkg.zip);
    expect(result).toMatchObject({ ok: true, problems: [], profile });
    expect(result.verifiedFiles).toHaveLength(pkg.manifest.length - 1);
  });

  it('detects a tampered file with the same size', () => {
    const tampered = rezip(pkg.zip, (entries) =>
      entries.map((e) => (isTarget(e.name) ? { ...e, data: Buffer.from(e.data.toString('latin1').replace('Hej', 'Hoj'), 'latin1') } : e)),
    );
    const result = verifySubmissionPackage(tampered);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'checksum-mismatch', path: expect.stringMatching(messagePath) })]);
  });

  it('detects a file that grew', () => {
    const tampered = rezip(pkg.zip, (entries) =>
      entries.map((e) => (isTarget(e.name) ? { ...e, data: Buffer.concat([e.data, Buffer.from('x')]) } : e)),
    );
    expect(verifySubmissionPackage(tampered).problems.map((p) => p.code)).toEqual(['size-mismatch', 'checksum-mismatch']);
  });

  it('detects a missing and an unlisted file', () => {
    const tampered = rezip(pkg.zip, (entries) => [
      ...entries.filter((e) => !isTarget(e.name)),
      { name: `${entries[1]!.name.split('/')[0]}/extra.txt`, data: Buffer.from('smuggled') },
    ]);
    const codes = verifySubmissionPackage(tampered).problems.map((p) => p.code);
    expect(codes).toEqual(['file-missing', 'file-unlisted']);
  });

  it('detects corrupted zip bytes', () => {
    const corrupted = Buffer.from(pkg.zip);
    corrupted[200]! ^= 0x01;
    const result = verifySubmissionPackage(corrupted);
    expect(result.ok).toBe(false);
    expect(result.problems[0]!.code).toBe('zip');
  });

  it('detects a missing METS file', () => {
    const tampered = rezip(pkg.zip, (entries) => entries.filter((e) => !/(METS|sip)\.xml$/.test(e.name)));
    expect(verifySubmissionPackage(tampered).problems.map((p) => p.code)).toEqual(['mets-missing']);
  });
});

describe('verifySubmissionPackage, E-ARK specifics', () => {
  it('detects an OBJID that does not name the root folder', () => {
    const pkg = buildSubmissionPackage(submissionPackageInput(), { profile: 'E-ARK-SIP' });
    const renamed = rezip(pkg.zip, (entries) => entries.map((e) => ({ ...e, name: e.name.replace(/^[^/]+/, 'other') })));
    expect(verifySubmissionPackage(renamed).problems.map((p) => p.code)).toEqual(['objid-mismatch']);
  });

  it('rejects something that is not a zip', () => {
    expect(verifySubmissionPackage(Buffer.from('hello')).problems.map((p) => p.code)).toEqual(['zip']);
  });
});

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { verifySubmissionPackage } from './package-verifier.js';
import { buildSubmissionPackage } from './sip-builder.js';
import { SubmissionPackageInputError } from './sip-types.js';
import { submissionPackageInput } from './submission-package.fixtures.js';
import { unescapeXml } from './xml-builder.js';
import { readZip } from './zip-reader.js';

const objid = submissionPackageInput().objid;

function files(zip: Buffer): Map<string, Buffer> {
  return new Map(readZip(zip).map((e) => [e.name, e.data]));
}

const pythonAvailable = (() => {
  try {
    execFileSync('python3', ['-c', 'import xml.dom.minidom'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Parses with a real XML parser (Python's expat) and returns the text of the root's OBJID, or throws. */
function parseWithExpat(xml: Buffer): string {
  const script =
    'import sys,xml.dom.minidom as m; d=m.parseString(sys.stdin.buffer.read()); print(d.documentElement.getAttribute("OBJID"))';
  return execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' }).trim();
}

describe('buildSubmissionPackage, E-ARK-SIP', () => {
  const pkg = buildSubmissionPackage(submissionPackageInput(), { profile: 'E-ARK-SIP' });
  const content = files(pkg.zip);
  const mets = content.get(`${objid}/METS.xml`)!.toString('utf8');

  it('lays out one root folder named by OBJID with METS.xml, descriptive metadata and rep1/data', () => {
    expect([...content.keys()]).toEqual([
      `${objid}/METS.xml`,
      `${objid}/metadata/descriptive/description.json`,
      `${objid}/metadata/descriptive/parties.json`,
      `${objid}/representations/rep1/data/conversation.json`,
      `${objid}/representations/rep1/data/message-0001.txt`,
      `${objid}/representations/rep1/data/message-0002.txt`,
      `${objid}/representations/rep1/data/message-0003.txt`,
      `${objid}/representations/rep1/data/attachments/0001-Läkarintyg.pdf`,
      `${objid}/representations/rep1/data/attachments/0002-_.._etc_passwd`,
    ]);
  });

  it('writes the CSIP/SIP root, header and agents', () => {
    expect(mets).toContain(`OBJID="${objid}"`);
    expect(mets).toContain('PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"');
    expect(mets).toContain('csip:CONTENTINFORMATIONTYPE="OTHER" csip:OTHERCONTENTINFORMATIONTYPE="Insyn secure conversation"');
    expect(mets).toContain('xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS"');
    expect(mets).toContain('<mets:metsHdr CREATEDATE="2025-03-14T09:26:53.000Z" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="SIP">');
    expect(mets).toMatch(
      /<mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">\s*<mets:name>Insyn<\/mets:name>\s*<mets:note csip:NOTETYPE="SOFTWARE VERSION">0\.1\.0<\/mets:note>/,
    );
    expect(mets).toMatch(
      /<mets:agent ROLE="ARCHIVIST" TYPE="ORGANIZATION">\s*<mets:name>Socialnämnden<\/mets:name>\s*<mets:note csip:NOTETYPE="IDENTIFICATIONCODE">ORG:2120002627</,
    );
    expect(mets).toMatch(/<mets:agent ROLE="OTHER" OTHERROLE="SUBMITTER" TYPE="ORGANIZATION">\s*<mets:name>Insyn drift</);
    expect(mets).toContain('<mets:altRecordID TYPE="SUBMISSIONAGREEMENT">KS 2025/123</mets:altRecordID>');
    expect(mets).toContain('<mets:structMap ID="structmap-1" TYPE="PHYSICAL" LABEL="CSIP StructMap">');
  });

  it('lists every data file with MIMETYPE, SIZE, CREATED and an upper-case SHA-256, relative href and original name', () => {
    const pdf = content.get(`${objid}/representations/rep1/data/attachments/0001-Läkarintyg.pdf`)!;
    const sha = createHash('sha256').update(pdf).digest('hex').toUpperCase();
    expect(mets).toMatch(
      new RegExp(
        `MIMETYPE="application/pdf" SIZE="${pdf.length}" CREATED="2025-03-03T12:00:00.000Z" CHECKSUM="${sha}" CHECKSUMTYPE="SHA-256">\\s*` +
          '<mets:FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="representations/rep1/data/attachments/0001-Läkarintyg.pdf" xlink:title="Läkarintyg.pdf"/>',
      ),
    );
    expect(mets).toContain('xlink:title="../../etc/passwd"');
    expect((mets.match(/<mets:file /g) ?? []).length).toBe(6);
    expect((mets.match(/<mets:mdRef /g) ?? []).length).toBe(2);
  });

  it('returns a manifest of every file with the zip sha256', () => {
    expect(pkg.sha256).toBe(createHash('sha256').update(pkg.zip).digest('hex'));
    expect(pkg.manifest.map((m) => m.path)).toEqual([...content.keys()]);
    for (const entry of pkg.manifest) {
      const data = content.get(entry.path)!;
      expect(entry.size).toBe(data.length);
      expect(entry.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    }
    expect(pkg.manifest.find((m) => m.path.endsWith('0002-_.._etc_passwd'))?.originalFileName).toBe('../../etc/passwd');
  });

  it('orders messages by sentAt and keeps bodies byte for byte', () => {
    const first = content.get(`${objid}/representations/rep1/data/message-0001.txt`)!.toString('utf8');
    expect(first).toMatch(/^Meddelande-id: msg-a\n/);
    expect(first.endsWith('\n\nHej, jag har en fråga om min ansökan.\r\nMvh')).toBe(true);
    const conversation = JSON.parse(content.get(`${objid}/representations/rep1/data/conversation.json`)!.toString('utf8'));
    expect(conversation.messages.map((m: { id: string }) => m.id)).toEqual(['msg-a', 'msg-b', 'msg-c']);
    expect(conversation.messages[2].body).toBe('Här är intyget 😀');
    expect(conversation.messages[2].attachments[1]).toMatchObject({
      fileName: '../../etc/passwd',
      file: 'attachments/0002-_.._etc_passwd',
    });
  });

  it('orders by sentAt, not by id or input order', () => {
    const input = submissionPackageInput();
    // Later messages get smaller ids, so id order is the reverse of time order.
    const renamed = input.messages.map((m) => ({ ...m, id: `id-${9e12 - m.sentAt.getTime()}` }));
    const zip = buildSubmissionPackage({ ...input, messages: renamed, attachments: [] }, { profile: 'E-ARK-SIP' }).zip;
    const first = files(zip).get(`${objid}/representations/rep1/data/message-0001.txt`)!.toString('utf8');
    expect(first).toContain('Hej, jag har en fråga');
  });

  it('puts the personnummer only in parties.json, normalised', () => {
    for (const [name, data] of content) {
      const hasPnr = data.toString('utf8').includes('191212121212') || data.toString('utf8').includes('19121212-1212');
      expect([name, hasPnr]).toEqual([name, name.endsWith('/parties.json')]);
    }
    const parties = JSON.parse(content.get(`${objid}/metadata/descriptive/parties.json`)!.toString('utf8'));
    expect(parties.parties[0]).toEqual({ role: 'citizen', subjectKey: 'sk_3f2a', personnummer: '191212121212' });
  });

  it('is byte-for-byte deterministic, whatever the input order of attachments', () => {
    const input = submissionPackageInput();
    const again = buildSubmissionPackage({ ...input, attachments: [...input.attachments].reverse() }, { profile: 'E-ARK-SIP' });
    expect(again.zip.equals(pkg.zip)).toBe(true);
    expect(again.sha256).toBe(pkg.sha256);
  });

  it('changes when the content changes', () => {
    const input = submissionPackageInput();
    const other = buildSubmissionPackage(
      { ...input, messages: input.messages.map((m, i) => (i === 0 ? { ...m, body: `${m.body}!` } : m)) },
      { profile: 'E-ARK-SIP' },
    );
    expect(other.sha256).not.toBe(pkg.sha256);
  });

  it('passes its own verifier', () => {
    expect(verifySubmissionPackage(pkg.zip)).toMatchObject({ ok: true, problems: [], profile: 'E-ARK-SIP', objid });
  });

  it('escapes markup and keeps non-BMP characters in METS', () => {
    const input = submissionPackageInput({ archivalCreator: { name: `Nämnd <&"'> 😀`, orgNumber: '2120002627' } });
    input.attachments[0]!.fileName = `a<b>&"c'😀.pdf`;
    const xml = files(buildSubmissionPackage(input, { profile: 'E-ARK-SIP' }).zip)
      .get(`${objid}/METS.xml`)!
      .toString('utf8');
    expect(xml).toContain('<mets:name>Nämnd &lt;&amp;"\'&gt; 😀</mets:name>');
    expect(xml).toContain('xlink:title="a&lt;b&gt;&amp;&quot;c&apos;😀.pdf"');
    const title = /xlink:title="([^"]*)"/.exec(xml)!;
    expect(unescapeXml(title[1]!)).toBe(`a<b>&"c'😀.pdf`);
  });

  (pythonAvailable ? it : it.skip)('is well-formed XML for a real parser, even with hostile names', () => {
    const input = submissionPackageInput({ archivalCreator: { name: `Nämnd <&"'> 😀 \u0007`, orgNumber: '212000-2627' } });
    input.attachments[0]!.fileName = `a<b>&"c'\n😀.pdf`;
    const zip = buildSubmissionPackage(input, { profile: 'E-ARK-SIP' }).zip;
    expect(parseWithExpat(files(zip).get(`${objid}/METS.xml`)!)).toBe(objid);
  });
});

describe('buildSubmissionPackage, FGS-1.2', () => {
  const pkg = buildSubmissionPackage(submissionPackageInput(), { profile: 'FGS-1.2' });
  const content = files(pkg.zip);
  const sip = content.get('sip.xml')!.toString('utf8');

  it('puts sip.xml at the root with Content/ and Metadata/', () => {
    expect([...content.keys()]).toEqual([
      'sip.xml',
      'Metadata/description.json',
      'Metadata/parties.json',
      'Content/conversation.json',
      'Content/message-0001.txt',
      'Content/message-0002.txt',
      'Content/message-0003.txt',
      'Content/attachments/0001-Läkarintyg.pdf',
      'Content/attachments/0002-_.._etc_passwd',
    ]);
  });

  it('uses the Swedish profile, the ExtensionMETS attributes and file:/// locations', () => {
    expect(sip).toContain('PROFILE="http://xml.ra.se/e-arkiv/METS/CommonSpecificationSwedenPackageProfile.xml"');
    expect(sip).toContain('xmlns:ext="ExtensionMETS"');
    expect(sip).toContain(`OBJID="UUID:${objid}"`);
    expect(sip).toContain('ext:CONTENTTYPESPECIFICATION="Insyn secure conversation"');
    expect(sip).toContain('ext:STARTDATE="2025-03-01" ext:ENDDATE="2025-03-13"');
    expect(sip).toContain('RECORDSTATUS="NEW" ext:OAISSTATUS="SIP"');
    expect(sip).toMatch(/<mets:agent ROLE="ARCHIVIST" TYPE="OTHER" OTHERTYPE="SOFTWARE">/);
    expect(sip).toMatch(/<mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">/);
    expect(sip).toContain('ext:ORIGINALFILENAME="../../etc/passwd"');
    expect(sip).toContain('xlink:href="file:///Content/attachments/0001-Läkarintyg.pdf"');
    expect(sip).toContain('LABEL="Profilestructmap"');
    expect((sip.match(/<mets:file /g) ?? []).length).toBe(8);
  });

  it('passes its own verifier and is deterministic', () => {
    expect(verifySubmissionPackage(pkg.zip)).toMatchObject({ ok: true, profile: 'FGS-1.2', objid });
    expect(buildSubmissionPackage(submissionPackageInput(), { profile: 'FGS-1.2' }).zip.equals(pkg.zip)).toBe(true);
  });
});

describe('buildSubmissionPackage input checks', () => {
  const base = submissionPackageInput();
  it.each([
    ['a non-UUID objid', { objid: '../evil' }],
    ['an attachment of an unknown message', { attachments: [{ ...base.attachments[0]!, messageId: 'nope' }] }],
    ['duplicate message ids', { messages: [base.messages[0]!, base.messages[0]!] }],
    [
      'an invalid personnummer',
      {
        conversation: {
          ...base.conversation,
          participants: [{ role: 'citizen' as const, subjectKey: 'k', personnummer: '19121212-1213' }],
        },
      },
    ],
    ['a bad org number', { archivalCreator: { name: 'x', orgNumber: '123' } }],
    ['closedAt before openedAt', { conversation: { ...base.conversation, closedAt: new Date('2020-01-01T00:00:00Z') } }],
  ])('refuses %s', (_label, overrides) => {
    expect(() => buildSubmissionPackage(submissionPackageInput(overrides), { profile: 'E-ARK-SIP' })).toThrow(SubmissionPackageInputError);
  });
});

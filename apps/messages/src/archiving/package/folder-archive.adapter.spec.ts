import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { Clock, IdGenerator } from '@insyn/platform';

import { PermanentArchiveError } from './archive-port.js';
import { FolderArchiveAdapter } from './folder-archive.adapter.js';
import { buildSubmissionPackage } from './sip-builder.js';
import { submissionPackageInput } from './submission-package.fixtures.js';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2025-03-15T10:00:00.000Z');
  }
}
class CountingIds extends IdGenerator {
  private n = 0;
  next(): string {
    return `receipt-${++this.n}`;
  }
}

const pkg = buildSubmissionPackage(submissionPackageInput(), { profile: 'E-ARK-SIP' });
const delivery = { objid: pkg.objid, zip: pkg.zip, sha256: pkg.sha256 };

describe('FolderArchiveAdapter', () => {
  let dir: string;
  let adapter: FolderArchiveAdapter;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'insyn-archive-'));
    adapter = new FolderArchiveAdapter(dir, { clock: new FixedClock(), ids: new CountingIds() });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes <objid>.zip and <objid>.receipt.json, with the sha256 of the written file, and no temp files', async () => {
    const receipt = await adapter.deliver(delivery);
    const written = readFileSync(join(dir, `${pkg.objid}.zip`));
    expect(written.equals(pkg.zip)).toBe(true);
    expect(receipt).toEqual({ receiptId: 'receipt-1', receivedAt: new Date('2025-03-15T10:00:00.000Z'), sha256: pkg.sha256 });
    expect(JSON.parse(readFileSync(join(dir, `${pkg.objid}.receipt.json`), 'utf8'))).toEqual({
      receiptId: 'receipt-1',
      receivedAt: '2025-03-15T10:00:00.000Z',
      sha256: createHash('sha256').update(written).digest('hex'),
      objid: pkg.objid,
      size: pkg.zip.length,
    });
    expect(readdirSync(dir).sort()).toEqual([`${pkg.objid}.receipt.json`, `${pkg.objid}.zip`]);
  });

  it('returns the existing receipt for the same bytes', async () => {
    const first = await adapter.deliver(delivery);
    const second = await adapter.deliver(delivery);
    expect(second).toEqual(first);
  });

  it('rewrites a lost receipt for a package already in place', async () => {
    await adapter.deliver(delivery);
    rmSync(join(dir, `${pkg.objid}.receipt.json`));
    const again = await adapter.deliver(delivery);
    expect(again).toMatchObject({ receiptId: 'receipt-2', sha256: pkg.sha256 });
  });

  it('refuses a different package under the same objid and leaves the first untouched', async () => {
    await adapter.deliver(delivery);
    const input = submissionPackageInput();
    const other = buildSubmissionPackage({ ...input, submitter: { name: 'Someone else' } }, { profile: 'E-ARK-SIP' });
    await expect(adapter.deliver({ objid: other.objid, zip: other.zip, sha256: other.sha256 })).rejects.toThrow(PermanentArchiveError);
    expect(readFileSync(join(dir, `${pkg.objid}.zip`)).equals(pkg.zip)).toBe(true);
  });

  it('refuses a package that fails its self-check, before writing anything', async () => {
    const broken = Buffer.from(pkg.zip);
    broken[100]! ^= 0xff;
    const sha256 = createHash('sha256').update(broken).digest('hex');
    await expect(adapter.deliver({ objid: pkg.objid, zip: broken, sha256 })).rejects.toThrow(/self-check/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a sha256 that is not the zip’s, and an objid that is not the package’s', async () => {
    await expect(adapter.deliver({ ...delivery, sha256: '0'.repeat(64) })).rejects.toThrow(PermanentArchiveError);
    await expect(adapter.deliver({ ...delivery, objid: '0190f5d2-3c4b-7a1e-9f00-000000000000' })).rejects.toThrow(/OBJID/);
    await expect(adapter.deliver({ ...delivery, objid: '../x' })).rejects.toThrow(PermanentArchiveError);
  });

  it('treats a foreign file already at the target name as a conflict', async () => {
    writeFileSync(join(dir, `${pkg.objid}.zip`), 'something else');
    await expect(adapter.deliver(delivery)).rejects.toThrow(/different package/);
  });

  it('creates a missing folder and its parents (0700) at prepare, and proves it writable without leaving a file', async () => {
    const folder = join(dir, 'not', 'yet');
    await new FolderArchiveAdapter(folder).prepare();
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('creates a missing folder when delivering too (it may have gone since boot)', async () => {
    const folder = join(dir, 'gone');
    await new FolderArchiveAdapter(folder).deliver(delivery);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(readdirSync(folder).sort()).toEqual([`${pkg.objid}.receipt.json`, `${pkg.objid}.zip`]);
  });

  it('leaves the mode of an existing folder as it is (the business system may read it)', async () => {
    chmodSync(dir, 0o750);
    await adapter.prepare();
    expect(statSync(dir).mode & 0o777).toBe(0o750);
  });

  it('reports a folder that cannot be created as retryable with its errno code, at prepare and at delivery, until it can', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a regular file where a folder should be');
    const blocked = new FolderArchiveAdapter(join(blocker, 'archive'));
    await expect(blocked.prepare()).rejects.toMatchObject({ retryable: true, reason: 'ENOTDIR' });
    await expect(blocked.deliver(delivery)).rejects.toMatchObject({ retryable: true, reason: 'ENOTDIR' });
    rmSync(blocker);
    await expect(blocked.deliver(delivery)).resolves.toMatchObject({ sha256: pkg.sha256 });
  });

  it('names refused packages by reason', async () => {
    await expect(adapter.deliver({ ...delivery, sha256: '0'.repeat(64) })).rejects.toMatchObject({ reason: 'package-invalid' });
    writeFileSync(join(dir, `${pkg.objid}.zip`), 'something else');
    await expect(adapter.deliver(delivery)).rejects.toMatchObject({ reason: 'objid-conflict', retryable: false });
  });
});

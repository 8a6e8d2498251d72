import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { Clock, IdGenerator, SystemClock, UuidV7Generator } from '@insyn/platform';

import {
  type ArchivePackageDelivery,
  type ArchiveReceipt,
  ArchivePort,
  errnoReason,
  OBJID_PATTERN,
  PermanentArchiveError,
  RetryableArchiveError,
} from './archive-port.js';
import { verifySubmissionPackage } from './package-verifier.js';

export interface FolderArchiveOptions {
  clock?: Clock;
  ids?: IdGenerator;
}

interface StoredReceipt {
  receiptId: string;
  receivedAt: string;
  sha256: string;
  objid: string;
  size: number;
}

/**
 * Drops `<objid>.zip` and `<objid>.receipt.json` into a folder the business system picks up from.
 *
 * - Self-check first: a package that fails `verifySubmissionPackage`, or whose sha256 is not the zip's,
 *   is refused before anything is written.
 * - Atomic: the zip is written to a temporary name, fsynced, then hard-linked to its final name (a link
 *   fails if the name exists, so two racing deliveries cannot overwrite each other) and the folder is
 *   fsynced. A reader never sees a half-written `<objid>.zip`.
 * - Idempotent: identical bytes under an existing objid return the existing receipt (written now if a
 *   crash came between the zip and the receipt); different bytes are a PermanentArchiveError.
 * - The receipt's sha256 is computed from the file as written, read back from disk.
 * - The folder is created when missing (with its parents, mode 0700: the packages hold conversations in
 *   clear), at boot by `prepare()` and again before each delivery, so a folder that appears or becomes
 *   creatable later is used without a restart. An existing folder's mode is left as the operator set it
 *   (the business system may need to read it).
 */
export class FolderArchiveAdapter extends ArchivePort {
  readonly kind = 'folder';
  private readonly clock: Clock;
  private readonly ids: IdGenerator;

  constructor(
    private readonly dir: string,
    options: FolderArchiveOptions = {},
  ) {
    super();
    this.clock = options.clock ?? new SystemClock();
    this.ids = options.ids ?? new UuidV7Generator();
  }

  get destination(): string {
    return this.dir;
  }

  /** Creates the folder if missing (0700) and proves it writable with a probe file, removed at once. */
  async prepare(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const probe = join(this.dir, `.probe.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      await handle.close();
      await unlink(probe);
    } catch (error) {
      throw new RetryableArchiveError(`the archive folder cannot be used: ${(error as Error).message}`, errnoReason(error), undefined, {
        cause: error,
      });
    }
  }

  async deliver(pkg: ArchivePackageDelivery): Promise<ArchiveReceipt> {
    if (!OBJID_PATTERN.test(pkg.objid)) throw new PermanentArchiveError('objid must be a lower-case UUID', 'package-invalid');
    if (sha256(pkg.zip) !== pkg.sha256.toLowerCase())
      throw new PermanentArchiveError(`sha256 given for ${pkg.objid} is not the zip's`, 'package-invalid');
    const verification = verifySubmissionPackage(pkg.zip);
    if (!verification.ok) {
      const codes = [...new Set(verification.problems.map((p) => p.code))].join(', ');
      throw new PermanentArchiveError(`package ${pkg.objid} failed its self-check: ${codes}`, 'package-invalid');
    }
    if (verification.objid !== pkg.objid) throw new PermanentArchiveError(`package OBJID is not ${pkg.objid}`, 'package-invalid');

    const zipPath = join(this.dir, `${pkg.objid}.zip`);
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const existing = await this.existingReceipt(pkg, zipPath);
      if (existing) return existing;

      const tmp = join(this.dir, `.${pkg.objid}.${randomBytes(6).toString('hex')}.tmp`);
      await writeDurably(tmp, pkg.zip);
      try {
        await link(tmp, zipPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // Someone delivered the same objid meanwhile: the same rules apply to what they wrote.
        const raced = await this.existingReceipt(pkg, zipPath);
        if (raced) return raced;
        throw error;
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
      await fsyncDir(this.dir);
      return await this.writeReceipt(pkg.objid, zipPath);
    } catch (error) {
      if (error instanceof PermanentArchiveError) throw error;
      throw new RetryableArchiveError(
        `cannot write package ${pkg.objid} to the archive folder: ${(error as Error).message}`,
        errnoReason(error),
        undefined,
        { cause: error },
      );
    }
  }

  private async existingReceipt(pkg: ArchivePackageDelivery, zipPath: string): Promise<ArchiveReceipt | undefined> {
    let stored: Buffer;
    try {
      stored = await readFile(zipPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (!stored.equals(pkg.zip))
      throw new PermanentArchiveError(`a different package with objid ${pkg.objid} is already in the archive folder`, 'objid-conflict');
    try {
      const raw = JSON.parse(await readFile(this.receiptPath(pkg.objid), 'utf8')) as StoredReceipt;
      if (raw.sha256 === sha256(stored)) return { receiptId: raw.receiptId, receivedAt: new Date(raw.receivedAt), sha256: raw.sha256 };
    } catch (error) {
      if (!(error instanceof SyntaxError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // The zip made it but its receipt did not (crash in between, or a damaged receipt): write it now.
    return this.writeReceipt(pkg.objid, zipPath);
  }

  private async writeReceipt(objid: string, zipPath: string): Promise<ArchiveReceipt> {
    const written = await readFile(zipPath);
    const receipt: ArchiveReceipt = { receiptId: this.ids.next(), receivedAt: this.clock.now(), sha256: sha256(written) };
    const stored: StoredReceipt = {
      receiptId: receipt.receiptId,
      receivedAt: receipt.receivedAt.toISOString(),
      sha256: receipt.sha256,
      objid,
      size: written.length,
    };
    const tmp = join(this.dir, `.${objid}.receipt.${randomBytes(6).toString('hex')}.tmp`);
    await writeDurably(tmp, Buffer.from(`${JSON.stringify(stored, null, 2)}\n`, 'utf8'));
    await rename(tmp, this.receiptPath(objid));
    await fsyncDir(this.dir);
    return receipt;
  }

  private receiptPath(objid: string): string {
    return join(this.dir, `${objid}.receipt.json`);
  }
}

async function writeDurably(path: string, data: Buffer): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o640);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the new directory entry durable; not every platform lets a directory be fsynced, so failures are ignored. */
async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY).catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KEY_BYTES, privateCopy } from './aes-gcm.js';
import { KeyFileError } from './errors.js';
import { KEK_ID, KeyRingProvider } from './key-ring.js';

export type LocalFileKeyProviderOptions = {
  /** Create the file with one fresh KEK when it does not exist (default true: development). */
  createIfMissing?: boolean;
};

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * KEKs from a JSON key file, for development: `{ "current": "<kekId>", "keys": { "<kekId>": "<base64 of
 * 32 bytes>" } }`. The file must be readable by its owner only (mode 0600); a missing file is created so,
 * with a fresh KEK. To rotate, add a key and point `current` at it and restart: the messages service wraps
 * its stored data keys again at start (`rewrap`); remove the old key only when none names it any more.
 *
 * The file is read once, at `open`. Production uses a KMS adapter of the same port instead: a key file
 * next to the database it protects is only as safe as that machine.
 */
export class LocalFileKeyProvider extends KeyRingProvider {
  private constructor(
    readonly path: string,
    current: string,
    keys: ReadonlyMap<string, Buffer>,
  ) {
    super(current, keys);
  }

  static async open(path: string, options: LocalFileKeyProviderOptions = {}): Promise<LocalFileKeyProvider> {
    let text = await readPrivateFile(path);
    if (text === undefined) {
      if (!(options.createIfMissing ?? true)) throw new KeyFileError(path, 'does not exist');
      await createKeyFile(path);
      text = await readPrivateFile(path);
      if (text === undefined) throw new KeyFileError(path, 'disappeared right after it was created');
    }
    const { current, keys } = parseKeyFile(path, text);
    try {
      return new LocalFileKeyProvider(path, current, keys);
    } finally {
      for (const key of keys.values()) key.fill(0);
    }
  }
}

/** The file's text, or undefined when it does not exist; refuses a file that group or others may access. */
async function readPrivateFile(path: string): Promise<string | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new KeyFileError(path, 'cannot be opened', { cause: error });
  }
  try {
    // fstat on the open handle: the checked file is the file that is read.
    const stat = await handle.stat();
    if (!stat.isFile()) throw new KeyFileError(path, 'is not a regular file');
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new KeyFileError(
        path,
        `is accessible by group or others (mode ${mode}); it must be readable by its owner only: chmod 600 ${path}`,
      );
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

async function createKeyFile(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const kekId = `local-${randomBytes(6).toString('hex')}`;
  const kek = randomBytes(KEY_BYTES);
  let handle: FileHandle;
  try {
    // 'wx': never overwrite a key file another process has just created; 0600 from the first byte.
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    kek.fill(0);
    if (errorCode(error) === 'EEXIST') return;
    throw new KeyFileError(path, 'cannot be created', { cause: error });
  }
  try {
    await handle.chmod(0o600);
    await handle.writeFile(`${JSON.stringify({ current: kekId, keys: { [kekId]: kek.toString('base64') } }, null, 2)}\n`);
    await handle.sync();
  } finally {
    kek.fill(0);
    await handle.close();
  }
}

function parseKeyFile(path: string, text: string): { current: string; keys: Map<string, Buffer> } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message may quote the file's text, which holds keys: do not pass it on.
    throw new KeyFileError(path, 'is not valid JSON');
  }
  if (!isRecord(json) || typeof json.current !== 'string' || !isRecord(json.keys)) {
    throw new KeyFileError(path, 'must be { "current": "<kekId>", "keys": { "<kekId>": "<base64 of 32 bytes>" } }');
  }
  const keys = new Map<string, Buffer>();
  try {
    for (const [kekId, value] of Object.entries(json.keys)) keys.set(kekId, parseKey(path, kekId, value));
  } catch (error) {
    for (const key of keys.values()) key.fill(0);
    throw error;
  }
  if (!keys.has(json.current)) {
    for (const key of keys.values()) key.fill(0);
    throw new KeyFileError(path, `the current key '${json.current.slice(0, 64)}' is not among the keys`);
  }
  return { current: json.current, keys };
}

function parseKey(path: string, kekId: string, value: unknown): Buffer {
  if (!KEK_ID.test(kekId)) throw new KeyFileError(path, `key id '${kekId.slice(0, 64)}' is not allowed (letters, digits, . _ : / -)`);
  if (typeof value !== 'string' || !BASE64.test(value)) throw new KeyFileError(path, `key '${kekId}' is not a base64 string`);
  const decoded = Buffer.from(value, 'base64');
  const key = privateCopy(decoded);
  decoded.fill(0);
  if (key.length !== KEY_BYTES) {
    key.fill(0);
    throw new KeyFileError(path, `key '${kekId}' is ${key.length} bytes; a key-encryption key must be ${KEY_BYTES} random bytes`);
  }
  return key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorCode(error: unknown): unknown {
  return isRecord(error) ? error.code : undefined;
}

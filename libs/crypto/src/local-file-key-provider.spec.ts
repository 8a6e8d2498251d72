import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { KeyFileError } from './errors.js';
import { LocalFileKeyProvider } from './local-file-key-provider.js';

const CONVERSATION = 'conv-1';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insyn-crypto-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeKeyFile(path: string, content: unknown, mode = 0o600): Promise<void> {
  await writeFile(path, JSON.stringify(content), { mode });
  await chmod(path, mode);
}

describe('LocalFileKeyProvider', () => {
  it('creates a missing key file with mode 0600 and one fresh 32-byte key', async () => {
    const path = join(dir, 'keys', 'kek.json');
    const keys = await LocalFileKeyProvider.open(path);

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const file = JSON.parse(await readFile(path, 'utf8')) as { current: string; keys: Record<string, string> };
    expect(Object.keys(file.keys)).toEqual([file.current]);
    expect(Buffer.from(file.keys[file.current]!, 'base64')).toHaveLength(32);
    expect(keys.currentKekId()).toBe(file.current);
  });

  it('reads the same keys back: what one process wrapped, the next unwraps', async () => {
    const path = join(dir, 'kek.json');
    const first = await LocalFileKeyProvider.open(path);
    const { dataKey, wrapped } = await first.generateDataKey(CONVERSATION);
    const second = await LocalFileKeyProvider.open(path);
    expect((await second.unwrap(wrapped, CONVERSATION)).equals(dataKey)).toBe(true);
  });

  it('creates fresh keys per file', async () => {
    const a = await LocalFileKeyProvider.open(join(dir, 'a.json'));
    const b = await LocalFileKeyProvider.open(join(dir, 'b.json'));
    const { wrapped } = await a.generateDataKey(CONVERSATION);
    await expect(b.unwrap({ kekId: b.currentKekId(), wrapped: wrapped.wrapped }, CONVERSATION)).rejects.toThrow();
  });

  it.each([0o644, 0o640, 0o604, 0o660, 0o606])('refuses a key file with mode %o, with a clear error', async (mode) => {
    const path = join(dir, 'kek.json');
    await writeKeyFile(path, { current: 'k1', keys: { k1: randomBytes(32).toString('base64') } }, mode);
    const opening = LocalFileKeyProvider.open(path);
    await expect(opening).rejects.toThrow(KeyFileError);
    await expect(LocalFileKeyProvider.open(path)).rejects.toThrow(`mode ${mode.toString(8).padStart(4, '0')}`);
    await expect(LocalFileKeyProvider.open(path)).rejects.toThrow('chmod 600');
  });

  it('accepts mode 0400', async () => {
    const path = join(dir, 'kek.json');
    await writeKeyFile(path, { current: 'k1', keys: { k1: randomBytes(32).toString('base64') } }, 0o400);
    await expect(LocalFileKeyProvider.open(path)).resolves.toBeInstanceOf(LocalFileKeyProvider);
  });

  it.each([
    ['a 31-byte key', { current: 'k1', keys: { k1: randomBytes(31).toString('base64') } }, /31 bytes.*must be 32/],
    ['a 33-byte key', { current: 'k1', keys: { k1: randomBytes(33).toString('base64') } }, /33 bytes.*must be 32/],
    [
      'an old key of 16 bytes',
      { current: 'k1', keys: { k1: randomBytes(32).toString('base64'), k0: randomBytes(16).toString('base64') } },
      /'k0' is 16 bytes/,
    ],
    ['a key that is not base64', { current: 'k1', keys: { k1: 'not base64!' } }, /not a base64/],
    ['a current key that is missing', { current: 'k2', keys: { k1: randomBytes(32).toString('base64') } }, /current key 'k2'/],
    ['no keys', { current: 'k1' }, /must be \{/],
    ['a bad key id', { current: 'k 1', keys: { 'k 1': randomBytes(32).toString('base64') } }, /not allowed/],
  ])('refuses a key file with %s', async (_, content, message) => {
    const path = join(dir, 'kek.json');
    await writeKeyFile(path, content);
    await expect(LocalFileKeyProvider.open(path)).rejects.toThrow(KeyFileError);
    await expect(LocalFileKeyProvider.open(path)).rejects.toThrow(message);
  });

  it('refuses invalid JSON without quoting the file', async () => {
    const path = join(dir, 'kek.json');
    const secret = randomBytes(32).toString('base64');
    await writeFile(path, `{ "current": "k1", "keys": { "k1": "${secret}" `, { mode: 0o600 });
    const error = await LocalFileKeyProvider.open(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyFileError);
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect((error as Error).message).not.toContain(secret);
  });

  it('does not create the file when told not to', async () => {
    const path = join(dir, 'kek.json');
    await expect(LocalFileKeyProvider.open(path, { createIfMissing: false })).rejects.toThrow(/does not exist/);
    await expect(stat(path)).rejects.toThrow();
  });

  it('rotates through the file: add k2, make it current, old keys still unwrap and rewrap to k2', async () => {
    const path = join(dir, 'kek.json');
    const k1 = randomBytes(32).toString('base64');
    await writeKeyFile(path, { current: 'k1', keys: { k1 } });
    const { dataKey, wrapped } = await (await LocalFileKeyProvider.open(path)).generateDataKey(CONVERSATION);
    expect(wrapped.kekId).toBe('k1');

    await writeKeyFile(path, { current: 'k2', keys: { k1, k2: randomBytes(32).toString('base64') } });
    const rotated = await LocalFileKeyProvider.open(path);
    expect((await rotated.unwrap(wrapped, CONVERSATION)).equals(dataKey)).toBe(true);
    const rewrapped = await rotated.rewrap(wrapped, CONVERSATION);
    expect(rewrapped.kekId).toBe('k2');
    expect((await rotated.unwrap(rewrapped, CONVERSATION)).equals(dataKey)).toBe(true);
  });
});

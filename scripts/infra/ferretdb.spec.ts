import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ferretDbBinaryName } from './ferretdb.mjs';

describe('the cached FerretDB binary is named by its version and its patches', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-patches-'));
  const patch = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it('names the version and a hash of the checked-in patches', () => {
    expect(ferretDbBinaryName('v1.24.1')).toMatch(/^ferretdb-v1\.24\.1-insyn-[0-9a-f]{12}$/);
    expect(ferretDbBinaryName('v1.24.0')).not.toBe(ferretDbBinaryName('v1.24.1'));
  });

  it('changes when a patch changes, is added or is renamed, so an old binary is never reused', () => {
    const a = patch('0001-a.patch', 'one');
    const base = ferretDbBinaryName('v1', [a]);
    expect(ferretDbBinaryName('v1', [a])).toBe(base);
    patch('0001-a.patch', 'one, changed');
    expect(ferretDbBinaryName('v1', [a])).not.toBe(base);
    const b = patch('0002-b.patch', 'two');
    expect(ferretDbBinaryName('v1', [a, b])).not.toBe(ferretDbBinaryName('v1', [a]));
    const renamed = patch('0003-a.patch', 'one, changed');
    expect(ferretDbBinaryName('v1', [renamed])).not.toBe(ferretDbBinaryName('v1', [a]));
  });

  it('the checked-in patches are git patches with a header that says why', () => {
    const folder = path.join(import.meta.dirname, 'ferretdb-patches');
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.patch'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const text = fs.readFileSync(path.join(folder, f), 'utf8');
      expect(text).toMatch(/^Insyn: /);
      expect(text).toContain('\ndiff --git a/');
    }
  });
});

import { describe, expect, it } from '@jest/globals';
import { SecretBox } from './secret-box.js';

const OLD = 'the-secret-before-rotation-0000000000';
const NEW = 'the-secret-after-rotation-11111111111';

describe('SecretBox', () => {
  it('opens what it sealed, bound to the associated data', () => {
    const box = new SecretBox(NEW, 'purpose', 'salt');
    const sealed = box.seal('private key', 'kid-1');
    expect(box.open(sealed, 'kid-1')).toBe('private key');
    expect(() => box.open(sealed, 'kid-2')).toThrow();
  });

  it('keeps purposes and salts apart', () => {
    const sealed = new SecretBox(NEW, 'purpose', 'salt').seal('x', 'ad');
    expect(() => new SecretBox(NEW, 'other purpose', 'salt').open(sealed, 'ad')).toThrow();
    expect(() => new SecretBox(NEW, 'purpose', 'other salt').open(sealed, 'ad')).toThrow();
  });

  it('during a rotation seals with the current secret and opens values of either', () => {
    const before = new SecretBox(OLD, 'purpose', 'salt');
    const during = new SecretBox([NEW, OLD], 'purpose', 'salt');
    const after = new SecretBox(NEW, 'purpose', 'salt');
    const old = before.seal('sealed before', 'ad');
    expect(during.open(old, 'ad')).toBe('sealed before');
    const fresh = during.seal('sealed during', 'ad');
    expect(after.open(fresh, 'ad')).toBe('sealed during');
    expect(() => after.open(old, 'ad')).toThrow();
  });

  it('reseals a value of the previous secret with the current one, and leaves current values alone', () => {
    const during = new SecretBox([NEW, OLD], 'purpose', 'salt');
    const old = new SecretBox(OLD, 'purpose', 'salt').seal('evidence', 'ad');
    const moved = during.reseal(old, 'ad');
    expect(moved).not.toBeNull();
    expect(new SecretBox(NEW, 'purpose', 'salt').open(moved!, 'ad')).toBe('evidence');
    expect(during.reseal(moved!, 'ad')).toBeNull();
    expect(() => during.reseal(old, 'other ad')).toThrow();
  });

  it('refuses what is not a sealed value, and a box without a secret', () => {
    expect(() => new SecretBox(NEW, 'p', 's').open('v2.a.b.c', 'ad')).toThrow('not a sealed value');
    expect(() => new SecretBox([], 'p', 's')).toThrow('needs a secret');
  });
});

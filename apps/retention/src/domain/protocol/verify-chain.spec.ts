import { describe, expect, it } from '@jest/globals';

import { entryHash, GENESIS_HASH, type ProtocolEntry } from './protocol-entry.js';
import { protocolChain } from './protocol-entry.fixtures.js';
import { verifyChain } from './verify-chain.js';

/** A stored copy of the chain that an attacker (or a bug) may edit: plain, unfrozen JSON. */
function storedChain(length = 50): ProtocolEntry[] {
  return JSON.parse(JSON.stringify(protocolChain(length))) as ProtocolEntry[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

function edit(entries: ProtocolEntry[], seq: number, change: (e: Mutable<ProtocolEntry>) => void): ProtocolEntry[] {
  change(entries[seq - 1] as Mutable<ProtocolEntry>);
  return entries;
}

/** The attacker recomputes the edited entry's own hash. */
function rehash(entries: ProtocolEntry[], seq: number): ProtocolEntry[] {
  return edit(entries, seq, (e) => {
    e.hash = entryHash(e);
  });
}

describe('verifyChain', () => {
  it('verifies a valid chain of 50 entries and returns its head', () => {
    const entries = storedChain();
    expect(verifyChain(entries)).toEqual({ ok: true, length: 50, head: entries[49]!.hash });
  });

  it('accepts the empty protocol, with the genesis hash as head', () => {
    expect(verifyChain([])).toEqual({ ok: true, length: 0, head: GENESIS_HASH });
  });

  it.each<[string, (e: Mutable<ProtocolEntry>) => void]>([
    ['a count', (e) => void (e.counts.held += 1)],
    ['the candidates count', (e) => void (e.counts.candidates = 0)],
    ['a date', (e) => void (e.finishedAt = '2026-02-18T02:01:36.000Z')],
    ['the decision reference', (e) => void (e.decision.reference = 'SN 2025/999')],
    ['the method', (e) => void (e.method = 'delete')],
    ['the approver', (e) => void (e.approvedBy = 'someone-else')],
    ['the selection', (e) => void (e.selection.requireArchived = false)],
    ['the run id', (e) => void (e.runId = 'run-other')],
    ['the rule version', (e) => void (e.rule.version = 2)],
  ])('detects a change of %s in entry 17 at 17', (_, change) => {
    expect(verifyChain(edit(storedChain(), 17, change))).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'hash-mismatch' });
  });

  it('detects an added field at the entry', () => {
    const entries = edit(storedChain(), 17, (e) => Object.assign(e, { note: 'x' }));
    expect(verifyChain(entries)).toMatchObject({ ok: false, firstBrokenSeq: 17 });
  });

  it('detects a hash that was replaced', () => {
    const entries = edit(storedChain(), 17, (e) => void (e.hash = '0'.repeat(64)));
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'hash-mismatch' });
  });

  it('detects a deleted entry where it was', () => {
    const entries = storedChain();
    entries.splice(16, 1);
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'seq-gap' });
  });

  it('detects a deleted entry even when the later entries were renumbered (at the link)', () => {
    const entries = storedChain();
    entries.splice(16, 1);
    for (const [i, e] of entries.entries()) (e as Mutable<ProtocolEntry>).seq = i + 1;
    const result = verifyChain(entries);
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: 17 });
    // Renumbering changes the hash; renumbering and re-hashing leaves the link to entry 16 broken.
    for (let seq = 17; seq <= entries.length; seq++) rehash(entries, seq);
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'link-mismatch' });
  });

  it('detects two swapped entries', () => {
    const entries = storedChain();
    [entries[16], entries[17]] = [entries[17]!, entries[16]!];
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'seq-gap' });
  });

  it('detects two swapped entries with swapped seq numbers', () => {
    const entries = storedChain();
    [entries[16], entries[17]] = [entries[17]!, entries[16]!];
    edit(entries, 17, (e) => void (e.seq = 17));
    edit(entries, 18, (e) => void (e.seq = 18));
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'hash-mismatch' });
    rehash(entries, 17);
    rehash(entries, 18);
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'link-mismatch' });
  });

  it('detects a tampered entry whose hash the attacker recomputed, at the next entry', () => {
    const entries = edit(storedChain(), 17, (e) => {
      e.decision.reference = 'SN 2025/999';
      e.counts.candidates += 10;
    });
    rehash(entries, 17);
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 18, reason: 'link-mismatch' });
  });

  it('detects re-hashed chunks that no longer match the entry digest', () => {
    const entries = edit(storedChain(), 17, (e) => void (e.chunks[1]!.deletedIdsSha256 = 'f'.repeat(64)));
    rehash(entries, 17);
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'chunk-digest-mismatch' });
  });

  it('detects a re-hashed deleted count that the chunks do not account for', () => {
    const entries = edit(storedChain(), 17, (e) => void (e.counts.deleted -= 1));
    rehash(entries, 17);
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'chunk-digest-mismatch' });
  });

  it('detects a first entry that does not start from genesis', () => {
    const entries = edit(storedChain(3), 1, (e) => void (e.previousHash = 'a'.repeat(64)));
    rehash(entries, 1);
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 1, reason: 'link-mismatch' });
  });

  it('reports a value without a JSON form as a changed entry', () => {
    const entries = edit(storedChain(20), 17, (e) => void (e.counts.blocked = Number.NaN));
    expect(verifyChain(entries)).toEqual({ ok: false, firstBrokenSeq: 17, reason: 'hash-mismatch' });
  });
});

import { createHash } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { appendEntry, canonicalJson, chunksDigest, GENESIS_HASH, ProtocolEntryError, type ProtocolEntry } from './protocol-entry.js';
import { protocolDraft } from './protocol-entry.fixtures.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('canonicalJson', () => {
  it('is stable under key order, at every depth', () => {
    const a = { b: 1, a: { y: [1, { q: true, p: null }], x: 'x' }, c: 'å' };
    const b = { c: 'å', a: { x: 'x', y: [1, { p: null, q: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":null,"q":true}]},"b":1,"c":"å"}');
  });

  it('keeps array order, writes numbers as JSON, dates as ISO strings, and no whitespace', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ n: 1.5, z: -0, e: 1e21, big: 100_000 })).toBe('{"big":100000,"e":1e+21,"n":1.5,"z":0}');
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.006Z') })).toBe('{"at":"2026-01-02T03:04:05.006Z"}');
    expect(canonicalJson({ s: 'rad 1\n"citat" \\ é' })).toBe('{"s":"rad 1\\n\\"citat\\" \\\\ é"}');
  });

  it('sorts keys by UTF-16 code units and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, B: 2, å: 3, a: undefined })).toBe('{"B":2,"b":1,"å":3}');
  });

  it('rejects values without a stable JSON form', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson({ m: new Map() })).toThrow(TypeError);
    expect(() => canonicalJson({ b: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(new Date('invalid'))).toThrow(TypeError);
  });
});

describe('chunksDigest', () => {
  it('hashes "<chunk>:<digest>" lines in chunk order, joined by newlines', () => {
    // The messages service's chunk digest: SHA-256 over the sorted ids, one per line.
    const chunk0 = sha256(['id-b', 'id-a'].sort().join('\n'));
    const chunk1 = sha256('');
    const chunks = [
      { chunk: 0, deleted: 2, deletedIdsSha256: chunk0 },
      { chunk: 1, deleted: 0, deletedIdsSha256: chunk1 },
    ];
    expect(chunksDigest(chunks)).toBe(sha256(`0:${chunk0}\n1:${chunk1}`));
    expect(chunksDigest([...chunks].reverse())).not.toBe(chunksDigest(chunks));
    expect(chunksDigest([])).toBe(sha256(''));
  });
});

describe('appendEntry', () => {
  it('starts the chain at seq 1 from the genesis hash', () => {
    const first = appendEntry(undefined, protocolDraft(1));
    expect(first.seq).toBe(1);
    expect(first.previousHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('hashes previousHash + "\\n" + the canonical entry without its hash, and links the next entry', () => {
    const first = appendEntry(undefined, protocolDraft(1));
    const second = appendEntry(first, protocolDraft(2));
    for (const entry of [first, second]) {
      const { hash, ...rest } = entry;
      expect(hash).toBe(sha256(`${entry.previousHash}\n${canonicalJson(rest)}`));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(second.seq).toBe(2);
    expect(second.previousHash).toBe(first.hash);
  });

  it('computes deletedIdsSha256 from the chunks', () => {
    const entry = appendEntry(undefined, protocolDraft(3));
    expect(entry.deletedIdsSha256).toBe(chunksDigest(entry.chunks));
  });

  it('gives the same hash whatever the key order of the draft', () => {
    const draft = protocolDraft(4);
    const reordered = Object.fromEntries(Object.entries(draft).reverse()) as typeof draft;
    expect(appendEntry(undefined, reordered).hash).toBe(appendEntry(undefined, draft).hash);
  });

  it('returns a deeply frozen entry, copied from the draft', () => {
    const draft = protocolDraft(5);
    const entry = appendEntry(undefined, draft);
    expect(Object.isFrozen(entry) && Object.isFrozen(entry.counts) && Object.isFrozen(entry.chunks[0])).toBe(true);
    (draft.counts as { deleted: number }).deleted = 0;
    expect(entry.counts.deleted).toBe(105);
  });

  it('holds counts and digests only: no ids, subject keys or holds', () => {
    const json = canonicalJson(appendEntry(undefined, protocolDraft(6)) satisfies ProtocolEntry);
    expect(json).not.toMatch(/subjectKey|itemId|holdId|exclusions/i);
  });

  it('refuses a personnummer in any text field', () => {
    expect(() => appendEntry(undefined, protocolDraft(1, { approvedBy: '19121212-1212' }))).toThrow(/personnummer/);
    const decision = { ...protocolDraft(1).decision, reference: 'SN 2025/12 ang. 121212-1212' };
    expect(() => appendEntry(undefined, protocolDraft(1, { decision }))).toThrow(ProtocolEntryError);
    // Diarienummer and dates are not mistaken for one.
    const plain = { ...protocolDraft(1).decision, reference: 'KS 2024-001234' };
    expect(appendEntry(undefined, protocolDraft(1, { decision: plain })).decision.reference).toBe('KS 2024-001234');
  });

  it('keeps an optional remark in the hash, single-line and without a personnummer', () => {
    const plain = appendEntry(undefined, protocolDraft(1));
    expect(plain).not.toHaveProperty('remark');
    const remarked = appendEntry(undefined, protocolDraft(1, { remark: 'Gallringsstopp på enheten: inget gallrades' }));
    expect(remarked.remark).toBe('Gallringsstopp på enheten: inget gallrades');
    expect(remarked.hash).not.toBe(plain.hash);
    expect(() => appendEntry(undefined, protocolDraft(1, { remark: 'gäller 19121212-1212' }))).toThrow(/personnummer/);
    expect(() => appendEntry(undefined, protocolDraft(1, { remark: 'två\nrader' }))).toThrow(/remark/);
  });

  it('refuses chunks that do not add up, are out of order, or carry a malformed digest', () => {
    const draft = protocolDraft(1);
    const [c0, c1] = draft.chunks as [ProtocolEntry['chunks'][number], ProtocolEntry['chunks'][number]];
    expect(() => appendEntry(undefined, { ...draft, counts: { ...draft.counts, deleted: 1 } })).toThrow(/chunks' sum/);
    expect(() => appendEntry(undefined, { ...draft, chunks: [c1, c0] })).toThrow(/ascending/);
    expect(() => appendEntry(undefined, { ...draft, chunks: [c0, { ...c1, deletedIdsSha256: 'ABC' }] })).toThrow(/hex/);
  });

  it('refuses malformed dates, durations, versions and multi-line text', () => {
    const draft = protocolDraft(1);
    expect(() => appendEntry(undefined, { ...draft, startedAt: '2026-13-01T00:00:00Z' })).toThrow(/startedAt/);
    expect(() => appendEntry(undefined, { ...draft, finishedAt: '2025-01-01T00:00:00Z' })).toThrow(/before/);
    expect(() => appendEntry(undefined, { ...draft, rule: { ...draft.rule, after: '2 år' } })).toThrow(/duration/);
    expect(() => appendEntry(undefined, { ...draft, rule: { ...draft.rule, version: 0 } })).toThrow(/version/);
    expect(() => appendEntry(undefined, { ...draft, executedBy: 'a\nb' })).toThrow(/single-line/);
    expect(() => appendEntry(undefined, { ...draft, decision: { ...draft.decision, date: '2025-5-1' } })).toThrow(/date/);
  });
});

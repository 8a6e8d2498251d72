import { chunksDigest, entryHash, GENESIS_HASH, type ProtocolEntry } from './protocol-entry.js';

export type ChainBreak = 'hash-mismatch' | 'link-mismatch' | 'seq-gap' | 'chunk-digest-mismatch';

export type ChainVerification =
  | { readonly ok: true; readonly length: number; readonly head: string }
  | { readonly ok: false; readonly firstBrokenSeq: number; readonly reason: ChainBreak };

/**
 * Verifies the whole protocol, given in seq order. Entry at position i (1-based) is checked for, in order:
 * - `seq-gap`: its seq is not i (an entry was removed, inserted or moved);
 * - `hash-mismatch`: its stored hash differs from the recomputed one (the entry was changed);
 * - `link-mismatch`: its previousHash is not the hash of entry i-1 (genesis for i = 1): the entry before
 *   was changed and re-hashed, or entries were cut out and re-linked;
 * - `chunk-digest-mismatch`: its deletedIdsSha256 does not match its chunks, the chunks are not in strictly
 *   ascending order, or their deleted counts do not add up to counts.deleted.
 * `firstBrokenSeq` is the position i of the first entry that fails. An empty protocol is valid, with the
 * genesis hash as head.
 *
 * A chain proves that nothing before the head changed. It cannot tell whether the newest entries were cut
 * off or rewritten together with the head, so compare `head` with a copy kept elsewhere (the last
 * exported PDF, a signed receipt from the archive authority).
 */
export function verifyChain(entries: readonly ProtocolEntry[]): ChainVerification {
  let previousHash = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const position = index + 1;
    const broken = (reason: ChainBreak): ChainVerification => ({ ok: false, firstBrokenSeq: position, reason });
    if (entry.seq !== position) return broken('seq-gap');
    if (!safeEquals(entry.hash, safeHash(entry))) return broken('hash-mismatch');
    if (entry.previousHash !== previousHash) return broken('link-mismatch');
    if (!chunksConsistent(entry)) return broken('chunk-digest-mismatch');
    previousHash = entry.hash;
  }
  return { ok: true, length: entries.length, head: previousHash };
}

function chunksConsistent(entry: ProtocolEntry): boolean {
  let last = -1;
  let sum = 0;
  for (const chunk of entry.chunks) {
    if (!(chunk.chunk > last)) return false;
    last = chunk.chunk;
    sum += chunk.deleted;
  }
  return sum === entry.counts.deleted && entry.deletedIdsSha256 === chunksDigest(entry.chunks);
}

/** A stored entry that cannot be serialised (e.g. a number replaced by NaN) is a changed entry. */
function safeHash(entry: ProtocolEntry): string | undefined {
  try {
    return entryHash(entry);
  } catch {
    return undefined;
  }
}

function safeEquals(stored: string, computed: string | undefined): boolean {
  return computed !== undefined && stored === computed;
}

import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** Where ids come from. Inject it; tests swap it for a predictable one. */
export abstract class IdGenerator {
  abstract next(): string;
}

/**
 * UUIDv7 (RFC 9562): time-ordered, so ids sort by creation and index well, yet unguessable enough
 * for event and document ids (74 random bits). Not for secrets: use `randomBytes` for those.
 */
@Injectable()
export class UuidV7Generator extends IdGenerator {
  next(): string {
    return uuidv7(Date.now());
  }
}

export function uuidv7(ms: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

import type { Principal } from '@insyn/auth';

/** Who did it, for the record: an official by HSA-id, a system by client id. Never a personnummer. */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'official') return `official:${principal.hsaId ?? principal.subject}`;
  return `${principal.kind}:${principal.subject}`;
}

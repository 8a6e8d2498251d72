import type { Principal } from '@insyn/auth';
import type { Performer } from './rule.model.js';

/** Who did it, for the record: an official by HSA-id, a system by client id. Never a personnummer. */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'official') return `official:${principal.hsaId ?? principal.subject}`;
  return `${principal.kind}:${principal.subject}`;
}

/** Who did it and, for an official whose token names her, her name: what the rule's record and the portal show. */
export function performerOf(principal: Principal): Performer {
  const name = principal.kind === 'official' ? principal.name?.trim() : undefined;
  return { id: actorOf(principal), ...(name ? { name: name.slice(0, 200) } : {}), key: `${principal.kind}:${principal.subject}` };
}

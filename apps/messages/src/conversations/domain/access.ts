import { type Principal, subjectKeysOf } from '@insyn/auth';

/** Officials of a unit who handle its secure messages. */
export const HANDLER_ROLE = 'messages-handler';
export const Scopes = { send: 'messages:send', read: 'messages:read' } as const;

export type Capability = 'read' | 'reply' | 'close' | 'confirm-inaktuell';

/** What only the unit may do: close a conversation, and confirm a closed one no longer needed. */
const UNIT_ONLY: readonly Capability[] = ['close', 'confirm-inaktuell'];

/**
 * Who may do what with a conversation. The citizen: only her own, at LoA 3. An official: only her own
 * unit's, with the handler role. A municipal system: only its unit's, with the scope for the act.
 * Everyone else gets "not found", never "forbidden": the existence of a conversation is not disclosed.
 */
// A citizen's conversation may be stored under her key of a previous SUBJECT_KEY_SECRET until it is re-keyed (ADR 0025).
export function mayAccess(who: Principal, conversation: { subjectKey: string; unit: string }, capability: Capability): boolean {
  switch (who.kind) {
    case 'citizen':
      return !UNIT_ONLY.includes(capability) && subjectKeysOf(who).includes(conversation.subjectKey) && (who.loa ?? 0) >= 3;
    case 'official':
      return who.roles.includes(HANDLER_ROLE) && who.unit === conversation.unit;
    case 'client':
      return who.unit === conversation.unit && who.scopes.includes(capability === 'read' ? Scopes.read : Scopes.send);
  }
}

/** The roles that handle data-subject requests (the rights service's own rule: rights-handler, dpo). */
export const HANDLER_ROLES = ['rights-handler', 'dpo'] as const;

/** The role that handles the unit's conversations (the messages service's own rule). */
export const MESSAGE_HANDLER_ROLES = ['messages-handler'] as const;

/** Who reads gallring's rules, runs and protocol (the retention service's readers). */
export const RETENTION_READER_ROLES = ['retention-admin', 'dpo', 'archivist', 'retention-approver'] as const;

/** Who reads the holds: the readers, and the registrator, who sets them. */
export const HOLD_READER_ROLES = [...RETENTION_READER_ROLES, 'registrator'] as const;

/** Who works with the notices: editors write and submit drafts, approvers and the DPO approve them (four eyes). */
export const NOTICE_ROLES = ['notice-editor', 'notice-approver', 'dpo'] as const;
/** Who writes drafts and submits them for approval (the notice service's writers). */
export const NOTICE_EDITOR_ROLES = ['notice-editor'] as const;
/** Who approves or rejects a draft submitted by someone else. */
export const NOTICE_APPROVER_ROLES = ['notice-approver', 'dpo'] as const;

/** An official's work pages that her roles open: the menu and her start page list the same. */
export interface OfficialArea {
  href: string;
  /** The catalogue id of its name. */
  label: string;
}

const AREAS: (OfficialArea & { roles: readonly string[] })[] = [
  { href: '/tjanst/meddelanden', label: 'official.nav.messages', roles: MESSAGE_HANDLER_ROLES },
  { href: '/tjanst/begaranden', label: 'official.nav.requests', roles: HANDLER_ROLES },
  { href: '/tjanst/gallring', label: 'gallring.nav', roles: RETENTION_READER_ROLES },
  { href: '/tjanst/gallringsstopp', label: 'gallring.nav.holds', roles: HOLD_READER_ROLES },
  { href: '/tjanst/behandlingar', label: 'notices.nav', roles: NOTICE_ROLES },
];

export function officialAreas(roles: readonly string[]): OfficialArea[] {
  return AREAS.filter((a) => a.roles.some((r) => roles.includes(r))).map(({ href, label }) => ({ href, label }));
}

import { createHmac } from 'node:crypto';
import type { TestUser } from '../control/test-users.js';

/** Level of assurance Inera reports for SITHS eID (research note section 3). */
export const SITHS_LOA3 = 'http://id.sambi.se/loa/loa3';
/**
 * `amr` (SAML `urn:sambi:names:attribute:authnMethod`): Inera's actual values are not in our sources [I];
 * RFC 8176 values for a smart-card/app credential with PIN stand in.
 */
export const SITHS_AMR = ['hwk', 'pin', 'mfa'];

/** The SITHS claims the simulator releases (Inera "2.0 Attributlista" OIDC names). */
export const SITHS_CLAIMS = ['sub', 'given_name', 'family_name', 'name', 'employeeHsaId', 'credentialPersonalIdentityNumber'] as const;

export type SithsUser = TestUser & { hsaId: string };

export function isSithsUser(user: TestUser): user is SithsUser {
  return typeof user.hsaId === 'string' && user.hsaId.length > 0;
}

/** A test person with an HSA-id, found by HSA-id or personnummer (the simulator-only `login_hint`). */
export function findSithsUser(users: TestUser[], hint: string): SithsUser | undefined {
  const wanted = hint.trim();
  const compact = wanted.replace(/-/g, '');
  return users.filter(isSithsUser).find((u) => u.hsaId.toUpperCase() === wanted.toUpperCase() || u.personalNumber === compact);
}

/**
 * `sub` is pseudonymous, never the HSA-id: Inera's is a transient NameID, so a relying party must key on
 * employeeHsaId or credentialPersonalIdentityNumber, never on sub. Here it is pairwise (per client, stable
 * for a client while the simulator runs) and changes on every restart. oidc-provider calls this as its
 * `pairwiseIdentifier` with the account id (the HSA-id).
 */
export function pseudonymousSub(secret: Buffer, hsaId: string, clientId: string): string {
  return createHmac('sha256', secret).update(`${clientId}|${hsaId}`).digest('base64url').slice(0, 32);
}

/** The claims of a SITHS user; `sub` is the account id, which oidc-provider replaces with the pairwise one. */
export function sithsClaims(user: SithsUser): { sub: string } & Record<string, string> {
  return {
    sub: user.hsaId,
    given_name: user.givenName,
    family_name: user.surname,
    name: `${user.givenName} ${user.surname}`,
    employeeHsaId: user.hsaId,
    credentialPersonalIdentityNumber: user.personalNumber,
  };
}

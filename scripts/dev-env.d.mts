export const DEV_OFFICIAL_HSA_ID: string;
export const OFFICIAL_ROLES: string[];
export const SECOND_PERSON_ROLES: string[];
export interface DevOfficial {
  hsaId: string;
  name: string;
  unit: string;
  roles: string[];
}
export const DEV_OFFICIALS: DevOfficial[];
export interface DevClient {
  clientId: string;
  secret: string;
}
/** A client-credentials token from the running identity service. */
export function clientToken(identityUrl: string, client: DevClient): Promise<string>;
/** An access token of a development official (by HSA-id), signed in with SITHS eID through the simulator. */
export function officialToken(identityUrl: string, hsaId: string): Promise<string>;
export function devArchive(cache: string, env?: Record<string, string | undefined>): { kind: 'endpoint' | 'folder'; where: string };
export function writeDevCredentials(
  cache: string,
  options: { devClient: DevClient; identityUrl: string; person?: { personnummer: string; name: string } },
): string;
export function devEnvironment(options: { pki: Record<string, string>; ports: Record<string, number>; cache: string }): {
  devClient: DevClient;
  common: Record<string, string>;
  perApp: Record<string, Record<string, string>>;
};

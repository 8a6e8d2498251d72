export interface DevPki {
  dir: string;
  serverCa: string;
  serverCert: string;
  serverKey: string;
  rpCa: string;
  rpClientCert: string;
  rpClientKey: string;
  frejaJwsCert: string;
  frejaJwsKey: string;
  bankidRootCa: string;
  bankidIssuingCa: string;
  bankidUserCert: string;
  bankidUserKey: string;
}
export const DEV_PKI_FILES: Record<Exclude<keyof DevPki, 'dir'>, string>;
export function defaultPkiDir(): string;
export function ensureDevPki(dir?: string): Promise<DevPki>;
export interface LocalTlsSet {
  ca: string;
  otherCa: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}
export function createLocalTlsSet(dir: string, label: string): Promise<LocalTlsSet>;

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
}
export const DEV_PKI_FILES: Record<Exclude<keyof DevPki, 'dir'>, string>;
export function defaultPkiDir(): string;
export function ensureDevPki(dir?: string): Promise<DevPki>;

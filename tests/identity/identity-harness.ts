import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

/** A free TCP port on loopback, below the ephemeral range (an app's URL must be known before it starts). */
export { freePort } from '../../scripts/infra.mjs';

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A browser's cookie jar for one site: Secure cookies are kept although the tests speak plain HTTP. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: request.Response): this {
    const raw = res.headers['set-cookie'] as unknown as string[] | string | undefined;
    for (const line of Array.isArray(raw) ? raw : raw ? [raw] : []) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

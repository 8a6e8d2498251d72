import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PortalEnv } from '../config/portal-env.js';
import type { BrowserSession, BrowserSessions } from '../session/browser-sessions.js';
import { ApiClient, nextPage } from './api.client.js';
import type { IdentityClient } from './identity.client.js';

/**
 * A backend over real HTTP whose lists page as ADR 0018 says: `/v1/items` gives 5 items, 2 a page, with
 * `Link: </v1/items?cursor=…&limit=2>; rel="next"`; `/v1/loop` names itself as its next page forever.
 */
function backend(): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (body: unknown, link?: string) => {
      res.writeHead(200, { 'content-type': 'application/json', ...(link ? { link } : {}) });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/v1/loop') return json([req.headers.authorization], '</v1/loop?cursor=again>; rel="next"');
    if (url.pathname === '/v1/language') {
      // As the notice service answers a draft it refuses: its messages in the language asked for, said so.
      const lang = req.headers['accept-language'] === 'sv' ? 'sv' : 'en';
      res.writeHead(400, { 'content-type': 'application/problem+json', 'content-language': lang });
      return res.end(
        JSON.stringify({ status: 400, errors: [{ field: 'purposes', messages: [lang === 'sv' ? 'måste fyllas i' : 'is required'] }] }),
      );
    }
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const items = [1, 2, 3, 4, 5].slice(from, from + 2);
    const link = from + 2 < 5 ? `</v1/items?cursor=${from + 2}&limit=2>; rel="next"` : undefined;
    return url.pathname === '/v1/items' ? json(items, link) : json({ notices: items }, link?.replace('/v1/items', '/v1/notices'));
  });
}

describe('the portal’s API client follows Link rel="next"', () => {
  let server: Server;
  let client: ApiClient;
  const session = { _id: 's', accessExpiresAt: new Date(Date.now() + 600_000), user: { kind: 'citizen' } } as unknown as BrowserSession;

  beforeAll(async () => {
    server = backend();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = { get: () => base } as unknown as ConfigService<PortalEnv, true>;
    const sessions = { secrets: () => ({ identityCookies: {}, accessToken: 'token-1' }) } as unknown as BrowserSessions;
    client = new ApiClient({} as IdentityClient, sessions, { now: () => new Date() }, config);
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads every page of a list as the signed-in person, in order, each item once', async () => {
    expect(await client.allAs<number>({} as Request, session, 'messages', '/v1/items')).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads every page of a public list whose items sit in its body', async () => {
    const notices = await client.publicAll('notice', '/v1/notices', (body) => (body as { notices: number[] }).notices);
    expect(notices).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops after 25 pages when a list does not end, and sends the token on each', async () => {
    const read = await client.allAs<string>({} as Request, session, 'messages', '/v1/loop');
    expect(read).toEqual(Array.from({ length: 25 }, () => 'Bearer token-1'));
  });

  it('sends the language the person reads as Accept-Language, and keeps the Content-Language of a refusal', async () => {
    const refusal = (language?: 'sv' | 'en') =>
      client.as({} as Request, session, 'notice', 'PUT', '/v1/language', {}, language ? { language } : {}).catch((err: unknown) => err);
    expect(await refusal('sv')).toMatchObject({
      status: 400,
      language: 'sv',
      problem: { errors: [{ field: 'purposes', messages: ['måste fyllas i'] }] },
    });
    expect(await refusal()).toMatchObject({ status: 400, language: 'en', problem: { errors: [{ messages: ['is required'] }] } });
  });

  it('takes only a next link to a path of the API', () => {
    const headers = (link: string) => new Headers({ link });
    expect(nextPage(headers('</v1/conversations?cursor=abc&limit=2>; rel="next"'))).toBe('/v1/conversations?cursor=abc&limit=2');
    expect(nextPage(headers('<https://elsewhere.example/v1/x>; rel="next"'))).toBeUndefined();
    expect(nextPage(headers('</v1/x?cursor=a>; rel="prev"'))).toBeUndefined();
    expect(nextPage(new Headers())).toBeUndefined();
  });
});

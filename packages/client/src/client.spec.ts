// The SDK's own behaviour against a real local HTTP server standing in for identity and an API: the
// client-credentials request, the cached token, one retry with a new token after a 401, Link paging.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInsynClient } from './client.js';
import { nextPage, pages } from './paging.js';
import { InsynProblemError, unwrap } from './problems.js';
import { clientCredentials, TokenRequestError } from './tokens.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
let issued = 0;
/** Tokens the API refuses: the next request carrying one of these gets a 401. */
const revoked = new Set<string>();
let expiresIn = 600;

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers })
        .end(JSON.stringify(value));
    if (req.url === '/oauth/token') {
      if (req.headers.authorization !== `Basic ${Buffer.from('case-system:s3cret').toString('base64')}`)
        return json(401, { error: 'invalid_client', status: 401 });
      return json(200, { access_token: `token-${++issued}`, token_type: 'bearer', expires_in: expiresIn });
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (!token?.startsWith('token-') || revoked.has(token)) return json(401, { type: 'about:blank', title: 'Unauthorized', status: 401 });
    if (req.url?.startsWith('/v1/conversations') && req.method === 'GET') {
      const page = new URL(req.url, 'http://x').searchParams.get('cursor');
      if (!page)
        return json(200, [{ conversationId: 'a' }, { conversationId: 'b' }], { link: '</v1/conversations?cursor=p2&limit=2>; rel="next"' });
      if (page === 'p2') return json(200, [{ conversationId: 'c' }]);
    }
    if (req.url === '/v1/webhooks' && req.method === 'POST') return json(201, { webhookId: 'w1', echo: JSON.parse(body) as unknown });
    json(404, { type: 'about:blank', title: 'Not Found', status: 404 });
  });
});
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const client = () =>
  createInsynClient({
    services: { identity: base, messages: base },
    credentials: { clientId: 'case-system', clientSecret: 's3cret', scope: 'messages:read' },
  });

describe('createInsynClient with client credentials', () => {
  it('asks for a token by the client-credentials grant with HTTP Basic, and reuses it', async () => {
    seen.length = 0;
    const insyn = client();
    await unwrap(insyn.messages.GET('/v1/conversations'));
    await unwrap(insyn.messages.GET('/v1/conversations'));
    const tokenRequests = seen.filter((s) => s.url === '/oauth/token');
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]).toMatchObject({
      method: 'POST',
      headers: expect.objectContaining({ 'content-type': 'application/x-www-form-urlencoded' }),
    });
    expect(new URLSearchParams(tokenRequests[0]!.body)).toEqual(
      new URLSearchParams({ grant_type: 'client_credentials', scope: 'messages:read' }),
    );
    const apiCalls = seen.filter((s) => s.url !== '/oauth/token');
    expect(new Set(apiCalls.map((s) => s.headers.authorization))).toEqual(new Set([`Bearer token-${issued}`]));
  });

  it('after a 401 gets a new token and sends the same request once more, body and Idempotency-Key included', async () => {
    const statuses: number[] = [];
    const insyn = createInsynClient({
      services: { messages: base },
      credentials: { clientId: 'case-system', clientSecret: 's3cret', tokenUrl: `${base}/oauth/token` },
      middleware: [{ onResponse: ({ response }) => void statuses.push(response.status) }],
    });
    await unwrap(insyn.messages.GET('/v1/conversations'));
    revoked.add(`token-${issued}`);
    seen.length = 0;
    const res = await insyn.messages.POST('/v1/webhooks', {
      params: { header: { 'Idempotency-Key': 'key-1' } },
      body: { url: 'https://arende.kommun.se/hook' },
    });
    expect(res.response.status).toBe(201);
    expect(res.data).toMatchObject({ echo: { url: 'https://arende.kommun.se/hook' } });
    const posts = seen.filter((s) => s.url === '/v1/webhooks');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body).toBe(posts[0]!.body);
    expect(posts.map((p) => p.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
    expect(posts[1]!.headers.authorization).toBe(`Bearer token-${issued}`);
    expect(posts[0]!.headers.authorization).not.toBe(posts[1]!.headers.authorization);
    // The caller's middleware saw the final answers only.
    expect(statuses).toEqual([200, 201]);
  });

  it('a second 401 is the caller’s: one retry only', async () => {
    const insyn = client();
    await unwrap(insyn.messages.GET('/v1/conversations'));
    revoked.add(`token-${issued}`);
    revoked.add(`token-${issued + 1}`);
    seen.length = 0;
    await expect(unwrap(insyn.messages.GET('/v1/conversations'))).rejects.toMatchObject({
      status: 401,
      problem: { title: 'Unauthorized' },
    });
    expect(seen.filter((s) => s.url === '/v1/conversations')).toHaveLength(2);
  });

  it('asks anew once a token is within the margin of its expiry, or after invalidate()', async () => {
    const tokens = clientCredentials({ tokenUrl: `${base}/oauth/token`, clientId: 'case-system', clientSecret: 's3cret' });
    const first = await tokens.token();
    expect(await tokens.token()).toBe(first);
    tokens.invalidate();
    const second = await tokens.token();
    expect(second).not.toBe(first);
    expiresIn = 0; // expired as it comes: never reused
    tokens.invalidate();
    const short = await tokens.token();
    expect(await tokens.token()).not.toBe(short);
    expiresIn = 600;
  });

  it('a refused token request throws TokenRequestError with the OAuth error', async () => {
    const tokens = clientCredentials({ tokenUrl: `${base}/oauth/token`, clientId: 'case-system', clientSecret: 'wrong' });
    await expect(tokens.token()).rejects.toEqual(new TokenRequestError(401, 'invalid_client', undefined));
  });
});

describe('paging and errors', () => {
  it('pages() follows Link rel="next" with the cursor alone until there is none', async () => {
    const insyn = client();
    const got: string[][] = [];
    for await (const page of pages((next) =>
      insyn.messages.GET('/v1/conversations', { params: { query: next ?? { since: '2026-01-01T00:00:00Z' } } }),
    ))
      got.push(page.map((c) => c.conversationId));
    expect(got).toEqual([['a', 'b'], ['c']]);
    expect(seen.at(-1)!.url).toBe('/v1/conversations?cursor=p2&limit=2');
  });

  it('nextPage reads rel="next" among other links and answers undefined without one', () => {
    const res = (link?: string) => new Response(null, { headers: link ? { link } : {} });
    expect(nextPage(res('</v1/x?cursor=abc%3D&limit=5>; rel="next", </v1/x>; rel="first"'))).toEqual({ cursor: 'abc=', limit: 5 });
    expect(nextPage(res('</v1/x>; rel="first", <https://h/v1/x?cursor=z>; rel=next'))).toEqual({ cursor: 'z' });
    expect(nextPage(res('</v1/x?cursor=abc>; rel="prev"'))).toBeUndefined();
    expect(nextPage(res())).toBeUndefined();
  });

  it('unwrap throws InsynProblemError with the problem of an error answer', async () => {
    const insyn = client();
    const err = await unwrap(insyn.messages.GET('/v1/units')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsynProblemError);
    expect(err).toMatchObject({ status: 404, problem: { title: 'Not Found' } });
  });
});

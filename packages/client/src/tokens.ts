import type { Middleware } from 'openapi-fetch';

/** Where a request's bearer token comes from. */
export interface TokenProvider {
  /** A token valid for a while yet: the cached one, or a new one. */
  token(): Promise<string>;
  /** Forgets the cached token (after the API refused it), so that the next `token()` gets a new one. */
  invalidate(): void;
}

export interface ClientCredentialsOptions {
  /** The identity service's token endpoint: `<identity>/oauth/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for; the client's registered scopes when left out. */
  scope?: string;
  /** How long before its expiry a token is replaced, in seconds (default 30): a request never leaves with one about to expire. */
  refreshBeforeExpirySeconds?: number;
  fetch?: typeof globalThis.fetch;
}

/** The token endpoint refused the credentials or the request (an OAuth 2.0 error answer, RFC 6749 5.2). */
export class TokenRequestError extends Error {
  constructor(
    readonly status: number,
    /** `invalid_client`, `invalid_scope`, …, when the answer said. */
    readonly error: string | undefined,
    readonly description: string | undefined,
  ) {
    super(`token request failed: ${status}${error ? ` ${error}` : ''}${description ? `: ${description}` : ''}`);
    this.name = 'TokenRequestError';
  }
}

/**
 * A municipal system's tokens by the client-credentials grant: `POST <tokenUrl>` with
 * `grant_type=client_credentials` and the id and secret as HTTP Basic. The token is cached until shortly
 * before it expires; callers waiting at the same time share one request.
 */
export function clientCredentials(options: ClientCredentialsOptions): TokenProvider {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const margin = (options.refreshBeforeExpirySeconds ?? 30) * 1000;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (options.scope !== undefined) form.set('scope', options.scope);
    // RFC 6749 2.3.1: the id and secret are form-urlencoded before they are joined for Basic.
    const basic = btoa(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`);
    const res = await fetchFn(options.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (!res.ok || typeof body.access_token !== 'string') throw new TokenRequestError(res.status, body.error, body.error_description);
    const lifetime = (typeof body.expires_in === 'number' ? body.expires_in : 300) * 1000;
    cached = { token: body.access_token, renewAt: Date.now() + Math.max(lifetime - margin, lifetime / 2) };
    return body.access_token;
  }

  return {
    token() {
      if (cached && Date.now() < cached.renewAt) return Promise.resolve(cached.token);
      pending ??= request().finally(() => (pending = undefined));
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/**
 * openapi-fetch middleware that sends `Authorization: Bearer <token>` from `provider` (unless the request
 * has its own), and on a 401 forgets the token and sends the request once more with a new one: a token
 * revoked or expired early (a signing-key rotation) costs one retry, not an error. The retried request is
 * the same request, Idempotency-Key included.
 */
export function bearerAuth(provider: TokenProvider): Middleware {
  const originals = new Map<string, Request>();
  return {
    async onRequest({ request, id }) {
      if (request.headers.has('authorization')) return undefined;
      request.headers.set('authorization', `Bearer ${await provider.token()}`);
      // Kept to send again after a 401 (a request's body can be read once).
      originals.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id, options }) {
      const original = originals.get(id);
      originals.delete(id);
      if (response.status !== 401 || !original) return undefined;
      provider.invalidate();
      original.headers.set('authorization', `Bearer ${await provider.token()}`);
      await response.body?.cancel();
      return options.fetch(original);
    },
    onError({ id }) {
      originals.delete(id);
    },
  };
}

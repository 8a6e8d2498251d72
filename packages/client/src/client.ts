import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths as IdentityPaths } from './generated/identity.js';
import type { paths as MessagesPaths } from './generated/messages.js';
import type { paths as NoticePaths } from './generated/notice.js';
import type { paths as RetentionPaths } from './generated/retention.js';
import type { paths as RightsPaths } from './generated/rights.js';
import { bearerAuth, clientCredentials, type TokenProvider } from './tokens.js';

/** Each Insyn API service's paths, as its OpenAPI document describes them. */
export interface InsynPaths {
  identity: IdentityPaths;
  messages: MessagesPaths;
  notice: NoticePaths;
  retention: RetentionPaths;
  rights: RightsPaths;
}

export type InsynService = keyof InsynPaths;

export interface InsynClientOptions<S extends InsynService> {
  /** The base URL of each service to call, e.g. `{ messages: 'https://messages.kommun.se' }`: one typed client each. */
  services: { [K in S]: string };
  /**
   * A municipal system's client credentials: tokens by the client-credentials grant, from `tokenUrl`
   * (default `<services.identity>/oauth/token`), cached and renewed (see `clientCredentials`).
   */
  credentials?: { clientId: string; clientSecret: string; scope?: string; tokenUrl?: string };
  /** Or tokens of your own (`credentials` is then left out). */
  tokens?: TokenProvider;
  /** The fetch to use (default globalThis.fetch). */
  fetch?: typeof globalThis.fetch;
  /** More openapi-fetch middleware for every service (logging, tracing, checks): it sees requests without the token and final answers. */
  middleware?: Middleware[];
}

/** A typed openapi-fetch client per service named in `services`. */
export type InsynClient<S extends InsynService> = { [K in S]: Client<InsynPaths[K]> };

/**
 * Typed clients for the Insyn APIs:
 *
 *     const insyn = createInsynClient({
 *       services: { identity: 'https://identity.kommun.se', messages: 'https://messages.kommun.se' },
 *       credentials: { clientId: 'arendesystem', clientSecret: process.env.INSYN_CLIENT_SECRET! },
 *     });
 *     const { data, error } = await insyn.messages.GET('/v1/conversations', { params: { query: { since } } });
 *
 * Every request carries a bearer token from `credentials` (or `tokens`); a 401 gets a new token and one retry.
 */
export function createInsynClient<S extends InsynService>(options: InsynClientOptions<S>): InsynClient<S> {
  const services = options.services as Partial<Record<InsynService, string>>;
  let tokens = options.tokens;
  if (!tokens && options.credentials) {
    const { tokenUrl, ...credentials } = options.credentials;
    const url = tokenUrl ?? (services.identity ? `${services.identity.replace(/\/+$/, '')}/oauth/token` : undefined);
    if (!url) throw new Error('createInsynClient: credentials need a tokenUrl or services.identity');
    tokens = clientCredentials({ ...credentials, tokenUrl: url, ...(options.fetch ? { fetch: options.fetch } : {}) });
  }
  // The caller's middleware goes outside the token's: it sees a request before the token is put on it, and
  // the final answer (openapi-fetch runs onResponse last to first), not a 401 the token's middleware retried.
  const middleware = [...(options.middleware ?? []), ...(tokens ? [bearerAuth(tokens)] : [])];
  const clients: Partial<Record<InsynService, Client<object>>> = {};
  for (const [name, baseUrl] of Object.entries(services) as [InsynService, string][]) {
    const client = createClient<object>({ baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
    client.use(...middleware);
    clients[name] = client;
  }
  return clients as InsynClient<S>;
}

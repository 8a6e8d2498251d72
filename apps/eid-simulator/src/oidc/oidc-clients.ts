import { BadRequestException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ClientMetadata } from 'oidc-provider';

export const DEFAULT_CLIENT_ID = 'insyn-identity';
export const DEFAULT_CLIENT_SECRET = 'dev-secret-siths';
// Identity's own callback, and the portal's, which relays the answer of a sign-in it started (ADR 0009).
export const DEFAULT_REDIRECT_URIS = ['http://127.0.0.1:3002/v1/logins/siths/callback', 'http://127.0.0.1:3000/tjanst/logga-in/retur'];

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface SimClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  idTokenSignedResponseAlg: 'RS256' | 'ES256';
}

/**
 * The relying parties the SITHS IdP stand-in knows. Inera registers each RP by hand; here a static default
 * (`insyn-identity`, redirect URIs from SIM_OIDC_REDIRECT_URIS, comma separated) plus clients tests add
 * through the control API. oidc-provider reads them through its adapter, so additions apply at once.
 */
@Injectable()
export class OidcClients {
  private readonly clients = new Map<string, SimClient>();

  constructor(config: ConfigService) {
    const configured = config.get<string>('SIM_OIDC_REDIRECT_URIS');
    const redirectUris = configured
      ? configured
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean)
      : DEFAULT_REDIRECT_URIS;
    for (const uri of redirectUris) {
      if (!isRedirectUri(uri))
        throw new Error(`Invalid configuration, the service will not start:\n  SIM_OIDC_REDIRECT_URIS: ${uri} is not an http(s) URL`);
    }
    this.put({
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      redirectUris,
      tokenEndpointAuthMethod: 'client_secret_basic',
      idTokenSignedResponseAlg: 'RS256',
    });
  }

  put(client: SimClient): void {
    for (const uri of client.redirectUris) {
      if (!isRedirectUri(uri)) throw new BadRequestException(`${uri} is not an http(s) URL without a fragment`);
    }
    this.clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris] });
  }

  /** Adds redirect URIs to a client, e.g. a test's callback on a random port. */
  addRedirectUris(clientId: string, uris: string[]): SimClient | undefined {
    const client = this.clients.get(clientId);
    if (!client) return undefined;
    this.put({ ...client, redirectUris: [...new Set([...client.redirectUris, ...uris])] });
    return this.clients.get(clientId);
  }

  get(clientId: string): SimClient | undefined {
    return this.clients.get(clientId);
  }

  all(): SimClient[] {
    return [...this.clients.values()];
  }

  /** What oidc-provider's Client model reads. */
  metadata(clientId: string): ClientMetadata | undefined {
    const c = this.clients.get(clientId);
    if (!c) return undefined;
    return {
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: c.tokenEndpointAuthMethod,
      id_token_signed_response_alg: c.idTokenSignedResponseAlg,
      subject_type: 'pairwise',
      // Pairwise subjects are per client (siths-provider.ts); oidc-provider wants this URI when the redirect
      // URIs name several hosts, and does not fetch it (sectorIdentifierUriValidate).
      sector_identifier_uri: `https://sector.invalid/${encodeURIComponent(c.clientId)}`,
    };
  }
}

function isRedirectUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.hash;
  } catch {
    return false;
  }
}

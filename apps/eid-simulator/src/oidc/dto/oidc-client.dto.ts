import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUrl, Matches, MinLength } from 'class-validator';
import type { TokenEndpointAuthMethod } from '../oidc-clients.js';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** A relying party of the SITHS IdP stand-in (replaces one with the same clientId). */
export class OidcClientDto {
  @Matches(/^[A-Za-z0-9._-]{1,64}$/)
  clientId!: string;

  @IsString()
  @MinLength(8)
  clientSecret!: string;

  /** Exact redirect URIs (oidc-provider compares them character by character). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUrl(URL_OPTIONS, { each: true })
  redirectUris!: string[];

  @IsOptional()
  @IsIn(['client_secret_basic', 'client_secret_post'])
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;

  @IsOptional()
  @IsIn(['RS256', 'ES256'])
  idTokenSignedResponseAlg?: 'RS256' | 'ES256';
}

export class OidcRedirectUrisDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUrl(URL_OPTIONS, { each: true })
  redirectUris!: string[];
}

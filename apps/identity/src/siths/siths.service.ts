import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ProblemException, Problems } from '@insyn/observability';
import { parsePersonnummer } from '@insyn/person';
import { Clock } from '@insyn/platform';
import * as oidc from 'openid-client';
import { randomSecret, identitySecrets, SecretBox, sha256 } from '../common/secret-box.js';
import type { IdentityEnv } from '../config/identity-env.js';
import type { VerifiedIdentity } from '../eid/eid-provider.js';
import { LoginRepository } from '../logins/persistence/login.repository.js';

const LOGIN_TTL_MS = 10 * 60_000;
export const SITHS_CALLBACK_PATH = '/v1/logins/siths/callback';
/**
 * Where the IdP returns the browser for a sign-in the portal started on its behalf (ADR 0009, the BFF): the
 * portal holds the browser's binding cookie here, so the callback must pass through it.
 */
export const PORTAL_SITHS_CALLBACK_PATH = '/tjanst/logga-in/retur';
const LOA3 = 'http://id.sambi.se/loa/loa3';

/**
 * SITHS eID through Inera's IdP: OpenID Connect code flow with PKCE (openid-client), state bound to the
 * browser, the ID token checked (issuer, audience, nonce, signature) and its claims mapped to one identity.
 */
@Injectable()
export class SithsService {
  private readonly logger = new Logger(SithsService.name);
  private readonly box: SecretBox;
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    private readonly logins: LoginRepository,
    private readonly clock: Clock,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    this.box = new SecretBox(identitySecrets(config), 'login-state');
  }

  get configured(): boolean {
    return Boolean(this.config.get('SITHS_ISSUER', { infer: true }) && this.config.get('SITHS_CLIENT_ID', { infer: true }));
  }

  /**
   * The IdP's authorization URL for a new login bound to `binding`. `viaPortal`: the portal started it for a
   * browser (holding the binding), so the IdP returns the browser to the portal, which passes the answer on.
   */
  async start(binding: string, returnTo: string | undefined, viaPortal = false): Promise<URL> {
    const configuration = await this.discovery();
    const redirectUri = viaPortal
      ? new URL(PORTAL_SITHS_CALLBACK_PATH, this.config.get('PORTAL_URL', { infer: true })).toString()
      : this.redirectUri();
    const state = randomSecret();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const id = sha256(state);
    const now = this.clock.now();
    await this.logins.insert({
      _id: id,
      bindingHash: sha256(binding),
      provider: 'siths',
      method: 'redirect',
      status: 'pending',
      sealedOrder: this.box.seal(JSON.stringify({ codeVerifier, nonce, redirectUri }), id),
      ...(returnTo ? { returnTo } : {}),
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + LOGIN_TTL_MS),
    });
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      acr_values: this.acceptedAcr().join(' '),
    });
  }

  /** Completes the code flow for the callback URL; the login is used up whatever happens next. */
  async complete(callbackUrl: URL, binding: string): Promise<{ identity: VerifiedIdentity; returnTo?: string }> {
    const state = callbackUrl.searchParams.get('state') ?? '';
    const id = sha256(state);
    const record = await this.logins.takeRedirect(id, sha256(binding), this.clock.now());
    if (!record) throw Problems.notFound('A SITHS sign-in started in this browser');
    const idpError = callbackUrl.searchParams.get('error');
    if (idpError)
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        'eid/siths-refused',
        'SITHS sign-in did not complete',
        `The identity provider answered ${idpError.slice(0, 100)}.`,
      );
    const order = JSON.parse(this.box.open(record.sealedOrder, id)) as { codeVerifier: string; nonce: string; redirectUri?: string };
    const { codeVerifier, nonce } = order;
    // The token request names the redirect URI the sign-in was started with (the portal's, when it relayed it).
    const current = new URL(order.redirectUri ?? this.redirectUri());
    current.search = callbackUrl.search;
    const configuration = await this.discovery();
    let claims: Record<string, unknown>;
    let idToken: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      claims = { ...(tokens.claims() ?? {}) };
      idToken = tokens.id_token ?? '';
      if (!claims.employeeHsaId && tokens.access_token)
        Object.assign(claims, await oidc.fetchUserInfo(configuration, tokens.access_token, String(claims.sub)));
    } catch (err) {
      this.logger.warn(`SITHS code exchange failed: ${(err as Error).message}`);
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        'eid/siths-refused',
        'SITHS sign-in did not complete',
        'The identity provider’s answer could not be verified.',
      );
    }
    return { identity: this.identityFrom(claims, idToken), ...(record.returnTo ? { returnTo: record.returnTo } : {}) };
  }

  /** Inera's claim names (research notes, section 3) to the one internal identity. */
  identityFrom(claims: Record<string, unknown>, idToken: string): VerifiedIdentity {
    const str = (k: string) => (typeof claims[k] === 'string' ? claims[k] : undefined);
    const acr = str('acr');
    if (!acr || !this.acceptedAcr().includes(acr))
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'eid/insufficient-loa',
        'Level of assurance too low',
        'This service needs a SITHS eID at a higher level of assurance.',
      );
    const pnr = parsePersonnummer(str('credentialPersonalIdentityNumber') ?? '', { now: this.clock.now() });
    const hsaId = str('employeeHsaId');
    if (!pnr.ok || !hsaId)
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        'eid/siths-refused',
        'SITHS sign-in did not complete',
        'The identity provider did not send a valid personnummer and HSA-id.',
      );
    const givenName = str('given_name') ?? '';
    const surname = str('family_name') ?? '';
    return {
      provider: 'siths',
      personalNumber: pnr.value.normalized,
      givenName,
      surname,
      name: str('name') ?? `${givenName} ${surname}`.trim(),
      loa: acr === LOA3 ? 3 : 2,
      hsaId,
      evidence: { kind: 'oidc-id-token', data: { idToken } },
    };
  }

  private acceptedAcr(): string[] {
    return this.config
      .get('SITHS_ACCEPTED_ACR', { infer: true })
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  private redirectUri(): string {
    return new URL(SITHS_CALLBACK_PATH, this.config.get('IDENTITY_ISSUER', { infer: true })).toString();
  }

  private discovery(): Promise<oidc.Configuration> {
    if (!this.configured)
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'provider-not-configured',
        'This e-ID is not offered',
        'SITHS is not configured here.',
      );
    this.configuration ??= (async () => {
      const issuer = new URL(this.config.get('SITHS_ISSUER', { infer: true }));
      const insecure = issuer.protocol === 'http:';
      if (insecure && this.config.get('NODE_ENV', { infer: true }) === 'production')
        throw new Error('SITHS_ISSUER must be https in production');
      return oidc.discovery(
        issuer,
        this.config.get('SITHS_CLIENT_ID', { infer: true }),
        undefined,
        // Inera registers confidential clients for client_secret_basic.
        oidc.ClientSecretBasic(this.config.get('SITHS_CLIENT_SECRET', { infer: true }) ?? ''),
        insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
    })().catch((err: Error) => {
      // Try again on the next sign-in rather than caching the failure.
      this.configuration = undefined;
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'eid/unavailable',
        'SITHS could not start a sign-in',
        `The identity provider is not reachable (${err.message.slice(0, 100)}).`,
      );
    });
    return this.configuration;
  }
}

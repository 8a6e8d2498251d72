import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { IdentitySignedInV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import type { IdentityEnv } from '../../../config/identity-env.js';
import { type IssuedToken, TokenIssuer } from '../../../keys/token-issuer.js';
import { verifySecret } from '../../client-secret.js';
import { oauthError } from '../../oauth-error.js';
import { ClientsRepository } from '../../persistence/clients.repository.js';
import { CLIENT_ID, statusOf } from '../client.js';

/**
 * The client-credentials grant (RFC 6749 4.4): the secret checked, the requested scopes a subset of
 * the registered ones (all of them when none are asked for), a short-lived token with the client's unit.
 */
@Injectable()
export class IssueClientTokenUseCase {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly clock: Clock,
    private readonly issuer: TokenIssuer,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {}

  async execute(clientId: string, secret: string, requestedScope: string | undefined): Promise<IssuedToken & { scope: string }> {
    const record = CLIENT_ID.test(clientId) ? await this.clients.findById(clientId) : null;
    // The same answer for an unknown client, a wrong secret and a disabled client: nothing to probe.
    // A registration still waiting for its second approver, or refused, is not a client yet.
    if (!record || !(await verifySecret(secret, record.secretHash)) || record.disabled || statusOf(record) !== 'active')
      throw oauthError(HttpStatus.UNAUTHORIZED, 'invalid_client', 'Client authentication failed.');
    // An empty scope parameter is an omitted one (RFC 6749 3.1): the registered scopes, never none.
    const requested = requestedScope ? requestedScope.split(' ').filter(Boolean) : record.scopes;
    if (requested.length === 0) throw oauthError(HttpStatus.BAD_REQUEST, 'invalid_scope', 'The scope names no scope.');
    const refused = requested.filter((s) => !record.scopes.includes(s));
    if (refused.length > 0)
      throw oauthError(HttpStatus.BAD_REQUEST, 'invalid_scope', `This client may not ask for: ${refused.join(', ')}.`);
    const scope = [...new Set(requested)].join(' ');
    const token = await this.issuer.issue(
      { sub: clientId, client_id: clientId, kind: 'client', scope, unit: record.unit, name: record.name },
      this.config.get('CLIENT_TOKEN_TTL', { infer: true }),
    );
    const entry = this.events.outboxEntry(IdentitySignedInV1Event, {
      sessionId: token.jti,
      kind: 'client',
      subject: clientId,
      method: 'client-credentials',
      unit: record.unit,
      signedInAt: this.clock.now().toISOString(),
    });
    const outbox = await this.clients.recordTokenIssued(clientId, entry, this.clock.now());
    await this.relay.enqueued('clients', clientId, outbox ?? undefined);
    return { ...token, scope };
  }
}

import { beforeEach, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import type { EventFactory, OutboxEntry, OutboxRelay, WrittenOutbox } from '@insyn/messaging';
import { ProblemException } from '@insyn/observability';
import type { Clock } from '@insyn/platform';
import type { IdentityEnv } from '../../../config/identity-env.js';
import type { TokenClaims, TokenIssuer } from '../../../keys/token-issuer.js';
import { hashSecret } from '../../client-secret.js';
import { InMemoryClientsRepository } from '../../persistence/in-memory-clients.repository.js';
import { clientRecord } from '../client.fixtures.js';
import { IssueClientTokenUseCase } from './issue-client-token.usecase.js';

const SECRET = 'the-client-secret-of-the-case-system';
const clock: Clock = { now: () => new Date('2026-03-01T10:00:00Z') };
const config = { get: (k: keyof IdentityEnv) => ({ CLIENT_TOKEN_TTL: 600 })[k as 'CLIENT_TOKEN_TTL'] } as unknown as ConfigService<
  IdentityEnv,
  true
>;

/** What the grant refused with: the OAuth error code and HTTP status. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'issued',
    (err: unknown) => (err instanceof ProblemException ? `${err.getStatus()} ${err.problemType}` : `threw ${String(err)}`),
  );

describe('IssueClientTokenUseCase (client credentials)', () => {
  let clients: InMemoryClientsRepository;
  let enqueued: { aggregate: string; outbox?: WrittenOutbox }[];
  let useCase: IssueClientTokenUseCase;

  beforeEach(async () => {
    clients = new InMemoryClientsRepository();
    await clients.insert(clientRecord({ secretHash: await hashSecret(SECRET), scopes: ['messages:send', 'messages:read'] }));
    enqueued = [];
    useCase = new IssueClientTokenUseCase(
      clients,
      clock,
      {
        issue: (claims: TokenClaims, ttl: number) =>
          Promise.resolve({ accessToken: JSON.stringify(claims), tokenType: 'Bearer' as const, expiresIn: ttl, jti: 'jti-1' }),
      } as unknown as TokenIssuer,
      { outboxEntry: (_event: unknown, data: object) => ({ id: 'event-1', data }) as unknown as OutboxEntry } as unknown as EventFactory,
      {
        enqueued: (collection: string, id: string, outbox?: WrittenOutbox) =>
          Promise.resolve(void enqueued.push({ aggregate: `${collection}/${id}`, outbox })),
      } as unknown as OutboxRelay,
      config,
    );
  });

  it('issues a token with the registered scopes and the client’s unit, and puts identity.signed-in.v1 in its outbox', async () => {
    const token = await useCase.execute('case-system-soc', SECRET, undefined);
    expect(token).toMatchObject({ scope: 'messages:send messages:read', expiresIn: 600 });
    expect(JSON.parse(token.accessToken)).toMatchObject({
      sub: 'case-system-soc',
      client_id: 'case-system-soc',
      kind: 'client',
      unit: 'socialtjansten',
    });
    const stored = clients.records.get('case-system-soc')!;
    expect(stored).toMatchObject({
      lastTokenAt: clock.now(),
      outbox: [{ id: 'event-1', data: { sessionId: 'jti-1', kind: 'client', subject: 'case-system-soc', method: 'client-credentials' } }],
    });
    // The relay gets the outbox as the write left it, and sends it without reading the client.
    expect(enqueued).toEqual([{ aggregate: 'clients/case-system-soc', outbox: stored.outbox }]);
  });

  it('hands the relay the client’s whole outbox: an earlier token’s event still waiting goes first', async () => {
    await useCase.execute('case-system-soc', SECRET, undefined);
    await useCase.execute('case-system-soc', SECRET, 'messages:read');
    expect(enqueued.map((e) => e.outbox?.length)).toEqual([1, 2]);
    expect(enqueued[1]!.outbox).toEqual(clients.records.get('case-system-soc')!.outbox);
  });

  it('narrows to the scopes asked for, and refuses a scope it does not hold (invalid_scope)', async () => {
    expect((await useCase.execute('case-system-soc', SECRET, 'messages:read')).scope).toBe('messages:read');
    expect(await refusal(useCase.execute('case-system-soc', SECRET, 'messages:read rights:admin'))).toBe('400 oauth/invalid_scope');
  });

  it('answers invalid_client alike for a wrong secret, an unknown, a disabled and a pending client', async () => {
    await clients.insert(clientRecord({ _id: 'disabled-system', secretHash: await hashSecret(SECRET), disabled: true }));
    await clients.insert(clientRecord({ _id: 'pending-system', secretHash: await hashSecret(SECRET), status: 'pending' }));
    expect(await refusal(useCase.execute('case-system-soc', 'a-wrong-secret', undefined))).toBe('401 oauth/invalid_client');
    expect(await refusal(useCase.execute('unknown-system', SECRET, undefined))).toBe('401 oauth/invalid_client');
    expect(await refusal(useCase.execute('disabled-system', SECRET, undefined))).toBe('401 oauth/invalid_client');
    expect(await refusal(useCase.execute('pending-system', SECRET, undefined))).toBe('401 oauth/invalid_client');
    expect(clients.records.get('case-system-soc')!.outbox).toBeUndefined();
  });
});

import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { Clock, IdGenerator } from '@insyn/platform';
import { BROWSER_CLIENT_ID } from '../../../keys/token-issuer.js';
import { hashSecret, newClientSecret } from '../../client-secret.js';
import type { ClientRecord } from '../../persistence/client.entity.js';
import { ClientsRepository } from '../../persistence/clients.repository.js';
import { auditRecord, type ClientView, clientView, isAdminOf } from '../client.js';

export interface RegisterClient {
  clientId: string;
  name: string;
  scopes: string[];
  unit: string;
}

/**
 * Registers a municipal system. An identity-admin of the client's own unit registers it at once; any
 * other identity-admin only files it (`pending`, no tokens) for a second identity-admin to approve.
 * Either way the secret is shown once, here, and the registration is audited in the same write.
 */
@Injectable()
export class RegisterClientUseCase {
  private readonly logger = new Logger(RegisterClientUseCase.name);

  constructor(
    private readonly clients: ClientsRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(input: RegisterClient, who: Principal): Promise<{ client: ClientView; clientSecret: string }> {
    if (input.clientId === BROWSER_CLIENT_ID)
      throw Problems.unprocessable(
        [{ field: 'clientId', messages: [`${BROWSER_CLIENT_ID} is reserved`] }],
        `${BROWSER_CLIENT_ID} is the client id in citizens' and officials' tokens; choose another.`,
      );
    const secret = newClientSecret();
    const now = this.clock.now();
    const scopes = [...new Set(input.scopes)];
    const ownUnit = isAdminOf(who, input.unit);
    const record: ClientRecord = {
      _id: input.clientId,
      name: input.name,
      secretHash: await hashSecret(secret),
      scopes,
      unit: input.unit,
      disabled: false,
      status: ownUnit ? 'active' : 'pending',
      ...(ownUnit ? {} : { filedBy: who.subject }),
      audit: [auditRecord(this.ids.next(), this.clock.now(), ownUnit ? 'registered' : 'filed', who, { unit: input.unit, scopes })],
      createdAt: now,
      updatedAt: now,
      createdBy: who.hsaId ?? who.subject,
    };
    if (!(await this.clients.insert(record))) throw Problems.conflict(`A client ${input.clientId} exists already.`);
    this.logger.log(`client ${input.clientId} for ${input.unit} ${ownUnit ? 'registered' : 'filed for approval'}`);
    return { client: clientView(record), clientSecret: secret };
  }
}

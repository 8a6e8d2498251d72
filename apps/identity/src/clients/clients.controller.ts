import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import type { Response } from 'express';
import {
  ClientAuditQuery,
  ClientAuditViewDto,
  ClientIdParams,
  ClientStatusDto,
  ClientViewDto,
  ClientWithSecretDto,
  RefuseClientDto,
  RegisterClientDto,
} from './dto/client.dto.js';
import { DecideRegistrationUseCase } from './usecases/decide-registration/decide-registration.usecase.js';
import { ListClientAuditUseCase } from './usecases/list-client-audit/list-client-audit.usecase.js';
import { ListClientsUseCase } from './usecases/list-clients/list-clients.usecase.js';
import { RegisterClientUseCase } from './usecases/register-client/register-client.usecase.js';
import { RotateClientSecretUseCase } from './usecases/rotate-client-secret/rotate-client-secret.usecase.js';
import { SetClientDisabledUseCase } from './usecases/set-client-disabled/set-client-disabled.usecase.js';

/** The client registry: who may register municipal systems and give them scopes. */
const ADMINS = { officialRoles: ['identity-admin'] };

/**
 * A client acts for its unit (it can read that unit's conversations), so registering one takes that
 * unit's identity-admin, or four eyes: an identity-admin of another unit files it, a second one approves.
 */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('v1/clients')
export class ClientsController {
  constructor(
    private readonly registerClient: RegisterClientUseCase,
    private readonly decideRegistration: DecideRegistrationUseCase,
    private readonly listClients: ListClientsUseCase,
    private readonly listAudit: ListClientAuditUseCase,
    private readonly rotateSecret: RotateClientSecretUseCase,
    private readonly setDisabled: SetClientDisabledUseCase,
  ) {}

  @Post()
  @Allow(ADMINS)
  @ApiOperation({
    summary: 'Register a municipal system; its secret is shown once',
    description:
      'An identity-admin whose own unit is the client’s unit registers it at once (201, `status: active`). Any other ' +
      'identity-admin files it (202, `status: pending`): it gets no tokens until a second identity-admin approves it ' +
      '(`POST /v1/clients/{clientId}/approval`). Both are audited (`GET /v1/clients/audit`).',
  })
  @ApiResponse({ status: 201, type: ClientWithSecretDto, description: 'Registered for the caller’s own unit: active' })
  @ApiResponse({ status: 202, type: ClientWithSecretDto, description: 'Filed for another unit: pending a second identity-admin' })
  @ApiResponse({ status: 409, description: 'The client id is taken' })
  @ApiResponse({ status: 422, description: 'The client id is reserved' })
  async register(@Body() body: RegisterClientDto, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) res: Response) {
    const registered = await this.registerClient.execute(body, who);
    res.status(registered.client.status === 'active' ? HttpStatus.CREATED : HttpStatus.ACCEPTED);
    return registered;
  }

  @Get()
  @Allow(ADMINS)
  @ApiOperation({ summary: 'The registered systems (never their secrets), pending ones included' })
  @ApiOkResponse({ type: [ClientViewDto] })
  list() {
    return this.listClients.execute();
  }

  @Get('audit')
  @Allow(ADMINS)
  @ApiOperation({
    summary: 'The audit trail of registrations, approvals, refusals, secret rotations and status changes, newest first',
    description: 'Who (subject key, HSA-id, unit, roles), when, which client, unit and scopes. Never a secret.',
  })
  @ApiOkResponse({ type: [ClientAuditViewDto] })
  audit(@Query() query: ClientAuditQuery) {
    return this.listAudit.execute({ clientId: query.clientId, unit: query.unit }, query.limit ?? 100);
  }

  @Post(':clientId/approval')
  @HttpCode(200)
  @Allow(ADMINS)
  @ApiOperation({ summary: 'Approve a pending registration (a second identity-admin, not the one who filed it)' })
  @ApiOkResponse({ type: ClientViewDto })
  @ApiResponse({ status: 403, description: 'The caller filed the registration, or is no identity-admin' })
  @ApiResponse({ status: 409, description: 'Not pending (already decided, or registered directly)' })
  approve(@Param() params: ClientIdParams, @CurrentPrincipal() who: Principal) {
    return this.decideRegistration.approve(params.clientId, who);
  }

  @Post(':clientId/refusal')
  @HttpCode(200)
  @Allow(ADMINS)
  @ApiOperation({ summary: 'Refuse a pending registration (a second identity-admin); it never gets tokens' })
  @ApiOkResponse({ type: ClientViewDto })
  @ApiResponse({ status: 403, description: 'The caller filed the registration, or is no identity-admin' })
  @ApiResponse({ status: 409, description: 'Not pending (already decided, or registered directly)' })
  refuse(@Param() params: ClientIdParams, @Body() body: RefuseClientDto, @CurrentPrincipal() who: Principal) {
    return this.decideRegistration.refuse(params.clientId, who, body.reason);
  }

  @Post(':clientId/secret')
  @HttpCode(200)
  @Allow(ADMINS)
  @ApiOperation({ summary: 'Replace a client secret (an identity-admin of the client’s unit); the old one stops working at once' })
  @ApiOkResponse({ type: ClientWithSecretDto })
  @ApiResponse({ status: 403, description: 'The caller is no identity-admin of the client’s unit' })
  rotate(@Param() params: ClientIdParams, @CurrentPrincipal() who: Principal) {
    return this.rotateSecret.execute(params.clientId, who);
  }

  @Patch(':clientId')
  @Allow(ADMINS)
  @ApiOperation({
    summary: 'Disable (any identity-admin) or re-enable (one of the client’s unit) a client; tokens already issued expire on their own',
  })
  @ApiOkResponse({ type: ClientViewDto })
  @ApiResponse({ status: 403, description: 'Re-enabling by an identity-admin of another unit' })
  setStatus(@Param() params: ClientIdParams, @Body() body: ClientStatusDto, @CurrentPrincipal() who: Principal) {
    return this.setDisabled.execute(params.clientId, body.disabled, who);
  }
}

import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@insyn/auth';
import { ClientStatusDto, ClientViewDto, ClientWithSecretDto, RegisterClientDto } from './dto/client.dto.js';
import { ClientsService } from './clients.service.js';

/** The client registry: who may register municipal systems and give them scopes. */
const ADMINS = { officialRoles: ['identity-admin'] };

@ApiTags('clients')
@ApiBearerAuth()
@Controller('v1/clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post()
  @Allow(ADMINS)
  @ApiOperation({ summary: 'Register a municipal system; its secret is shown once' })
  @ApiCreatedResponse({ type: ClientWithSecretDto })
  register(@Body() body: RegisterClientDto, @CurrentPrincipal() who: Principal) {
    return this.clients.register(body, who.hsaId ?? who.subject);
  }

  @Get()
  @Allow(ADMINS)
  @ApiOperation({ summary: 'The registered systems (never their secrets)' })
  @ApiOkResponse({ type: [ClientViewDto] })
  list() {
    return this.clients.list();
  }

  @Post(':clientId/secret')
  @HttpCode(200)
  @Allow(ADMINS)
  @ApiOperation({ summary: 'Replace a client secret; the old one stops working at once' })
  @ApiOkResponse({ type: ClientWithSecretDto })
  rotate(@Param('clientId') clientId: string) {
    return this.clients.rotateSecret(clientId);
  }

  @Patch(':clientId')
  @Allow(ADMINS)
  @ApiOperation({ summary: 'Disable or re-enable a client (tokens already issued expire on their own)' })
  @ApiOkResponse({ type: ClientViewDto })
  setStatus(@Param('clientId') clientId: string, @Body() body: ClientStatusDto) {
    return this.clients.setDisabled(clientId, body.disabled);
  }
}

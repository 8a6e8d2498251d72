import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OidcClientDto, OidcRedirectUrisDto } from './dto/oidc-client.dto.js';
import { OidcClients, type SimClient } from './oidc-clients.js';
import { SithsIdp } from './siths-idp.js';

/** Test controls for the SITHS IdP stand-in: its issuer and its client registry. */
@ApiTags('control: oidc')
@Controller('control/oidc')
export class OidcControlController {
  constructor(
    private readonly clients: OidcClients,
    private readonly idp: SithsIdp,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The issuer and discovery URL' })
  info(): { issuer: string; discovery: string } {
    const issuer = this.idp.issuer();
    return { issuer, discovery: `${issuer}/.well-known/openid-configuration` };
  }

  @Get('clients')
  @ApiOperation({ summary: 'The registered clients' })
  list(): SimClient[] {
    return this.clients.all();
  }

  @Post('clients')
  @ApiOperation({ summary: 'Register (or replace) a client; applies to the next request' })
  register(@Body() dto: OidcClientDto): SimClient {
    this.clients.put({
      clientId: dto.clientId,
      clientSecret: dto.clientSecret,
      redirectUris: dto.redirectUris,
      tokenEndpointAuthMethod: dto.tokenEndpointAuthMethod ?? 'client_secret_basic',
      idTokenSignedResponseAlg: dto.idTokenSignedResponseAlg ?? 'RS256',
    });
    return this.clients.get(dto.clientId)!;
  }

  @Post('clients/:clientId/redirect-uris')
  @ApiOperation({ summary: 'Add redirect URIs to a client (e.g. a test callback on a random port)' })
  addRedirectUris(@Param('clientId') clientId: string, @Body() dto: OidcRedirectUrisDto): SimClient {
    const client = this.clients.addRedirectUris(clientId, dto.redirectUris);
    if (!client) throw new NotFoundException(`No client ${clientId}`);
    return client;
  }
}

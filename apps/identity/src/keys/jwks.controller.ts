import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import { KeyRing } from './key-ring.js';

@ApiTags('keys')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: KeyRing) {}

  @Get('jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The public keys access tokens are signed with (JWKS): current, upcoming and recently retired' })
  @ApiOkResponse({ description: 'RFC 7517 key set' })
  jwks() {
    return this.keys.jwks();
  }
}

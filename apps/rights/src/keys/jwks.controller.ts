import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { JWK } from 'jose';
import { RightsKeys } from './rights-keys.js';

@ApiTags('keys')
@Controller()
export class JwksController {
  constructor(private readonly keys: RightsKeys) {}

  @Get('.well-known/jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'The rights service’s public keys',
    description:
      'The `sig` keys (ES256) verify consent receipts offline; every key that ever signed one stays here. The `enc` key ' +
      '(ECDH-ES, P-256) is what services holding personal data encrypt their part of a data-subject request to.',
  })
  @ApiOkResponse({ description: 'A JSON Web Key Set (RFC 7517).' })
  jwks(): { keys: JWK[] } {
    return this.keys.jwks();
  }
}

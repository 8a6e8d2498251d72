import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { JWK } from 'jose';
import { MessagesKeys } from './messages-keys.js';

@ApiTags('keys')
@Controller()
export class JwksController {
  constructor(private readonly keys: MessagesKeys) {}

  @Get('.well-known/jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'The messages service’s public keys',
    description:
      'The `enc` key (ECDH-ES, P-256, with A256GCM) that the identity service encrypts a citizen’s person assertion to, ' +
      'so that her personnummer reaches this service and no one on the way (ADR 0010).',
  })
  @ApiOkResponse({ description: 'A JSON Web Key Set (RFC 7517).' })
  jwks(): { keys: JWK[] } {
    return this.keys.jwks();
  }
}

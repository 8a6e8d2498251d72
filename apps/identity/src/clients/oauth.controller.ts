import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Response } from 'express';
import { TokenRequestDto, TokenResponseDto } from './dto/client.dto.js';
import { ClientsService, oauthError } from './clients.service.js';

@ApiTags('oauth')
@Controller('oauth')
export class OAuthController {
  constructor(private readonly clients: ClientsService) {}

  @Post('token')
  @HttpCode(200)
  @Public()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'OAuth2 client-credentials grant for municipal systems (client_secret_basic or client_secret_post)' })
  @ApiOkResponse({ type: TokenResponseDto })
  async token(
    @Body() body: TokenRequestDto,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponseDto> {
    res.setHeader('Cache-Control', 'no-store');
    const basic = parseBasic(authorization);
    if (basic && body.client_id) {
      throw oauthError(
        HttpStatus.BAD_REQUEST,
        'invalid_request',
        'Authenticate with HTTP Basic or with client_id/client_secret, not both.',
      );
    }
    const credentials = basic ?? (body.client_id && body.client_secret ? { id: body.client_id, secret: body.client_secret } : undefined);
    if (!credentials) {
      res.setHeader('WWW-Authenticate', 'Basic realm="insyn"');
      throw oauthError(HttpStatus.UNAUTHORIZED, 'invalid_client', 'Client authentication is required.');
    }
    if (body.grant_type !== 'client_credentials')
      throw oauthError(
        HttpStatus.BAD_REQUEST,
        'unsupported_grant_type',
        'Only client_credentials is offered here; people sign in with e-ID.',
      );
    try {
      const t = await this.clients.clientCredentials(credentials.id, credentials.secret, body.scope);
      return { access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, scope: t.scope };
    } catch (err) {
      if (basic) res.setHeader('WWW-Authenticate', 'Basic realm="insyn"');
      throw err;
    }
  }
}

/** RFC 6749 2.3.1: Basic with the form-urlencoded client id and secret. */
function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

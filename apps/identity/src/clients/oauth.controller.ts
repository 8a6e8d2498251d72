import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Response } from 'express';
import { OAuthErrorDto, TokenRequestDto, TokenResponseDto } from './dto/client.dto.js';
import { invalidRequest, oauthError } from './oauth-error.js';
import { OAuthErrorFilter } from './oauth-error.filter.js';
import { parseTokenRequest } from './token-request.js';
import { IssueClientTokenUseCase } from './usecases/issue-client-token/issue-client-token.usecase.js';

@ApiTags('oauth')
@Controller('oauth')
@UseFilters(OAuthErrorFilter)
export class OAuthController {
  constructor(private readonly issueToken: IssueClientTokenUseCase) {}

  /**
   * The body is read as RFC 6749 reads it, not by the global ValidationPipe (which refuses unknown
   * fields): parameters the server does not know are ignored (3.2), and every error is an OAuth error.
   */
  @Post('token')
  @HttpCode(200)
  @Public()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiOperation({
    summary: 'OAuth2 client-credentials grant for municipal systems (client_secret_basic or client_secret_post)',
    description:
      'RFC 6749 4.4. Unknown parameters (e.g. `resource`, `audience`) are ignored; an empty parameter counts as omitted. ' +
      'Errors are RFC 6749 5.2 JSON (`error`, `error_description`) with the RFC 9457 problem fields beside them.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiResponse({
    status: 400,
    type: OAuthErrorDto,
    description: 'invalid_request, unsupported_grant_type, invalid_scope; a malformed body',
  })
  @ApiResponse({ status: 401, type: OAuthErrorDto, description: 'invalid_client: unknown, wrong secret, disabled, or no authentication' })
  @ApiResponse({ status: 413, type: OAuthErrorDto, description: 'The body is too large' })
  @ApiResponse({
    status: 415,
    type: OAuthErrorDto,
    description: 'The body is not application/x-www-form-urlencoded, or its charset is not one this endpoint reads',
  })
  async token(
    @Body() body: Record<string, unknown>,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponseDto> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    const form = parseTokenRequest(body);
    const basic = parseBasic(authorization);
    if (basic && form.clientSecret) throw invalidRequest('Authenticate with HTTP Basic or with client_id/client_secret, not both.');
    // A client authenticating with Basic may still name itself in the body (RFC 6749 3.2.1), but not as another client.
    if (basic && form.clientId && form.clientId !== basic.id)
      throw invalidRequest('The client_id in the body is not the authenticated client.');
    const credentials = basic ?? (form.clientId && form.clientSecret ? { id: form.clientId, secret: form.clientSecret } : undefined);
    if (!credentials) throw oauthError(HttpStatus.UNAUTHORIZED, 'invalid_client', 'Client authentication is required.');
    if (form.grantType !== 'client_credentials')
      throw oauthError(
        HttpStatus.BAD_REQUEST,
        'unsupported_grant_type',
        'Only client_credentials is offered here; people sign in with e-ID.',
      );
    const t = await this.issueToken.execute(credentials.id, credentials.secret, form.scope);
    return { access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, scope: t.scope };
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

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '@nestjs/passport';
import { Public } from '@insyn/auth';
import type { Request, Response } from 'express';
import type { VerifiedIdentity } from '../eid/eid-provider.js';
import { AccessTokenDto } from '../sessions/dto/session.dto.js';
import { setRefreshCookie } from '../sessions/session-cookies.js';
import { CreateSessionUseCase } from '../sessions/usecases/create-session/create-session.usecase.js';
import { LoginReturnDto, LoginViewDto, StartLoginDto } from './dto/login.dto.js';
import { binding, ensureBinding, LOGIN_COOKIE } from './login-cookies.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';
import { LoginsService } from './logins.service.js';

/** Sign-in with BankID or Freja: start, poll (every 2 s), cancel, then exchange the result for a session. */
@ApiTags('logins')
@ApiCookieAuth(LOGIN_COOKIE)
@Controller('v1/logins')
export class LoginsController {
  constructor(
    private readonly logins: LoginsService,
    private readonly createSession: CreateSessionUseCase,
  ) {}

  @Post()
  @Public()
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Start a sign-in; binds it to this browser (cookie). Rate-limited per IP.' })
  @ApiCreatedResponse({ type: LoginViewDto })
  async start(@Body() body: StartLoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    const userAgent = req.get('user-agent');
    return this.logins.start({
      ...body,
      endUserIp: req.ip ?? '127.0.0.1',
      binding: ensureBinding(req, res),
      ...(userAgent ? { userAgent } : {}),
    });
  }

  @Get(':loginId')
  @Public()
  @ApiOperation({ summary: 'The sign-in’s state, the message to show (sv/en) and a fresh QR code; poll every 2 s' })
  @ApiOkResponse({ type: LoginViewDto })
  async poll(@Param('loginId') loginId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    return this.logins.poll(loginId, binding(req));
  }

  @Post(':loginId/return')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Same device: the app returned the user to this browser with the nonce of its returnUrl (`eidReturn`)',
    description:
      'A same-device BankID sign-in becomes a session only after this call from the browser that started it: the app ' +
      'may otherwise have completed on another device. Another browser or a wrong nonce gets 404.',
  })
  @ApiOkResponse({ type: LoginViewDto })
  async returned(
    @Param('loginId') loginId: string,
    @Body() body: LoginReturnDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    return this.logins.returned(loginId, binding(req), body.nonce);
  }

  @Delete(':loginId')
  @Public()
  @ApiOperation({ summary: 'Cancel the sign-in (at the provider as well)' })
  @ApiOkResponse({ type: LoginViewDto })
  cancel(@Param('loginId') loginId: string, @Req() req: Request) {
    return this.logins.cancel(loginId, binding(req));
  }

  @Post(':loginId/session')
  @HttpCode(200)
  @Public()
  @UseGuards(AuthGuard('eid-order'))
  @ApiOperation({ summary: 'Exchange a completed sign-in for a session (once): an access token, and the refresh cookie' })
  @ApiParam({ name: 'loginId', description: 'The sign-in, read by the eid-order strategy with its browser binding' })
  @ApiOkResponse({ type: AccessTokenDto })
  async session(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AccessTokenDto> {
    res.setHeader('Cache-Control', 'no-store');
    const s = await this.createSession.execute(req.user as VerifiedIdentity, undefined, { userAgent: req.get('user-agent') ?? '' });
    setRefreshCookie(res, s.refreshToken, s.expiresAt);
    return {
      accessToken: s.access.accessToken,
      tokenType: 'Bearer',
      expiresIn: s.access.expiresIn,
      sessionExpiresAt: s.expiresAt.toISOString(),
    };
  }
}

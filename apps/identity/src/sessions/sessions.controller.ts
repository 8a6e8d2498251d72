import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal, Public, subjectKeysOf } from '@insyn/auth';
import type { Request, Response } from 'express';
import { AccessTokenDto, SessionViewDto } from './dto/session.dto.js';
import { clearRefreshCookie, cookie, REFRESH_COOKIE, setRefreshCookie } from './session-cookies.js';
import type { SessionOwner } from './persistence/sessions.repository.js';
import { EndSessionUseCase } from './usecases/end-session/end-session.usecase.js';
import { GetSessionUseCase } from './usecases/get-session/get-session.usecase.js';
import { ListSessionsUseCase } from './usecases/list-sessions/list-sessions.usecase.js';
import { RefreshSessionUseCase } from './usecases/refresh-session/refresh-session.usecase.js';
import { unauthenticated } from './usecases/session.js';
import { SignOutUseCase } from './usecases/sign-out/sign-out.usecase.js';

/** People see and end their own sessions; officials too, whatever their roles. */
const SIGNED_IN = { citizen: { minLoa: 2 }, anyOfficial: true };

/**
 * The routes admit only citizens and officials (SIGNED_IN), so the kind is one of the two. Every key of the
 * person: a session begun before a rotation of SUBJECT_KEY_SECRET is stored under her previous key (ADR 0025).
 */
const ownerOf = (who: Principal): SessionOwner => ({
  subjectKeys: subjectKeysOf(who),
  kind: who.kind === 'official' ? 'official' : 'citizen',
});

@ApiTags('sessions')
@Controller('v1/sessions')
export class SessionsController {
  constructor(
    private readonly refreshSession: RefreshSessionUseCase,
    private readonly signOutSession: SignOutUseCase,
    private readonly listSessions: ListSessionsUseCase,
    private readonly getSession: GetSessionUseCase,
    private readonly endSession: EndSessionUseCase,
  ) {}

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'A new access token for the browser’s session (refresh cookie, rotated on every use)' })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiResponse({ status: 401, description: 'No refresh cookie, or one that is expired, revoked or reused (the session ends)' })
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AccessTokenDto> {
    res.setHeader('Cache-Control', 'no-store');
    const token = cookie(req, REFRESH_COOKIE);
    if (!token) throw unauthenticated('No session: sign in first.');
    try {
      const s = await this.refreshSession.execute(token);
      setRefreshCookie(res, s.refreshToken, s.expiresAt);
      return {
        accessToken: s.access.accessToken,
        tokenType: 'Bearer',
        expiresIn: s.access.expiresIn,
        sessionExpiresAt: s.expiresAt.toISOString(),
      };
    } catch (err) {
      clearRefreshCookie(res);
      throw err;
    }
  }

  @Post('sign-out')
  @HttpCode(204)
  @Public()
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'Sign out this browser: the session’s refresh token stops working at once' })
  @ApiNoContentResponse()
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = cookie(req, REFRESH_COOKIE);
    if (token) await this.signOutSession.execute(token);
    clearRefreshCookie(res);
  }

  @Get()
  @Allow(SIGNED_IN)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your own sessions, newest first' })
  @ApiOkResponse({ type: [SessionViewDto] })
  list(@CurrentPrincipal() who: Principal) {
    return this.listSessions.execute(ownerOf(who), who.sessionId);
  }

  @Get(':sessionId')
  @Allow(SIGNED_IN)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One of your sessions (another person’s is not found)' })
  @ApiOkResponse({ type: SessionViewDto })
  get(@Param('sessionId', new ParseUUIDPipe()) sessionId: string, @CurrentPrincipal() who: Principal) {
    return this.getSession.execute(sessionId, ownerOf(who), who.sessionId);
  }

  @Delete(':sessionId')
  @HttpCode(204)
  @Allow(SIGNED_IN)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End one of your sessions (for example on a lost phone)' })
  @ApiNoContentResponse()
  async revoke(@Param('sessionId', new ParseUUIDPipe()) sessionId: string, @CurrentPrincipal() who: Principal): Promise<void> {
    await this.endSession.execute(sessionId, ownerOf(who), 'revoked-by-user');
  }
}

import { Controller, Get, HttpStatus, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '@nestjs/passport';
import { Public } from '@insyn/auth';
import { ProblemException, Problems } from '@insyn/observability';
import type { Request, Response } from 'express';
import type { IdentityEnv } from '../config/identity-env.js';
import { RELATIVE_PATH } from '../logins/dto/login.dto.js';
import { ensureBinding } from '../logins/login-cookies.js';
import { LoginRateLimitGuard } from '../logins/login-rate-limit.guard.js';
import { OfficialsDirectory } from '../officials/officials-directory.js';
import { setRefreshCookie } from '../sessions/session-cookies.js';
import { CreateSessionUseCase } from '../sessions/usecases/create-session/create-session.usecase.js';
import { SithsService } from './siths.service.js';
import type { SithsUser } from './siths.strategy.js';

/** Officials sign in with SITHS eID through Inera's IdP (a browser redirect flow). */
@ApiTags('logins')
@Controller('v1/logins/siths')
export class SithsController {
  constructor(
    private readonly siths: SithsService,
    private readonly officials: OfficialsDirectory,
    private readonly createSession: CreateSessionUseCase,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {}

  @Get()
  @Public()
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Start a SITHS sign-in: redirects to the identity provider' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'Portal path to return to' })
  @ApiQuery({
    name: 'via',
    required: false,
    enum: ['portal'],
    description:
      'The portal starts the sign-in for a browser it holds the cookies of: the IdP returns to the portal, which relays the answer here',
  })
  @ApiResponse({ status: 303, description: 'To the IdP’s authorization endpoint' })
  @ApiResponse({ status: 503, description: 'The IdP cannot be reached' })
  async start(
    @Query('returnTo') returnTo: string | undefined,
    @Query('via') via: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (returnTo !== undefined && (typeof returnTo !== 'string' || returnTo.length > 300 || !RELATIVE_PATH.test(returnTo)))
      throw Problems.validation([{ field: 'returnTo', messages: ['returnTo must be a path on the portal, like /handlaggning'] }]);
    if (via !== undefined && via !== 'portal') throw Problems.validation([{ field: 'via', messages: ['via must be portal'] }]);
    const url = await this.siths.start(ensureBinding(req, res), returnTo, via === 'portal');
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(HttpStatus.SEE_OTHER, url.toString());
  }

  @Get('callback')
  @Public()
  @UseGuards(AuthGuard('siths'))
  @ApiOperation({ summary: 'The IdP returns here; a registered official gets a session and goes back to the portal' })
  @ApiResponse({ status: 303, description: 'To the portal, with the refresh cookie set' })
  @ApiResponse({ status: 401, description: 'The IdP’s answer does not match the sign-in (state, nonce, code) or says no' })
  @ApiResponse({ status: 403, description: 'Not registered as an official, or too low an assurance' })
  @ApiResponse({ status: 404, description: 'No SITHS sign-in was started in this browser' })
  @ApiResponse({ status: 503, description: 'The IdP cannot be reached' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = req.user as SithsUser;
    const assignment = user.hsaId ? this.officials.find(user.hsaId) : undefined;
    if (!assignment)
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'not-an-official',
        'Not registered as an official',
        'Your HSA-id has no unit or role in Insyn; ask your administrator.',
      );
    const { returnTo, ...identity } = user;
    const s = await this.createSession.execute(identity, assignment, { userAgent: req.get('user-agent') ?? '' });
    setRefreshCookie(res, s.refreshToken, s.expiresAt);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(HttpStatus.SEE_OTHER, new URL(returnTo ?? '/', this.config.get('PORTAL_URL', { infer: true })).toString());
  }
}

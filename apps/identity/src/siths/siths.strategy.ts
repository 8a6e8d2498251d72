import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import type { IdentityEnv } from '../config/identity-env.js';
import type { VerifiedIdentity } from '../eid/eid-provider.js';
import { binding } from '../logins/login-cookies.js';
import { CallbackStrategy } from '../logins/strategies/callback-strategy.js';
import { SithsService } from './siths.service.js';

export type SithsUser = VerifiedIdentity & { returnTo?: string };

/** SITHS, the passport way: the IdP's callback authenticates as the verified official (`req.user`). */
@Injectable()
export class SithsStrategy extends PassportStrategy(CallbackStrategy, 'siths') {
  constructor(
    private readonly siths: SithsService,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {
    super();
  }

  async validate(req: Request): Promise<SithsUser> {
    // The URL the IdP redirected to, as the public sees it (the issuer is our public base URL).
    const callbackUrl = new URL(req.originalUrl, this.config.get('IDENTITY_ISSUER', { infer: true }));
    const { identity, returnTo } = await this.siths.complete(callbackUrl, binding(req));
    return { ...identity, ...(returnTo ? { returnTo } : {}) };
  }
}

import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import type { VerifiedIdentity } from '../../eid/eid-provider.js';
import { binding } from '../login-cookies.js';
import { LoginsService } from '../logins.service.js';
import { CallbackStrategy } from './callback-strategy.js';

/**
 * BankID and Freja, the passport way: a request naming a completed login of this browser authenticates
 * as the verified identity (`req.user`), once. Everything else (pending, foreign, used) does not.
 */
@Injectable()
export class EidOrderStrategy extends PassportStrategy(CallbackStrategy, 'eid-order') {
  constructor(private readonly logins: LoginsService) {
    super();
  }

  async validate(req: Request): Promise<VerifiedIdentity> {
    const loginId = req.params.loginId;
    return this.logins.consume(typeof loginId === 'string' ? loginId : '', binding(req));
  }
}

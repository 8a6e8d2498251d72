import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-http-bearer';
import { ACCESS_POLICY, type AccessPolicy } from './access.js';
import { invalidToken, notAdmitted, tokenMissing } from './access-refused.js';
import type { Principal } from './principal.js';
import { TokenVerifier } from './token-verifier.js';

const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';

/**
 * The passport strategy: a Bearer token verified against the identity service's keys, read from the
 * `Authorization` header only. passport-http-bearer also takes `access_token` from the query string and
 * the body (RFC 6750 sections 2.2 and 2.3); a token in a URL ends up in access logs, browser history and
 * Referer headers, so the strategy is shown the headers and nothing else.
 */
@Injectable()
export class InsynBearerStrategy extends PassportStrategy(Strategy, 'insyn-bearer') {
  constructor(private readonly verifier: TokenVerifier) {
    super();
  }

  override authenticate(req: Request, options?: object): void {
    super.authenticate({ headers: req.headers } as Request, options);
  }

  /** A refused token is a 401 saying why (RFC 6750 `invalid_token`), thrown through passport to the guard. */
  async validate(token: string): Promise<Principal> {
    const checked = await this.verifier.check(token);
    if (!checked.ok) throw invalidToken(checked.reason);
    return checked.principal;
  }
}

const BearerGuard = AuthGuard('insyn-bearer');

export function satisfies(policy: Exclude<AccessPolicy, { public: true }>, user: Principal): boolean {
  if (user.kind === 'citizen' && policy.citizen) return (user.loa ?? 0) >= (policy.citizen.minLoa ?? 3);
  if (user.kind === 'official' && policy.anyOfficial) return true;
  if (user.kind === 'official' && policy.officialRoles) return user.roles.some((r) => policy.officialRoles!.includes(r));
  if (user.kind === 'client' && policy.clientScopes) return user.scopes.some((s) => policy.clientScopes!.includes(s));
  return false;
}

/**
 * The global guard: public routes pass; every other route needs a valid token (401) whose caller
 * matches the route's policy (403). Both answers say why, with RFC 6750 challenges (access-refused.ts).
 * At boot it refuses to start if any route declares no policy.
 */
@Injectable()
export class AccessGuard extends BearerGuard implements CanActivate, OnApplicationBootstrap {
  constructor(
    private readonly reflector: Reflector,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    const undeclared: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      const metatype = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!instance || !metatype) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined || Reflect.getMetadata(PATH_METADATA, handler) === undefined)
          continue;
        if (!this.reflector.getAllAndOverride<AccessPolicy>(ACCESS_POLICY, [handler, metatype]))
          undeclared.push(`${metatype.name}.${name}`);
      }
    }
    if (undeclared.length > 0)
      throw new Error(`Every endpoint must declare who may call it (@Public() or @Allow(...)); these do not: ${undeclared.join(', ')}`);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) throw new ForbiddenException('this endpoint declares no access policy');
    if (policy.public) return true;
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (!user) throw tokenMissing();
    if (!satisfies(policy, user)) throw notAdmitted(policy, user);
    return true;
  }

  /**
   * Passport's verdict when the strategy did not throw (a refused token throws invalidToken): no Bearer
   * token in the Authorization header, or a header passport could not split into scheme and token.
   */
  override handleRequest<TUser = Principal>(err: Error | null, user: TUser | false, _info: unknown, context: ExecutionContext): TUser {
    if (err) throw err;
    if (user) return user;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    throw /^Bearer\s+\S/i.test(header) ? invalidToken('malformed') : tokenMissing();
  }
}

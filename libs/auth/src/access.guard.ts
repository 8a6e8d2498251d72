import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { ACCESS_POLICY, type AccessPolicy } from './access.js';
import type { Principal } from './principal.js';
import { TokenVerifier } from './token-verifier.js';

const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';

/** The passport strategy: a Bearer token verified against the identity service's keys. */
@Injectable()
export class InsynBearerStrategy extends PassportStrategy(Strategy, 'insyn-bearer') {
  constructor(private readonly verifier: TokenVerifier) {
    super();
  }

  async validate(token: string): Promise<Principal | false> {
    return (await this.verifier.verify(token)) ?? false;
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
 * matches the route's policy (403). At boot it refuses to start if any route declares no policy.
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
    if (!user || !satisfies(policy, user)) throw new ForbiddenException('your token does not allow this');
    return true;
  }
}

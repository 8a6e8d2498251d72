import { type CanActivate, type ExecutionContext, HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ProblemException } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { Request, Response } from 'express';
import type { IdentityEnv } from '../config/identity-env.js';

const WINDOW_MS = 60_000;

/**
 * The login starts per client IP in the current fixed window, in memory: one store per instance, shared by
 * every route the guard is on (the e-ID logins and SITHS, in two modules, whose guards are two instances).
 */
@Injectable()
export class LoginStartWindows implements OnModuleDestroy {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly clock: Clock) {
    this.sweeper = setInterval(() => this.sweep(), WINDOW_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Counts a start from `ip`: its window (begun now when the last one is over) with this start counted. */
  count(ip: string, now: number): { start: number; count: number } {
    let window = this.windows.get(ip);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(ip, window);
    }
    window.count++;
    return window;
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [ip, w] of this.windows) if (now - w.start >= WINDOW_MS) this.windows.delete(ip);
  }
}

/**
 * Login starts per client IP: LOGIN_RATE_LIMIT per minute, in fixed windows, in memory. With N
 * replicas the effective limit is up to N times this, which is fine for its purpose (keeping one
 * address from flooding BankID, Freja and the IdP with orders); a shared limit belongs in the proxy.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  /** What the OpenAPI document lists on the routes it guards (DocumentedGuard in @insyn/service-kit). */
  static readonly problemStatuses = [HttpStatus.TOO_MANY_REQUESTS];

  constructor(
    private readonly windows: LoginStartWindows,
    private readonly clock: Clock,
    private readonly config: ConfigService<IdentityEnv, true>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const now = this.clock.now().getTime();
    const window = this.windows.count(req.ip ?? 'unknown', now);
    if (window.count <= this.config.get('LOGIN_RATE_LIMIT', { infer: true })) return true;
    const retryAfter = Math.ceil((window.start + WINDOW_MS - now) / 1000);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'rate-limited', 'Too many sign-in attempts', `Try again in ${retryAfter} s.`);
  }
}

import { Strategy } from 'passport-strategy';
import type { Request } from 'express';

type Verify = (req: Request, done: (err: unknown, user?: unknown, info?: unknown) => void) => void;

/**
 * A passport strategy whose whole work is the verify callback (like passport-custom): with
 * @nestjs/passport's `PassportStrategy` mixin, the subclass's `validate(req)` decides who the user is.
 */
export class CallbackStrategy extends Strategy {
  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(req: Request): void {
    this.verify(req, (err, user, info) => {
      if (err) return this.error(err as Error);
      if (!user) return this.fail(info, 401);
      return this.success(user, info);
    });
  }
}

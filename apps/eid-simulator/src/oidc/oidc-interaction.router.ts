import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import type { TestUsers } from '../control/test-users.js';
import { loginPage } from './login-page.js';
import { findSithsUser, isSithsUser, SITHS_AMR, SITHS_LOA3, type SithsUser } from './siths-account.js';
import { OIDC_MOUNT } from './siths-provider.js';

/** The page's own policy: no scripts at all; no form-action limit, since the login redirects on to the relying party. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Express routes mounted under /oidc: the interaction (sign-in) endpoints first, then oidc-provider itself.
 *
 * Simulator only: a `login_hint` equal to a test person's HSA-id or personnummer completes the sign-in
 * without the page, so automated tests can run the code flow headless. Inera's IdP has no such shortcut.
 */
export function oidcRouter(provider: () => Promise<Provider>, users: TestUsers): Router {
  const router = express.Router();
  const wrap = (fn: (req: Request, res: Response, p: Provider) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
    provider()
      .then((p) => fn(req, res, p))
      .catch(next);
  };
  const sithsUsers = () => users.all().filter(isSithsUser);
  const login = (req: Request, res: Response, p: Provider, user: SithsUser) =>
    p.interactionFinished(
      req,
      res,
      { login: { accountId: user.hsaId, acr: SITHS_LOA3, amr: SITHS_AMR, remember: false } },
      { mergeWithLastSubmission: false },
    );
  const page = (res: Response, uid: string, clientId: string, status = 200, error?: string) => {
    res
      .status(status)
      .setHeader('Content-Security-Policy', PAGE_CSP)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(
        loginPage({
          action: `${OIDC_MOUNT}/interaction/${encodeURIComponent(uid)}/login`,
          abortAction: `${OIDC_MOUNT}/interaction/${encodeURIComponent(uid)}/abort`,
          clientId,
          users: sithsUsers(),
          ...(error ? { error } : {}),
        }),
      );
  };

  router.get(
    '/interaction/:uid',
    wrap(async (req, res, p) => {
      const details = await p.interactionDetails(req, res);
      if (details.uid !== req.params.uid) {
        res.status(400).type('text').send('Interaction mismatch');
        return;
      }
      const hint = details.params.login_hint;
      const clientId = clientIdOf(details.params);
      if (typeof hint === 'string' && hint) {
        const user = findSithsUser(users.all(), hint);
        if (user) return login(req, res, p, user);
        return page(res, details.uid, clientId, 200, 'Ingen testperson med HSA-id matchar login_hint. Välj en nedan.');
      }
      page(res, details.uid, clientId);
    }),
  );

  router.post(
    '/interaction/:uid/login',
    express.urlencoded({ extended: false, limit: '4kb' }),
    wrap(async (req, res, p) => {
      const details = await p.interactionDetails(req, res);
      const body = req.body as Record<string, unknown> | undefined;
      const hsaId = typeof body?.hsaId === 'string' ? body.hsaId : '';
      const user = sithsUsers().find((u) => u.hsaId === hsaId);
      if (!user) return page(res, details.uid, clientIdOf(details.params), 400, 'Välj en testperson.');
      await login(req, res, p, user);
    }),
  );

  router.post(
    '/interaction/:uid/abort',
    wrap(async (req, res, p) => {
      await p.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'Användaren avbröt inloggningen' },
        { mergeWithLastSubmission: false },
      );
    }),
  );

  const handlers = new WeakMap<Provider, ReturnType<Provider['callback']>>();
  router.use(
    wrap(async (req, res, p) => {
      let handle = handlers.get(p);
      if (!handle) handlers.set(p, (handle = p.callback()));
      await handle(req, res);
    }),
  );
  return router;
}

function clientIdOf(params: Record<string, unknown>): string {
  return typeof params.client_id === 'string' ? params.client_id : '';
}

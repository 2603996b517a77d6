import type { Request, RequestHandler, Response } from 'express';
import { localizeResearcher, researcherLocale, type ResearcherMessageKey } from '../domain/locale/researcher-messages';
import { AppError } from '../errors';
import type { AccountService, ResearcherUser } from '../services/accounts';
import type { Role, TokenScope } from '../storage/account-models';
import type { ResearcherCsrf } from './researcher-csrf';
import { endSession, isIdle, noteActivity } from './researcher-session';
import { renderSignIn } from './sign-in-page';

/** Paths that get a researcher session (and nothing else does: not the form, not the responses API). */
export const RESEARCHER_PATHS = ['/login', '/logout', '/account', '/surveys', '/api/surveys'];
/** Paths that need a signed-in user or a Bearer token; mounted before every researcher route. */
export const PROTECTED_PATHS = ['/account', '/surveys', '/api/surveys'];

/** What `requireResearcher` leaves in `res.locals` for routes and views. */
export interface ResearcherLocals {
  user: ResearcherUser;
  authenticatedBy: 'session' | 'token';
  /** For the forms of a page (and the layout's sign-out form); set for session requests to pages. */
  csrfToken?: string;
}

/** The signed-in user of a request that went through `requireResearcher`. */
export function currentUser(res: Response): ResearcherUser {
  const user = (res.locals as Partial<ResearcherLocals>).user;
  if (!user) throw new Error('researcher route mounted without requireResearcher');
  return user;
}

const isApi = (req: Request) => req.originalUrl.startsWith('/api/');

/** Methods that change nothing: all that a `read` token may send. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when a token of this scope may send a request with this method: `read` reads (every
 * GET: the survey list, results, crosstabs, exports, a survey's pages), `manage` may also
 * change what its user may change. (Tokens themselves are managed by sessions only: see
 * `refuseTokens`.)
 */
export function scopeAllows(scope: TokenScope, method: string): boolean {
  return scope === 'manage' || READ_METHODS.has(method);
}

type Refusal = 'no-session' | 'invalid-token' | { idleMinutes: number };

function refuse(req: Request, res: Response, csrf: ResearcherCsrf, why: Refusal): void {
  const locale = researcherLocale(req.get('accept-language'));
  const message =
    typeof why === 'object'
      ? localizeResearcher(locale, 'signedOutIdle', { minutes: why.idleMinutes })
      : localizeResearcher(locale, isApi(req) ? 'apiUnauthorized' : 'signInRequired');
  if (isApi(req)) {
    res.set('WWW-Authenticate', why === 'invalid-token' ? 'Bearer error="invalid_token"' : 'Bearer').set('Cache-Control', 'no-store');
    // The central error handler writes the JSON error envelope, as for every other error.
    throw new AppError(401, message);
  }
  const back = req.method === 'GET' || req.method === 'HEAD' ? req.originalUrl : null;
  renderSignIn(req, res, csrf, { status: 401, next: back, message });
}

/**
 * Lets a request through only with a signed-in session or `Authorization: Bearer <token>`,
 * and sets `res.locals.user = { username, role }` (see ResearcherLocals). The account is read
 * by `_id` on every request and the token by its hash, never cached: a deleted or locked-out
 * account, or a revoked token, stops working at once in every process. Otherwise 401: JSON
 * with `WWW-Authenticate: Bearer` under /api/, the sign-in form (coming back here) elsewhere.
 * A session whose researcher has asked for nothing for `idleMinutes` ends here, whatever
 * the live pages kept refreshing meanwhile.
 */
export function requireResearcher(
  accounts: AccountService,
  csrf: ResearcherCsrf,
  { idleMinutes, now = () => Date.now() }: { idleMinutes: number; now?: () => number },
): RequestHandler {
  return async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const authorization = req.get('authorization');
    if (authorization !== undefined) {
      const bearer = /^Bearer +([^\s]+) *$/i.exec(authorization);
      const holder = bearer ? await accounts.tokenHolder(bearer[1]!) : null;
      if (!holder) return refuse(req, res, csrf, 'invalid-token');
      if (!scopeAllows(holder.scope, req.method)) return next(forbidden(req, 'tokenReadOnly'));
      Object.assign(res.locals, { user: holder.user, authenticatedBy: 'token' } satisfies ResearcherLocals);
      return next();
    }
    const username = req.session?.username;
    if (username && isIdle(req, idleMinutes * 60_000, now())) {
      await endSession(req);
      return refuse(req, res, csrf, { idleMinutes });
    }
    const user = username ? await accounts.sessionUser(username) : null;
    if (!user) {
      if (username) await endSession(req);
      return refuse(req, res, csrf, 'no-session');
    }
    noteActivity(req, now());
    Object.assign(res.locals, { user, authenticatedBy: 'session' } satisfies ResearcherLocals);
    if (!isApi(req)) res.locals.csrfToken = csrf.token(req, res);
    next();
  };
}

function forbidden(req: Request, key: ResearcherMessageKey): AppError {
  return new AppError(403, localizeResearcher(researcherLocale(req.get('accept-language')), key));
}

/**
 * After `requireResearcher`, on the routes that create or revoke tokens: 403 for a request
 * made with a token, whatever its scope, so that no token can mint one that outlives its own
 * revocation. Only a signed-in researcher manages tokens.
 */
export const refuseTokens: RequestHandler = (req, res, next) => {
  if ((res.locals as Partial<ResearcherLocals>).authenticatedBy === 'token') return next(forbidden(req, 'tokenCannotManageTokens'));
  next();
};

/** After `requireResearcher`: 403 unless the user has one of these roles. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (roles.includes(currentUser(res).role)) return next();
    next(forbidden(req, 'forbidden'));
  };
}

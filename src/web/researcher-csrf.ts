import { randomBytes } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler, Response } from 'express';
import { localizeResearcher, researcherLocale } from '../domain/locale/researcher-messages';
import { AppError } from '../errors';

export interface ResearcherCsrf {
  /** A token for a hidden `_csrf` field (or an `X-CSRF-Token` header), with the cookie it pairs with. */
  token(req: Request, res: Response): string;
  /** True when the request carries a token that belongs to this browser's sign-in state. */
  isValid(req: Request): boolean;
  /**
   * For state-changing researcher routes after `requireResearcher`: 403 unless the token is
   * valid. Requests authenticated by a Bearer token carry no cookies, cannot be forged by
   * another site, and are let through.
   */
  protect: RequestHandler;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Double-submit CSRF protection for the researcher's forms (csrf-csrf). The token is bound to
 * the session once someone is signed in, and before that (the sign-in form itself, against
 * login CSRF) to a random pre-session cookie. Cookie names take the `__Host-` prefix in
 * production, so that no sibling domain can plant them.
 */
export function researcherCsrf(secret: string, secure: boolean): ResearcherCsrf {
  const prefix = secure ? '__Host-' : '';
  const preSessionCookie = `${prefix}likert.pre`;
  const cookieOptions = { sameSite: 'lax' as const, secure, httpOnly: true, path: '/' };
  const cookies = (req: Request) => (req.cookies ?? {}) as Record<string, string | undefined>;
  const preSession = (req: Request) => {
    const value = cookies(req)[preSessionCookie];
    return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value) ? value : undefined;
  };
  const signedIn = (req: Request) => typeof req.session?.username === 'string';

  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => (signedIn(req) ? `session:${req.sessionID}` : `pre:${preSession(req) ?? ''}`),
    cookieName: `${prefix}likert.researcher-csrf`,
    cookieOptions,
    getCsrfTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const field = body && typeof body === 'object' ? body._csrf : undefined;
      return typeof field === 'string' ? field : req.get('x-csrf-token');
    },
  });

  const isValid = (req: Request) => (signedIn(req) || preSession(req) !== undefined) && validateRequest(req);

  return {
    token(req, res) {
      if (!signedIn(req) && !preSession(req)) {
        const value = randomBytes(16).toString('base64url');
        res.cookie(preSessionCookie, value, cookieOptions);
        req.cookies = { ...cookies(req), [preSessionCookie]: value };
      }
      return generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false });
    },
    isValid,
    protect(req, res, next) {
      if (SAFE_METHODS.has(req.method) || res.locals.authenticatedBy === 'token' || isValid(req)) return next();
      next(new AppError(403, localizeResearcher(researcherLocale(req.get('accept-language')), 'formExpired')));
    },
  };
}

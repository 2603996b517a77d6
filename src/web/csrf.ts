import { doubleCsrf } from 'csrf-csrf';
import type { Request, Response } from 'express';

export interface CsrfProtection {
  /** A token for a hidden `_csrf` field; reuses the browser's cookie so several tabs work. */
  token(req: Request, res: Response): string;
  /** True when the form may be accepted (see `csrfProtection`). */
  isValid(req: Request): boolean;
}

/** True when the browser itself says the request comes from one of our own pages. */
function isSameOrigin(req: Request): boolean {
  if (req.get('sec-fetch-site') === 'same-origin') return true;
  const origin = req.get('origin');
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/**
 * Double-submit cookie protection for the respondent's form (csrf-csrf). Respondents are
 * anonymous, so the token is bound to the browser's cookie rather than to a session: a
 * third-party page can neither read nor set that cookie, so it cannot forge the field.
 *
 * A browser that keeps no cookies at all (some in-app browsers) would otherwise never get
 * its answers in; such a form is accepted when the browser's own Sec-Fetch-Site or Origin
 * header shows that it was sent from our page, which a cross-site forgery cannot fake.
 */
export function csrfProtection(secret: string, secure: boolean): CsrfProtection {
  const cookieName = secure ? '__Host-likert.csrf' : 'likert.csrf';
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: () => 'respondent',
    cookieName,
    cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const form = req.body as URLSearchParams | undefined;
      return form instanceof URLSearchParams ? form.get('_csrf') : undefined;
    },
  });
  return {
    token: (req, res) => generateCsrfToken(req, res, { overwrite: false, validateOnReuse: true }),
    isValid(req) {
      if (validateRequest(req)) return true;
      const hasCookie = typeof (req.cookies as Record<string, unknown> | undefined)?.[cookieName] === 'string';
      return !hasCookie && isSameOrigin(req);
    },
  };
}

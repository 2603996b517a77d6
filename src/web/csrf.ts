import { doubleCsrf } from 'csrf-csrf';
import type { Request, Response } from 'express';

export interface CsrfProtection {
  /** A token for a hidden `_csrf` field; reuses the browser's cookie so several tabs work. */
  token(req: Request, res: Response): string;
  /** True when the form's token matches the browser's cookie. */
  isValid(req: Request): boolean;
}

/**
 * Double-submit cookie protection for the respondent's form (csrf-csrf). Respondents are
 * anonymous, so the token is bound to the browser's cookie rather than to a session: a
 * third-party page can neither read nor set that cookie, so it cannot forge the field.
 */
export function csrfProtection(secret: string, secure: boolean): CsrfProtection {
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: () => 'respondent',
    cookieName: secure ? '__Host-likert.csrf' : 'likert.csrf',
    cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const form = req.body as URLSearchParams | undefined;
      return form instanceof URLSearchParams ? form.get('_csrf') : undefined;
    },
  });
  return {
    token: (req, res) => generateCsrfToken(req, res, { overwrite: false, validateOnReuse: true }),
    isValid: (req) => validateRequest(req),
  };
}

import type { Request, Response } from 'express';
import { researcherLocale, researcherMessagesFor } from '../domain/locale/researcher-messages';
import type { PlainHttpProblem } from './plain-http';
import type { ResearcherCsrf } from './researcher-csrf';

export const AFTER_SIGN_IN = '/surveys';

/**
 * `value` when it is a path on this site, else null: `/surveys/x?y` yes; `//evil.example`,
 * `/\evil.example` (browsers read both as another host), absolute URLs, control characters
 * and spaces (which browsers strip, turning `/\t/x` into `//x`) no.
 */
export function localPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  return /^\/(?![/\\])[^\\\s\x00-\x1f\x7f]*$/.test(value) ? value : null;
}

export interface SignInPageOptions {
  status?: number;
  /** Where to go after signing in. */
  next?: string | null;
  /** A sentence shown above the form. */
  message?: string;
  username?: string;
}

/**
 * The sign-in form, in the browser's language, with a fresh CSRF token bound to this browser.
 * When the request shows that signing in cannot work (production over plain HTTP, see
 * plain-http.ts), the page says that instead of any other message.
 */
export function renderSignIn(req: Request, res: Response, csrf: ResearcherCsrf, options: SignInPageOptions = {}): void {
  const lang = researcherLocale(req.get('accept-language'));
  const t = researcherMessagesFor(lang);
  const plainHttp = res.locals.plainHttpProblem as PlainHttpProblem | undefined;
  res.locals.csrfToken = csrf.token(req, res);
  res.set('Cache-Control', 'no-store');
  res.status(options.status ?? 200).render('login', {
    lang,
    researcherWords: t,
    pageTitle: t.signInTitle,
    next: localPath(options.next) ?? '',
    message: plainHttp ? t[plainHttp] : (options.message ?? ''),
    username: options.username ?? '',
  });
}

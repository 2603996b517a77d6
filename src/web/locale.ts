import type { Request, Response } from 'express';
import { localeFromAcceptLanguage } from '../domain/locale/messages';
import type { Locale } from '../domain/survey/definition';

/** The survey's language once a route has found the survey, else the browser's. */
export function pageLocale(req: Request, res?: Response): Locale {
  const chosen = res?.locals.locale as Locale | undefined;
  return chosen ?? localeFromAcceptLanguage(req.get('accept-language'));
}

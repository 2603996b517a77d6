import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { localize, messagesFor, type MessageKey } from '../domain/locale/messages';
import { localizeResearcher, researcherMessagesFor } from '../domain/locale/researcher-messages';
import { AppError, InvalidSubmissionError, LocalizedError, SurveyClosedError, SurveyNotFoundError } from '../errors';
import { isDatabaseUnavailable } from '../storage/database';
import { pageLocale } from './locale';
import type { SurveyOfPage } from './survey-access';

/** Errors of the body parsers whose `type` says more than their status does. */
const PARSER_MESSAGES: Record<string, MessageKey> = {
  'entity.parse.failed': 'requestNotJson',
  'entity.too.large': 'requestTooLarge',
  'parameters.too.many': 'requestTooLarge',
  'charset.unsupported': 'requestUnsupported',
  'encoding.unsupported': 'requestUnsupported',
};

/** What to tell the user about an error that carries only its status. */
function messageForStatus(error: unknown, status: number): MessageKey {
  // Express raises a URIError with status 400 for a malformed escape in the path (`/s/%ZZ`).
  if (error instanceof URIError) return 'requestBadAddress';
  const byType = PARSER_MESSAGES[(error as { type?: string }).type ?? ''];
  if (byType) return byType;
  if (status >= 500) return 'internalError';
  if (status === 400) return 'requestMalformed';
  if (status === 404) return 'pageNotFound';
  if (status === 413) return 'requestTooLarge';
  if (status === 415) return 'requestUnsupported';
  return 'errorBody';
}

/** The HTTP status an error from Express or a library carries (http-errors' `status`), if any. */
function carriedStatus(error: unknown): number | undefined {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const carried = typeof status === 'number' ? status : statusCode;
  return typeof carried === 'number' && Number.isInteger(carried) && carried >= 400 && carried <= 599 ? carried : undefined;
}

/**
 * JSON or a page, as the client asked (Accept): the API answers JSON to any client that
 * takes it, a browser's `*∕*` included, and the pages answer HTML to any client that takes it.
 */
function wantsJson(req: Request): boolean {
  if (req.path.startsWith('/api/')) return Boolean(req.accepts('json')) || !req.accepts('html');
  return !req.accepts('html');
}

function send(req: Request, res: Response, status: number, message: string, title?: string) {
  const locale = pageLocale(req, res);
  if (wantsJson(req)) {
    res.status(status).json({ errors: [{ question: null, message }] });
    return;
  }
  const heading = title ?? messagesFor(locale).errorTitle;
  // A signed-in researcher keeps the researcher header and a way back: to the survey of the path, and to the list.
  if (res.locals.user) {
    const t = researcherMessagesFor(locale);
    const survey = res.locals.surveyOfPage as SurveyOfPage | undefined;
    res.status(status).render('researcher-message', {
      lang: locale,
      researcherWords: t,
      pageTitle: heading,
      title: heading,
      body: message,
      ways: [
        ...(survey ? [{ href: `/surveys/${encodeURIComponent(survey.id)}/results`, text: localizeResearcher(locale, 'errorBackToSurvey', { title: survey.title }) }] : []),
        { href: '/surveys', text: t.errorAllSurveys },
      ],
    });
    return;
  }
  res.status(status).render('message', { lang: locale, title: heading, body: message });
}

export const notFound: RequestHandler = (req, res) => {
  const locale = pageLocale(req, res);
  send(req, res, 404, localize(locale, 'pageNotFound'), messagesFor(locale).notFoundTitle);
};

/**
 * The one place where errors become responses: typed errors carry their status and a
 * message for the user; a database that cannot be reached is a 503; an error that carries
 * an HTTP status of its own (Express's, the body parsers') keeps it; anything else is a
 * logged 500 that shows no detail.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const locale = pageLocale(req, res);
    const t = messagesFor(locale);

    if (error instanceof InvalidSubmissionError) {
      res.status(422).json({ errors: error.errors });
      return;
    }
    if (error instanceof SurveyNotFoundError) return send(req, res, 404, t.surveyNotFound, t.notFoundTitle);
    if (error instanceof SurveyClosedError) return send(req, res, 409, t.surveyClosed, t.closedTitle);
    if (error instanceof LocalizedError) return send(req, res, error.status, error.messageIn(locale));
    if (error instanceof AppError) return send(req, res, error.status, error.message);

    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, path: req.path }, 'database unavailable');
      res.set('Retry-After', '10');
      return send(req, res, 503, t.databaseUnavailable, t.unavailableTitle);
    }
    const status = carriedStatus(error);
    if (status !== undefined && status < 500) return send(req, res, status, t[messageForStatus(error, status)]);

    logger.error({ err: error, method: req.method, path: req.path }, 'unexpected error');
    send(req, res, status ?? 500, t.internalError);
  };
}

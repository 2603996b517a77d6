import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { localize, messagesFor, type MessageKey } from '../domain/locale/messages';
import { AppError, InvalidSubmissionError, SurveyClosedError, SurveyNotFoundError } from '../errors';
import { isDatabaseUnavailable } from '../storage/database';
import { pageLocale } from './locale';

/** Errors raised by the body parsers, by their `type`. */
const PARSER_ERRORS: Record<string, { status: number; key: MessageKey }> = {
  'entity.parse.failed': { status: 400, key: 'requestNotJson' },
  'entity.too.large': { status: 413, key: 'requestTooLarge' },
  'parameters.too.many': { status: 413, key: 'requestTooLarge' },
  'charset.unsupported': { status: 415, key: 'requestUnsupported' },
  'encoding.unsupported': { status: 415, key: 'requestUnsupported' },
  'request.aborted': { status: 400, key: 'requestNotJson' },
};

function send(req: Request, res: Response, status: number, message: string, title?: string) {
  const locale = pageLocale(req, res);
  if (req.path.startsWith('/api/') || !req.accepts('html')) {
    res.status(status).json({ errors: [{ question: null, message }] });
    return;
  }
  res.status(status).render('message', {
    lang: locale,
    title: title ?? messagesFor(locale).errorTitle,
    body: message,
  });
}

export const notFound: RequestHandler = (req, res) => {
  const locale = pageLocale(req, res);
  send(req, res, 404, localize(locale, 'pageNotFound'), messagesFor(locale).notFoundTitle);
};

/**
 * The one place where errors become responses: typed errors carry their status and a
 * message for the user; a database that cannot be reached is a 503; anything else is a
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
    if (error instanceof AppError) return send(req, res, error.status, error.message);

    const parserError = PARSER_ERRORS[(error as { type?: string }).type ?? ''];
    if (parserError) return send(req, res, parserError.status, t[parserError.key]);

    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, path: req.path }, 'database unavailable');
      res.set('Retry-After', '10');
      return send(req, res, 503, t.databaseUnavailable, t.unavailableTitle);
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unexpected error');
    send(req, res, 500, t.internalError);
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import proxyaddr from 'proxy-addr';
import { localeFromAcceptLanguage, localize } from '../../domain/locale/messages';
import type { Locale } from '../../domain/survey/definition';
import { AppError } from '../../errors';
import type { SubmissionService } from '../../services/submissions';
import type { Device } from '../../storage/response-store';
import { clientInfo, clientInfoOf } from '../client-info';
import { pageLocale } from '../locale';

interface ApiDeps {
  submissions: SubmissionService;
  secret: string;
}

const BODY_LIMIT = '64kb';
const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Only `application/json` (with any parameters, such as its charset). A page of another site
 * can post text/plain, a urlencoded or a multipart body without asking first; JSON makes the
 * browser ask (a CORS preflight), and the app grants none.
 */
const requireJson: RequestHandler = (req, _res, next) => {
  const mediaType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') throw new AppError(415, localize(pageLocale(req), 'requestNotJsonType'));
  next();
};

interface Submitted {
  surveyId: string;
  body: unknown;
  idempotencyKey: string | undefined;
  client: { device: Device; addressHash?: string };
}

/**
 * From a parsed body to a stored response, whichever way it came in (the lane or Express):
 * the survey (404), then the service's checks: open (409), the Idempotency-Key (400), the answer (422).
 * @param surveyFound called with the survey's language once it is known: errors from then on speak it.
 */
async function submit(submissions: SubmissionService, sent: Submitted, surveyFound: (locale: Locale) => void) {
  const survey = await submissions.survey(sent.surveyId);
  surveyFound(survey.definition.locale);
  const { idempotencyKey } = sent;
  return submissions.record(survey, sent.body, { channel: 'api', ...(idempotencyKey !== undefined ? { idempotencyKey } : {}), client: sent.client });
}

/** 201 with the new id, or 200 with the first one for a retry; written directly (res.json would hash the body for an ETag no client uses). */
function sendStored(res: ServerResponse, result: { id: string; duplicate: boolean }, headers: Record<string, string> = {}) {
  const json = JSON.stringify({ id: result.id });
  res.writeHead(result.duplicate ? 200 : 201, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(json)),
    ...(result.duplicate ? { 'Idempotent-Replayed': 'true' } : {}),
  });
  res.end(json);
}

/** The JSON API other tools use, in Express: what the lane (`apiSubmissionLane`) leaves to it. */
export function apiRoutes({ submissions, secret }: ApiDeps): Router {
  const router = Router();

  /**
   * @route POST /api/surveys/:surveyId/responses
   * A JSON body (415 for any other type, 400 when it is not JSON). An `Idempotency-Key`
   * header makes a retry safe.
   */
  router.post(
    '/api/surveys/:surveyId/responses',
    requireJson,
    express.json({ type: () => true, limit: BODY_LIMIT, strict: true }),
    async (req: Request<{ surveyId: string }>, res: Response) => {
      const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
      if (!hasBody) throw new AppError(400, localize(pageLocale(req), 'requestNotJson'));
      const sent = { surveyId: req.params.surveyId, body: req.body as unknown, idempotencyKey: req.get('idempotency-key'), client: clientInfo(req, secret) };
      sendStored(res, await submit(submissions, sent, (locale) => (res.locals.locale = locale)));
    },
  );

  return router;
}

const SUBMISSION_PATH = /^\/api\/surveys\/([a-z0-9_-]{1,64})\/responses(?:\?|$)/;
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * True for the JSON every client sends: the type without another charset, no encoding, a
 * length within the limit. The lane reads these itself; anything else goes to Express's
 * body parser, which knows every other case and its error.
 */
function isPlainJson(req: IncomingMessage): boolean {
  const { headers } = req;
  const length = headers['content-length'];
  return (
    PLAIN_JSON.test(headers['content-type'] ?? '') &&
    (headers['content-encoding'] === undefined || headers['content-encoding'].toLowerCase() === 'identity') &&
    headers['transfer-encoding'] === undefined &&
    length !== undefined &&
    /^\d{1,6}$/.test(length) &&
    Number(length) > 0 &&
    Number(length) <= BODY_LIMIT_BYTES
  );
}

/** JSON as `express.json({ strict: true })` reads it: a byte-order mark dropped, an object or an array only. */
function parseStrictJson(text: string): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /^[\x20\x09\x0a\x0d]*(.)/s.exec(json)?.[1];
  if (first !== '{' && first !== '[') throw new SyntaxError('a JSON body is an object or an array');
  return JSON.parse(json);
}

export interface ApiSubmissionLane {
  /** Serves the request and returns true, or returns false without touching it (Express serves it). */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Express middleware, mounted before all others but the security headers: the error the lane met on a request, for the central error handler. */
  errors: RequestHandler;
}

/**
 * @route POST /api/surveys/:surveyId/responses, served before Express
 * The submissions that store a response (a plain JSON body of the usual kind) are answered
 * here, with the same checks, service and headers as the Express route, without Express's
 * own work for a request: its request and response objects, its router, helmet's headers set
 * one by one and the body parser took a third of the API's CPU time (`npm run bench -- api`).
 * Whatever the lane does not take is left to the Express route untouched; an error it meets
 * once the body is read (400, 404, 409, 422, 503…) is handed to Express (`serveInExpress`, whose
 * `errors` middleware passes it on), so that the central error handler answers every error.
 *
 * @param securityHeaders the headers every response carries (web/security-headers.ts).
 * @param trustProxy as the app's `trust proxy`: the client's address is read as `req.ip` reads it.
 */
export function apiSubmissionLane(
  { submissions, secret, trustProxy, securityHeaders }: ApiDeps & { trustProxy: number; securityHeaders: Record<string, string> },
  serveInExpress: (req: IncomingMessage, res: ServerResponse) => void,
): ApiSubmissionLane {
  const failed = new WeakMap<IncomingMessage, unknown>();
  // Express's `trust proxy` set to a number n trusts the n nearest hops.
  const trusted = (_address: string, hop: number) => hop < trustProxy;

  function fail(req: IncomingMessage, res: ServerResponse, error: unknown, locale?: Locale) {
    failed.set(req, error);
    if (locale) (res as ServerResponse & { locals?: Record<string, unknown> }).locals = { locale };
    serveInExpress(req, res);
  }

  return {
    serve(req, res) {
      const surveyId = req.method === 'POST' ? SUBMISSION_PATH.exec(req.url ?? '')?.[1] : undefined;
      if (!surveyId || !isPlainJson(req)) return false;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body: unknown;
        try {
          body = parseStrictJson(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return fail(req, res, new AppError(400, localize(localeFromAcceptLanguage(req.headers['accept-language']), 'requestNotJson')));
        }
        const sent = {
          surveyId,
          body,
          // Node joins a repeated header of this kind into one string, as req.get reads it.
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          client: clientInfoOf(req.headers['user-agent'], proxyaddr(req, trusted), secret),
        };
        let locale: Locale | undefined;
        submit(submissions, sent, (found) => (locale = found)).then(
          (result) => sendStored(res, result, securityHeaders),
          (error: unknown) => fail(req, res, error, locale),
        );
      });
      return true;
    },
    errors(req, _res, next) {
      const error = failed.get(req);
      failed.delete(req);
      next(error);
    },
  };
}

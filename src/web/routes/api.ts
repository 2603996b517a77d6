import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { localize } from '../../domain/locale/messages';
import { responseIdForIdempotencyKey } from '../../domain/response-id';
import { AppError, SurveyClosedError } from '../../errors';
import type { SubmissionService } from '../../services/submissions';
import { clientInfo } from '../client-info';
import { pageLocale } from '../locale';

interface ApiDeps {
  submissions: SubmissionService;
  secret: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

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

/** The JSON API other tools use. */
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
    express.json({ type: () => true, limit: '64kb', strict: true }),
    async (req: Request<{ surveyId: string }>, res: Response) => {
      const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
      if (!hasBody) throw new AppError(400, localize(pageLocale(req), 'requestNotJson'));
      const survey = await submissions.survey(req.params.surveyId);
      res.locals.locale = survey.definition.locale;
      if (survey.status !== 'open') throw new SurveyClosedError(survey.id);
      const idempotencyKey = req.get('idempotency-key');
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new AppError(400, localize(survey.definition.locale, 'idempotencyKeyInvalid'));
      }
      const key = idempotencyKey ? responseIdForIdempotencyKey(survey.id, idempotencyKey) : undefined;
      const result = await submissions.record(survey, req.body, {
        channel: 'api',
        ...(key ? { key } : {}),
        client: clientInfo(req, secret),
      });
      if (result.duplicate) res.set('Idempotent-Replayed', 'true');
      // Written directly: res.json would also hash the body for an ETag no client uses here.
      res.statusCode = result.duplicate ? 200 : 201;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ id: result.id }));
    },
  );

  return router;
}

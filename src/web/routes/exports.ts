import { pipeline } from 'node:stream';
import { Router, type Response } from 'express';
import type { Logger } from 'pino';
import type { Download, ExportService } from '../../services/exports';
import { AppError } from '../../errors';
import { resultsQuery, textParameter } from '../results-query';

interface ExportsDeps {
  exports: ExportService;
  logger: Logger;
}

/** `labels=1` (or absent): the export with the options' labels instead of their codes. */
function labelsParameter(value: unknown): boolean {
  const text = textParameter(value);
  if (text !== '' && text !== '0' && text !== '1') throw new AppError(400, 'labels must be 0 or 1');
  return text === '1';
}

/**
 * The exports (behind `requireResearcher`, mounted in app.ts): every one takes the results'
 * `version=` and `where=`; the files are downloads named after the survey.
 */
export function exportRoutes({ exports, logger }: ExportsDeps): Router {
  const router = Router();

  /** Sends a download as it is produced; a client that leaves stops it (the stream is destroyed). */
  function send(res: Response, download: Download): void {
    res.set('Content-Type', download.contentType);
    res.set('Content-Disposition', `attachment; filename="${download.filename}"`);
    pipeline(download.content, res, (error) => {
      // A failure half-way cannot become an error page any more: the connection is cut (by
      // pipeline), so that the client sees an incomplete file rather than a short one.
      if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') logger.warn({ err: error, file: download.filename }, 'export cut off');
    });
  }

  /** @route GET /api/surveys/:surveyId/export/responses.csv?labels=1&version=&where= */
  router.get('/api/surveys/:surveyId/export/responses.csv', async (req, res) => {
    send(res, await exports.responsesCsv(req.params.surveyId, { ...resultsQuery(req), labels: labelsParameter(req.query.labels) }));
  });

  /** @route GET /api/surveys/:surveyId/export/responses.sps?version=&where= */
  router.get('/api/surveys/:surveyId/export/responses.sps', async (req, res) => {
    send(res, await exports.responsesSpss(req.params.surveyId, { ...resultsQuery(req), labels: labelsParameter(req.query.labels) }));
  });

  /** @route GET /api/surveys/:surveyId/export/codebook.csv?version= */
  router.get('/api/surveys/:surveyId/export/codebook.csv', async (req, res) => {
    send(res, await exports.codebook(req.params.surveyId, resultsQuery(req)));
  });

  /** @route GET /api/surveys/:surveyId/export/results.csv?version=&where= */
  router.get('/api/surveys/:surveyId/export/results.csv', async (req, res) => {
    send(res, await exports.resultsCsv(req.params.surveyId, resultsQuery(req)));
  });

  /** @route GET /api/surveys/:surveyId/export/crosstab.csv?row=&col=&version=&where= */
  router.get('/api/surveys/:surveyId/export/crosstab.csv', async (req, res) => {
    send(res, await exports.crosstabCsv(req.params.surveyId, textParameter(req.query.row), textParameter(req.query.col), resultsQuery(req)));
  });

  return router;
}

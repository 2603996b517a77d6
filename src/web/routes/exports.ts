import { pipeline } from 'node:stream';
import { Router, type Response } from 'express';
import type { Logger } from 'pino';
import type { Download, ExportService } from '../../services/exports';
import { currentUser } from '../researcher-auth';
import { queryFlag, queryText, resultsQuery } from '../results-query';

interface ExportsDeps {
  exports: ExportService;
  logger: Logger;
}

/**
 * The exports (behind `requireResearcher`, mounted in app.ts): every one takes the results'
 * `version=` and `where=`; the files are downloads named after the survey. The service records
 * each one in the survey's record of actions.
 */
export function exportRoutes({ exports, logger }: ExportsDeps): Router {
  const router = Router();
  const by = (res: Response) => currentUser(res).username;

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
    const labels = queryFlag(req, 'labels');
    const download = await exports.responsesCsv(req.params.surveyId, { ...resultsQuery(req), labels }, by(res));
    send(res, download);
  });

  /** @route GET /api/surveys/:surveyId/export/responses.sps?version=&where= */
  router.get('/api/surveys/:surveyId/export/responses.sps', async (req, res) => {
    const labels = queryFlag(req, 'labels');
    const download = await exports.responsesSpss(req.params.surveyId, { ...resultsQuery(req), labels }, by(res));
    send(res, download);
  });

  /** @route GET /api/surveys/:surveyId/export/codebook.csv?version= */
  router.get('/api/surveys/:surveyId/export/codebook.csv', async (req, res) => {
    const download = await exports.codebook(req.params.surveyId, resultsQuery(req), by(res));
    send(res, download);
  });

  /** @route GET /api/surveys/:surveyId/export/results.csv?version=&where= */
  router.get('/api/surveys/:surveyId/export/results.csv', async (req, res) => {
    const download = await exports.resultsCsv(req.params.surveyId, resultsQuery(req), by(res));
    send(res, download);
  });

  /** @route GET /api/surveys/:surveyId/export/crosstab.csv?row=&col=&version=&where= */
  router.get('/api/surveys/:surveyId/export/crosstab.csv', async (req, res) => {
    const [row, col] = [queryText(req, 'row'), queryText(req, 'col')];
    const download = await exports.crosstabCsv(req.params.surveyId, row, col, resultsQuery(req), by(res));
    send(res, download);
  });

  return router;
}

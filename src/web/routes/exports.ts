import { pipeline } from 'node:stream';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Download, ExportService } from '../../services/exports';
import type { AuditLog } from '../../storage/audit-log';
import { currentUser } from '../researcher-auth';
import { queryFlag, queryText, resultsQuery } from '../results-query';

interface ExportsDeps {
  exports: ExportService;
  logger: Logger;
  /** Every export is recorded, with its file, version and filter. */
  audit: AuditLog;
}

/** `responses.csv labels=1 version=2 where=gender:2`: what was exported, for the record of actions. */
function exportDetail(file: string, req: Request, extra: Record<string, string | boolean> = {}): string {
  const { version, where } = resultsQuery(req);
  const options = Object.entries(extra).flatMap(([name, value]) => (value === false || value === '' ? [] : [value === true ? `${name}=1` : `${name}=${value}`]));
  return [file, ...options, ...(version !== undefined ? [`version=${version}`] : []), ...(where ?? []).map((w) => `where=${w}`)].join(' ');
}


/**
 * The exports (behind `requireResearcher`, mounted in app.ts): every one takes the results'
 * `version=` and `where=`; the files are downloads named after the survey.
 */
export function exportRoutes({ exports, logger, audit }: ExportsDeps): Router {
  const router = Router();

  /** Records the export once the request proved good (the download is ready to start). */
  async function record(req: Request, res: Response, detail: string): Promise<void> {
    await audit.record({ username: currentUser(res).username, action: 'survey.export', surveyId: String(req.params.surveyId), detail });
  }

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
    const download = await exports.responsesCsv(req.params.surveyId, { ...resultsQuery(req), labels });
    await record(req, res, exportDetail('responses.csv', req, { labels }));
    send(res, download);
  });

  /** @route GET /api/surveys/:surveyId/export/responses.sps?version=&where= */
  router.get('/api/surveys/:surveyId/export/responses.sps', async (req, res) => {
    const labels = queryFlag(req, 'labels');
    const download = await exports.responsesSpss(req.params.surveyId, { ...resultsQuery(req), labels });
    await record(req, res, exportDetail('responses.sps', req, { labels }));
    send(res, download);
  });

  /** @route GET /api/surveys/:surveyId/export/codebook.csv?version= */
  router.get('/api/surveys/:surveyId/export/codebook.csv', async (req, res) => {
    const download = await exports.codebook(req.params.surveyId, resultsQuery(req));
    await record(req, res, exportDetail('codebook.csv', req));
    send(res, download);
  });

  /** @route GET /api/surveys/:surveyId/export/results.csv?version=&where= */
  router.get('/api/surveys/:surveyId/export/results.csv', async (req, res) => {
    const download = await exports.resultsCsv(req.params.surveyId, resultsQuery(req));
    await record(req, res, exportDetail('results.csv', req));
    send(res, download);
  });

  /** @route GET /api/surveys/:surveyId/export/crosstab.csv?row=&col=&version=&where= */
  router.get('/api/surveys/:surveyId/export/crosstab.csv', async (req, res) => {
    const [row, col] = [queryText(req, 'row'), queryText(req, 'col')];
    const download = await exports.crosstabCsv(req.params.surveyId, row, col, resultsQuery(req));
    await record(req, res, exportDetail('crosstab.csv', req, { row, col }));
    send(res, download);
  });

  return router;
}

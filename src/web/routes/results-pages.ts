import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { AggregationPendingError } from '../../errors';
import type { ResultsService } from '../../services/results';
import { conditionsFromPicks, queryList, queryString, queryText, queryWholeNumber, resultsQuery } from '../results-query';
import { comparePageView } from '../view-models/results/compare-page';
import { COMPUTING_RELOAD_SECONDS, computingPageView } from '../view-models/results/computing-page';
import { crosstabPageView, crosstabShow } from '../view-models/results/crosstab-page';
import { pageETag, type PageQuery } from '../view-models/results/layout';
import type { Freshness } from '../../services/results';
import { otherTextsPageView } from '../view-models/results/other-texts-page';
import { resultsPageView } from '../view-models/results/results-page';

interface ResultsPagesDeps {
  results: ResultsService;
}

/**
 * How long a page waits for the first aggregation of a subgroup, crosstab or comparison before
 * it shows "still counting" and reloads itself; the aggregation goes on meanwhile.
 */
const PAGE_WAIT_MS = 3000;
const pageWait = { waitMs: PAGE_WAIT_MS };

/**
 * A condition form (views/results/partials/conditions.ejs) sends one `pick=<variable>:<code>`
 * per ticked box; this answers 303 with the page's canonical URL, where the picks have become
 * `where=<variable>:<code>,<code>` (or `a=`/`b=`) and every other parameter is kept.
 * Returns false when the request carries no form.
 */
function redirectPicks(req: Request, res: Response, fields: Record<string, string>): boolean {
  const sent = new URLSearchParams(req.originalUrl.slice(req.originalUrl.indexOf('?') + 1 || req.originalUrl.length));
  if (!Object.keys(fields).some((field) => sent.has(field))) return false;
  const replaced = new Set([...Object.keys(fields), ...Object.values(fields)]);
  const kept: [string, string][] = [...sent].filter(([name]) => !replaced.has(name));
  const conditions = Object.entries(fields).flatMap(([field, target]) =>
    conditionsFromPicks(sent.getAll(field).filter((v) => v !== '')).map((c): [string, string] => [target, c]),
  );
  res.redirect(303, `${req.baseUrl}${req.path}${queryString([...kept, ...conditions])}`);
  return true;
}

/**
 * Sets a live page's ETag from the freshness of what it shows, and answers 304 (true) when the
 * live script's copy of the page is still the same. The header is compared here rather than by
 * `req.fresh`, which a request's `Cache-Control: no-cache` (the script's `no-store`) turns off.
 */
function unchanged(req: Request, res: Response, ...answers: Freshness[]): boolean {
  const etag = pageETag(...answers);
  res.set('ETag', etag);
  if (req.get('if-none-match') !== etag) return false;
  res.status(304).end();
  return true;
}

/**
 * The researcher's results pages (behind `requireResearcher`, mounted in app.ts): each parses
 * its query, asks the results service, and renders what its view model (`../view-models/results/`) made of the answer.
 * Errors (an unknown survey, a `where=` the service cannot read) go to the central handler.
 */
export function resultsPageRoutes({ results }: ResultsPagesDeps): Router {
  const router = Router();

  /**
   * Renders the page `draw` makes, or, while its first aggregation is not ready, the page that
   * says so (with the page's own filter, so that its links keep it).
   */
  async function unlessStillCounting(
    req: Request<{ surveyId: string }>,
    res: Response,
    current: 'results' | 'crosstab' | 'compare',
    query: PageQuery,
    draw: () => Promise<void>,
  ): Promise<void> {
    try {
      await draw();
    } catch (error) {
      if (!(error instanceof AggregationPendingError)) throw error;
      const shown = await results.shownVersion(req.params.surveyId, query);
      res.status(202).set('Retry-After', String(COMPUTING_RELOAD_SECONDS));
      res.render('results/computing', computingPageView(shown, error.since, new Date(), current, query, req.originalUrl));
    }
  }

  /** @route GET /surveys/:surveyId/results?version=&where=<q>:<code>[,<code>…] */
  router.get('/surveys/:surveyId/results', async (req, res) => {
    if (redirectPicks(req, res, { pick: 'where' })) return;
    const query = resultsQuery(req);
    await unlessStillCounting(req, res, 'results', { ...query, where: query.where ?? [] }, async () => {
      const { shown, results: answer } = await results.resultsPage(req.params.surveyId, query, pageWait);
      if (unchanged(req, res, answer)) return;
      res.render('results/index', resultsPageView(answer, shown, { ...query, where: query.where ?? [] }));
    });
  });

  /** @route GET /surveys/:surveyId/results/other/:questionId?page=&version=&where= */
  router.get('/surveys/:surveyId/results/other/:questionId', async (req, res) => {
    const query = resultsQuery(req);
    const page = queryWholeNumber(req, 'page');
    const { shown, texts } = await results.otherTextsPage(req.params.surveyId, req.params.questionId, { ...query, ...(page ? { page } : {}) });
    res.render('results/other-texts', otherTextsPageView(shown, texts, { ...query, where: query.where ?? [] }));
  });

  /** @route GET /surveys/:surveyId/crosstab?row=<q>&col=<q>&show=counts|row|col&version=&where= */
  router.get('/surveys/:surveyId/crosstab', async (req, res) => {
    if (redirectPicks(req, res, { pick: 'where' })) return;
    const query = resultsQuery(req);
    const choice = { row: queryText(req, 'row'), col: queryText(req, 'col'), show: crosstabShow(queryText(req, 'show')) };
    await unlessStillCounting(req, res, 'crosstab', { ...query, where: query.where ?? [] }, async () => {
      const { shown, crosstab } = await results.crosstabPage(req.params.surveyId, choice, query, pageWait);
      if (crosstab && unchanged(req, res, crosstab)) return;
      res.render('results/crosstab', crosstabPageView(shown, crosstab, choice, { ...query, where: query.where ?? [] }));
    });
  });

  /** @route GET /surveys/:surveyId/compare?a=<q>:<code>&b=<q>:<code>&version= */
  router.get('/surveys/:surveyId/compare', async (req, res) => {
    if (redirectPicks(req, res, { pickA: 'a', pickB: 'b' })) return;
    const version = queryWholeNumber(req, 'version');
    const groups = { a: queryList(req, 'a'), b: queryList(req, 'b') };
    await unlessStillCounting(req, res, 'compare', { version, where: [] }, async () => {
      const page = await results.comparePage(req.params.surveyId, groups, version, pageWait);
      if (page.comparison && unchanged(req, res, page.comparison.a, page.comparison.b)) return;
      res.render('results/compare', comparePageView(page, version));
    });
  });

  return router;
}

/** Chart.js's browser build, from its own package: one file, nothing from another host. */
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js');

/** @route GET /vendor/chart.js/chart.umd.js (public: a library, no data) */
export function chartJsRoute(): Router {
  const router = Router();
  router.get('/vendor/chart.js/chart.umd.js', (_req, res, next) => {
    res.sendFile(CHART_JS, { maxAge: '1d' }, (error) => error && next(error));
  });
  return router;
}

import { Router } from 'express';
import type { ResultsService } from '../../services/results';
import { queryList, queryText, queryWholeNumber, resultsQuery } from '../results-query';

interface ResultsDeps {
  results: ResultsService;
}

/**
 * The results API (behind `requireResearcher`, mounted in app.ts). Every answer carries a
 * `signature` that changes when the survey's counts move, which live pages compare.
 */
export function resultsApiRoutes({ results }: ResultsDeps): Router {
  const router = Router();

  /** @route GET /api/surveys/:surveyId/results?version=&where=<q>:<code>[,<code>…] */
  router.get('/api/surveys/:surveyId/results', async (req, res) => {
    res.json(await results.results(req.params.surveyId, resultsQuery(req)));
  });

  /** @route GET /api/surveys/:surveyId/crosstab?row=<q>&col=<q>&version=&where= */
  router.get('/api/surveys/:surveyId/crosstab', async (req, res) => {
    res.json(await results.crosstab(req.params.surveyId, queryText(req, 'row'), queryText(req, 'col'), resultsQuery(req)));
  });

  /** @route GET /api/surveys/:surveyId/compare?a=<q>:<code>&b=<q>:<code>&version= */
  router.get('/api/surveys/:surveyId/compare', async (req, res) => {
    const version = queryWholeNumber(req, 'version');
    res.json(await results.compare(req.params.surveyId, queryList(req, 'a'), queryList(req, 'b'), version));
  });

  /** @route GET /api/surveys/:surveyId/other/:questionId?page=&version=&where= */
  router.get('/api/surveys/:surveyId/other/:questionId', async (req, res) => {
    const page = queryWholeNumber(req, 'page');
    res.json(await results.otherTexts(req.params.surveyId, req.params.questionId, { ...resultsQuery(req), ...(page ? { page } : {}) }));
  });

  return router;
}

import { Router } from 'express';
import { researcherLocale, researcherMessagesFor } from '../../domain/locale/researcher-messages';
import { resultsMessagesFor } from '../../domain/locale/results-messages';
import { RESPONDENT_KEY } from '../../domain/results/counting-keys';
import { surveyAccess } from '../../domain/survey/access';
import type { ResultCounts } from '../../storage/result-counts';
import type { SurveyStore } from '../../storage/survey-store';
import { currentUser } from '../researcher-auth';

interface SurveyDeps {
  surveys: SurveyStore;
  /** The kept counts: each survey's respondents, read by a few small documents. */
  resultCounts: ResultCounts;
}

/** Every response stored for the survey, all versions together, from the kept counts. */
async function respondentsOf(resultCounts: ResultCounts, surveyId: string): Promise<number> {
  let respondents = 0;
  for (const counts of (await resultCounts.read(surveyId)).values()) respondents += counts.get(RESPONDENT_KEY) ?? 0;
  return respondents;
}

/** The researcher's landing page (behind `requireResearcher`, mounted in app.ts). */
export function surveyRoutes({ surveys, resultCounts }: SurveyDeps): Router {
  const router = Router();

  /** @route GET /surveys  every survey in the database, each linking to its results. */
  router.get('/surveys', async (req, res) => {
    const lang = researcherLocale(req.get('accept-language'));
    const t = researcherMessagesFor(lang);
    const user = currentUser(res);
    // Only the surveys this user may see: the others are not even named.
    const list = (await surveys.list()).filter((s) => surveyAccess(user, s.sharing) !== null);
    const respondents = await Promise.all(list.map((s) => respondentsOf(resultCounts, s.id)));
    res.render('surveys/index', {
      lang,
      t,
      r: resultsMessagesFor(lang),
      pageTitle: t.surveysTitle,
      surveys: list.map((s, i) => ({
        id: s.id,
        title: s.title,
        status: s.status === 'open' ? t.statusOpen : t.statusClosed,
        version: s.version,
        resultsUrl: `/surveys/${encodeURIComponent(s.id)}/results`,
        respondents: respondents[i],
        crosstabUrl: `/surveys/${encodeURIComponent(s.id)}/crosstab`,
      })),
    });
  });

  /** @route GET /api/surveys  the same list as JSON, for scripts with a token. */
  router.get('/api/surveys', async (_req, res) => {
    const user = currentUser(res);
    // Only the surveys this user may see: the others are not even named.
    const list = (await surveys.list()).filter((s) => surveyAccess(user, s.sharing) !== null);
    res.json({ surveys: list.map((s) => ({ id: s.id, title: s.title, status: s.status, version: s.version })) });
  });

  return router;
}

import { Router } from 'express';
import { researcherLocale, researcherMessagesFor } from '../../domain/locale/researcher-messages';
import { surveyAccess } from '../../domain/survey/access';
import type { SurveyStore } from '../../storage/survey-store';
import { currentUser } from '../researcher-auth';

interface SurveyDeps {
  surveys: SurveyStore;
}

/** The researcher's landing page (behind `requireResearcher`, mounted in app.ts). */
export function surveyRoutes({ surveys }: SurveyDeps): Router {
  const router = Router();

  /** @route GET /surveys  every survey in the database, each linking to its results. */
  router.get('/surveys', async (req, res) => {
    const lang = researcherLocale(req.get('accept-language'));
    const t = researcherMessagesFor(lang);
    const user = currentUser(res);
    // Only the surveys this user may see: the others are not even named.
    const list = (await surveys.list()).filter((s) => surveyAccess(user, s.sharing) !== null);
    res.render('surveys/index', {
      lang,
      t,
      pageTitle: t.surveysTitle,
      surveys: list.map((s) => ({
        id: s.id,
        title: s.title,
        status: s.status === 'open' ? t.statusOpen : t.statusClosed,
        version: s.version,
        resultsUrl: `/surveys/${encodeURIComponent(s.id)}/results`,
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

import { Router } from 'express';
import { researcherLocale, researcherMessagesFor } from '../../domain/locale/researcher-messages';
import type { SurveyStore } from '../../storage/survey-store';

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
    const list = await surveys.list();
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
    const list = await surveys.list();
    res.json({ surveys: list.map((s) => ({ id: s.id, title: s.title, status: s.status, version: s.version })) });
  });

  return router;
}

import { Router } from 'express';
import { researcherLocale } from '../../domain/locale/researcher-messages';
import type { SurveyManagement } from '../../services/survey-management';
import { currentUser } from '../researcher-auth';
import { surveyListView } from '../view-models/survey-list';

interface SurveyDeps {
  /** The surveys each user may see, with their respondents, last response and deletion state. */
  management: SurveyManagement;
}

/** The researcher's landing page (behind `requireResearcher`, mounted in app.ts). */
export function surveyRoutes({ management }: SurveyDeps): Router {
  const router = Router();

  /** @route GET /surveys  every survey this user may see, each linking to its results. */
  router.get('/surveys', async (req, res) => {
    const user = currentUser(res);
    const listed = await management.surveysFor(user);
    res.render('surveys/index', surveyListView(researcherLocale(req.get('accept-language')), listed, user.role !== 'viewer'));
  });

  /** @route GET /api/surveys  the same list as JSON, for scripts with a token. */
  router.get('/api/surveys', async (_req, res) => {
    const listed = await management.visibleSurveys(currentUser(res));
    res.json({ surveys: listed.map(({ survey: s }) => ({ id: s.id, title: s.title, status: s.status, version: s.version })) });
  });

  return router;
}

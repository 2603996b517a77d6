import { Router } from 'express';
import { researcherLocale, researcherMessagesFor } from '../../domain/locale/researcher-messages';
import { resultsMessagesFor } from '../../domain/locale/results-messages';
import { RESPONDENT_KEY } from '../../domain/results/counting-keys';
import { manageMessagesFor, type ManageMessages } from '../../domain/locale/manage-messages';
import { surveyAccess } from '../../domain/survey/access';
import type { SurveyManagement } from '../../services/survey-management';
import type { ResultCounts } from '../../storage/result-counts';
import type { SurveyStore } from '../../storage/survey-store';
import { currentUser } from '../researcher-auth';

interface SurveyDeps {
  surveys: SurveyStore;
  /** The kept counts: each survey's respondents, read by a few small documents. */
  resultCounts: ResultCounts;
  /** Each survey's last response and whether it is being deleted. */
  management: SurveyManagement;
}

/** Every response stored for the survey, all versions together, from the kept counts. */
async function respondentsOf(resultCounts: ResultCounts, surveyId: string): Promise<number> {
  let respondents = 0;
  for (const counts of (await resultCounts.read(surveyId)).values()) respondents += counts.get(RESPONDENT_KEY) ?? 0;
  return respondents;
}

/** The last response (or a link that looks it up), the deletion state, and the owner's link to manage. */
function manageColumns(surveyId: string, activity: { lastResponseAt?: Date; deleting: boolean } | undefined, respondents: number, owner: boolean, m: ManageMessages) {
  const id = encodeURIComponent(surveyId);
  const at = activity?.lastResponseAt;
  return {
    lastResponse: at ? `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : respondents > 0 ? '' : m.listNoResponse,
    // Responses from before the time was kept: looked up in the responses only when asked.
    lookUpUrl: !at && respondents > 0 ? `/surveys/${id}/last-response` : '',
    deleting: activity?.deleting ?? false,
    manageUrl: owner ? `/surveys/${id}/manage` : '',
  };
}

/** The researcher's landing page (behind `requireResearcher`, mounted in app.ts). */
export function surveyRoutes({ surveys, resultCounts, management }: SurveyDeps): Router {
  const router = Router();

  /** @route GET /surveys  every survey in the database, each linking to its results. */
  router.get('/surveys', async (req, res) => {
    const lang = researcherLocale(req.get('accept-language'));
    const t = researcherMessagesFor(lang);
    const user = currentUser(res);
    // Only the surveys this user may see: the others are not even named.
    const list = (await surveys.list()).filter((s) => surveyAccess(user, s.sharing) !== null);
    const respondents = await Promise.all(list.map((s) => respondentsOf(resultCounts, s.id)));
    const activity = await management.activity();
    const m = manageMessagesFor(lang);
    res.render('surveys/index', {
      lang,
      t,
      m,
      stylesheets: ['/css/manage.css'],
      canCreate: user.role !== 'viewer',
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
        ...manageColumns(s.id, activity.get(s.id), respondents[i] ?? 0, surveyAccess(user, s.sharing) === 'owner', m),
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

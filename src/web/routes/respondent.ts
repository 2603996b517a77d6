import { Router } from 'express';
import { format, messagesFor } from '../../domain/locale/messages';
import type { SubmissionService } from '../../services/submissions';
import type { SurveyStore } from '../../storage/survey-store';
import { pageLocale } from '../locale';

interface RespondentDeps {
  submissions: SubmissionService;
  surveys: SurveyStore;
}

/** The respondent's pages around the form (`./form.ts`): the list of open surveys and the thank-you page. */
export function respondentRoutes({ submissions, surveys }: RespondentDeps): Router {
  const router = Router();

  /** @route GET / */
  router.get('/', async (req, res) => {
    const locale = pageLocale(req);
    const t = messagesFor(locale);
    const open = (await surveys.list()).filter((s) => s.status === 'open');
    res.render('home', {
      lang: locale,
      respondentWords: t,
      surveys: open.map((s) => ({ ...s, questionsLabel: format(t.questionsCount, { count: s.questions }) })),
    });
  });

  /** @route GET /s/:surveyId/thanks */
  router.get('/s/:surveyId/thanks', async (req, res) => {
    const survey = await submissions.survey(req.params.surveyId);
    const t = messagesFor(survey.definition.locale);
    res.render('message', {
      lang: survey.definition.locale,
      title: t.thanksTitle,
      body: t.thanksBody,
      surveyTitle: survey.definition.title,
    });
  });

  return router;
}

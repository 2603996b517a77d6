import compression from 'compression';
import { Router, type Request, type Response } from 'express';
import { submissionFromForm, type AnswerError } from '../../domain/answers';
import { messagesFor } from '../../domain/locale/messages';
import { InvalidSubmissionError, SurveyClosedError } from '../../errors';
import type { SubmissionService } from '../../services/submissions';
import { isDatabaseUnavailable } from '../../storage/database';
import type { SurveyState, SurveyStore } from '../../storage/survey-store';
import { clientInfo } from '../client-info';
import type { CsrfProtection } from '../csrf';
import { formBody, formFields } from '../form-body';
import { BlankForms } from '../form-page';
import { issueFormToken, readFormToken } from '../form-token';
import { formView } from '../form-view';

interface FormDeps {
  submissions: SubmissionService;
  surveys: SurveyStore;
  csrf: CsrfProtection;
  secret: string;
}

/**
 * The survey form: served and sent. These two requests are most of the respondents' traffic,
 * so they are mounted before the app's compression and cookie parsing: the blank form is
 * compressed once per survey version (`BlankForms`), the one cookie they need is read by
 * `csrf`, and only a form shown again is compressed as it is rendered.
 */
export function formRoutes({ submissions, surveys, csrf, secret }: FormDeps): Router {
  const router = Router();
  const blankForms = new BlankForms();
  const compressed = compression();

  /** The page of a survey that takes no more answers: 200 to a visit, 409 to a sent form. */
  function renderClosed(res: Response, closed: SurveyClosedError, status: number) {
    const locale = closed.survey?.locale ?? 'en';
    const t = messagesFor(locale);
    res.locals.locale = locale;
    res.status(status).render('message', { lang: locale, title: t.closedTitle, body: t.closedBody, surveyTitle: closed.survey?.title ?? '' });
  }

  /**
   * @route GET /s/:surveyId
   * The page is the same for every respondent but for its key and token: it is rendered and
   * compressed once per survey version (see `BlankForms`).
   */
  router.get('/s/:surveyId', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    let survey: SurveyState;
    try {
      survey = await submissions.openSurvey(req.params.surveyId);
    } catch (error) {
      if (error instanceof SurveyClosedError) return renderClosed(res, error, 200);
      throw error;
    }
    res.locals.locale = survey.definition.locale;
    const formToken = issueFormToken(secret, survey.id);
    await blankForms.send(req, res, survey, { form: formToken, csrf: csrf.token(req, res, formToken) });
  });

  /** @route POST /s/:surveyId  303 to the thank-you page, or the form again (403, 409, 422, 503). */
  router.post('/s/:surveyId', ...formBody, async (req: Request<{ surveyId: string }>, res: Response) => {
    res.set('Cache-Control', 'no-store');
    let survey: SurveyState;
    try {
      survey = await submissions.openSurvey(req.params.surveyId);
    } catch (error) {
      if (error instanceof SurveyClosedError) return renderClosed(res, error, 409);
      // Without the database the answers cannot be saved, but they need not be lost either.
      const known = isDatabaseUnavailable(error) ? surveys.lastKnown(req.params.surveyId) : null;
      if (!known) throw error;
      return showFormUnsaved(req, res, known);
    }
    res.locals.locale = survey.definition.locale;

    const fields = formFields(req);
    const sentToken = fields.values('_form')[0];
    // The anti-forgery token is bound to the page's key: checked first, before the key is trusted.
    if (!csrf.isValid(req, sentToken, fields.values('_csrf')[0])) {
      return showFormAgain(req, res, survey, 403, [], messagesFor(survey.definition.locale).expiredForm);
    }
    const token = readFormToken(secret, survey.id, sentToken);
    try {
      await submissions.record(survey, submissionFromForm(survey.definition, fields), {
        channel: 'form',
        ...(token ? { key: token.key, durationSeconds: Math.round((Date.now() - token.issuedAt) / 1000) } : {}),
        client: clientInfo(req, secret),
      });
    } catch (error) {
      if (error instanceof InvalidSubmissionError) return showFormAgain(req, res, survey, 422, error.errors);
      if (isDatabaseUnavailable(error)) return showFormUnsaved(req, res, survey);
      throw error;
    }
    // No body: res.redirect would negotiate one that no browser shows.
    res.status(303).location(`/s/${survey.id}/thanks`).end();
  });

  /**
   * The form again with every answer kept, and with the same key when the sent one was
   * genuine, so that a later successful send still counts once.
   */
  function showFormAgain(req: Request, res: Response, survey: SurveyState, status: number, errors: AnswerError[], notice?: string) {
    const { definition } = survey;
    const fields = formFields(req);
    const sentToken = fields.values('_form')[0];
    const sent = submissionFromForm(definition, fields);
    const formToken = readFormToken(secret, survey.id, sentToken) ? sentToken! : issueFormToken(secret, survey.id);
    const view = formView(definition, {
      answers: sent.answers,
      otherTexts: sent.other,
      errors,
      ...(notice ? { notice } : {}),
      csrfToken: csrf.token(req, res, formToken),
      formToken,
    });
    compressed(req, res, () => res.status(status).render('form', view));
  }

  /** The database is away: 503, and the form back with a note to send it again later. */
  function showFormUnsaved(req: Request, res: Response, survey: SurveyState) {
    res.set('Retry-After', '10');
    showFormAgain(req, res, survey, 503, [], messagesFor(survey.definition.locale).unavailableBody);
  }

  return router;
}

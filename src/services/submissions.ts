import { checkSubmission } from '../domain/answers';
import { localize } from '../domain/locale/messages';
import { newResponseId, responseIdForIdempotencyKey } from '../domain/response-id';
import { AppError, InvalidSubmissionError, SurveyClosedError, SurveyNotFoundError } from '../errors';
import type { Channel, Device, ResponseStore } from '../storage/response-store';
import type { SurveyState, SurveyStore } from '../storage/survey-store';

export interface SubmissionContext {
  channel: Channel;
  /** Key of the filled form; a new one is drawn when absent. */
  key?: string;
  /** The API's `Idempotency-Key` header as sent: checked here, and the response's id made from it. */
  idempotencyKey?: string;
  durationSeconds?: number;
  client: { device: Device; addressHash?: string };
  now?: Date;
}

/** What an Idempotency-Key may be: printable ASCII, at most 200 characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The one check that a survey takes answers, for the form and the API alike. */
function assertOpen(survey: SurveyState): void {
  if (survey.status !== 'open') throw new SurveyClosedError(survey.id, { title: survey.definition.title, locale: survey.definition.locale });
}

/** The respondent's path from a survey id and an answer body to a stored response. */
export class SubmissionService {
  constructor(
    private readonly surveys: SurveyStore,
    private readonly responses: ResponseStore,
  ) {}

  /** The survey, open or closed, or a 404 error. */
  async survey(surveyId: string): Promise<SurveyState> {
    const survey = await this.surveys.find(surveyId);
    if (!survey) throw new SurveyNotFoundError(surveyId);
    return survey;
  }

  /**
   * The survey when it takes answers (the form is shown, a sent form is read).
   * @throws SurveyNotFoundError (404); SurveyClosedError (409), with its title and language
   */
  async openSurvey(surveyId: string): Promise<SurveyState> {
    const survey = await this.survey(surveyId);
    assertOpen(survey);
    return survey;
  }

  /**
   * Validates `body` (the API answer shape) and stores it, all or nothing.
   * @throws SurveyClosedError (409) when the survey no longer takes answers; AppError (400) for a
   *   malformed Idempotency-Key; InvalidSubmissionError (422) listing every problem, in the survey's language.
   */
  async record(survey: SurveyState, body: unknown, context: SubmissionContext): Promise<{ id: string; duplicate: boolean }> {
    assertOpen(survey);
    const { idempotencyKey } = context;
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new AppError(400, localize(survey.definition.locale, 'idempotencyKeyInvalid'));
    }
    const checked = checkSubmission(survey.definition, body, { fromForm: context.channel === 'form' });
    if (!checked.ok) throw new InvalidSubmissionError(checked.errors);
    const id = idempotencyKey ? responseIdForIdempotencyKey(survey.id, idempotencyKey) : (context.key ?? newResponseId());
    return this.responses.insert({
      id,
      surveyId: survey.id,
      versionId: survey.versionId,
      version: survey.version,
      submission: checked.submission,
      submittedAt: context.now ?? new Date(),
      channel: context.channel,
      ...(context.durationSeconds !== undefined ? { durationSeconds: context.durationSeconds } : {}),
      client: context.client,
    });
  }
}

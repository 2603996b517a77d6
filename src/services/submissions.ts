import { checkSubmission } from '../domain/answers';
import { newResponseId } from '../domain/response-id';
import { InvalidSubmissionError, SurveyClosedError, SurveyNotFoundError } from '../errors';
import type { Channel, Device, ResponseStore } from '../storage/response-store';
import type { SurveyState, SurveyStore } from '../storage/survey-store';

export interface SubmissionContext {
  channel: Channel;
  /** Key of the filled form; a new one is drawn when absent. */
  key?: string;
  durationSeconds?: number;
  client: { device: Device; addressHash?: string };
  now?: Date;
}

/** The respondent's path from a survey id and an answer body to a stored response. */
export class SubmissionService {
  constructor(
    private readonly surveys: SurveyStore,
    private readonly responses: ResponseStore,
  ) {}

  /** The survey, or a 404 error; closed surveys are returned with their status (the caller answers 409). */
  async survey(surveyId: string): Promise<SurveyState> {
    const survey = await this.surveys.find(surveyId);
    if (!survey) throw new SurveyNotFoundError(surveyId);
    return survey;
  }

  /**
   * Validates `body` (the API answer shape) and stores it, all or nothing.
   * @throws InvalidSubmissionError (422) listing every problem, in the survey's language;
   *   SurveyClosedError (409) when the survey no longer takes answers.
   */
  async record(survey: SurveyState, body: unknown, context: SubmissionContext): Promise<{ id: string; duplicate: boolean }> {
    if (survey.status !== 'open') throw new SurveyClosedError(survey.id);
    const checked = checkSubmission(survey.definition, body, { fromForm: context.channel === 'form' });
    if (!checked.ok) throw new InvalidSubmissionError(checked.errors);
    return this.responses.insert({
      id: context.key ?? newResponseId(),
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

import { checkSubmission } from '../../src/domain/answers';
import type { SurveyDefinition } from '../../src/domain/survey/definition';
import type { ResponseStore } from '../../src/storage/response-store';
import type { SurveyState } from '../../src/storage/survey-store';
import { randomAnswer } from './random-answers';

/**
 * Stores `n` valid random responses to `survey` through the response store, as the API would
 * (ids `<idPrefix>0`, `<idPrefix>1`, …); returns each one's `choices`.
 */
export async function storeRandomResponses(
  responses: ResponseStore,
  survey: SurveyDefinition,
  state: Pick<SurveyState, 'versionId' | 'version'>,
  n: number,
  next: () => number,
  idPrefix: string,
): Promise<string[][]> {
  const stored: string[][] = [];
  for (let i = 0; i < n; i++) {
    const check = checkSubmission(survey, randomAnswer(survey, next));
    if (!check.ok) throw new Error('invalid random answer');
    await responses.insert({
      id: `${idPrefix}${i}`,
      surveyId: survey.id,
      versionId: state.versionId,
      version: state.version,
      submission: check.submission,
      submittedAt: new Date(),
      channel: 'api',
      client: { device: 'unknown' },
    });
    stored.push(check.submission.choices);
  }
  return stored;
}

import { questionType, type Variable } from '../question-types';
import type { SurveyDefinition } from '../survey/definition';

/** Every variable of a survey in question order: each question, each matrix row on its own. */
export function surveyVariables(survey: SurveyDefinition): Variable[] {
  return survey.questions.flatMap((question) => questionType(question).variables(question));
}

/** The variable `browse` or `factors.3`, or undefined. */
export function findVariable(survey: SurveyDefinition, id: string): Variable | undefined {
  return surveyVariables(survey).find((v) => v.id === id);
}

import type { Question, QuestionKind } from '../survey/definition';
import { matrix } from './matrix';
import { multiChoice } from './multi';
import type { QuestionTypeModule } from './question-type';
import { singleChoice } from './single';

const registry = {
  single: singleChoice,
  multi: multiChoice,
  matrix,
} satisfies { [K in QuestionKind]: QuestionTypeModule<Extract<Question, { type: K }>> };

export const QUESTION_KINDS = Object.keys(registry) as QuestionKind[];

/** The module that knows everything about the question's type. */
export function questionType<Q extends Question>(question: Q): QuestionTypeModule<Q>;
export function questionType(kind: QuestionKind): QuestionTypeModule;
export function questionType(of: Question | QuestionKind): QuestionTypeModule {
  const kind = typeof of === 'string' ? of : of.type;
  return registry[kind] as unknown as QuestionTypeModule;
}

export { formField } from './question-type';
export type { AnswerProblem, DefinitionProblem, FormFields, Variable } from './question-type';

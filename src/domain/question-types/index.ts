import type { QuestionTally } from '../results/tally';
import type { Choice, Question, QuestionKind } from '../survey/definition';
import { matrix } from './matrix';
import { multiChoice } from './multi';
import type { QuestionTypeModule, VariableTally } from './question-type';
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

/** The question's choice lists by name: `[['options', …]]`, or a matrix's rows and columns. */
export function choiceListsOf(question: Question): [string, Choice[]][] {
  const lists = question as unknown as Record<string, Choice[]>;
  return questionType(question).choiceLists.map((name) => [name, lists[name]!]);
}

/** The result tables of a question's tally: one, or one per matrix row. */
export function talliesOf(tally: QuestionTally): VariableTally[] {
  return questionType(tally.type).tallies(tally);
}

export { formField } from './question-type';
export type { AnswerProblem, DefinitionProblem, FormFields, QuestionVariant, Variable, VariableTally } from './question-type';

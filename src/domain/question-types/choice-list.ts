import { choiceKey } from '../results/counting-keys';
import { countOf, tallyChoices, type ChoiceCounts, type OptionsTally, type QuestionTally } from '../results/tally';
import type { MultiQuestion, SingleQuestion } from '../survey/definition';
import type { QuestionTypeModule, Variable, VariableTally } from './question-type';

/** What single and multi choice share: one list of options, counted the same way. */

export function optionsVariable(question: SingleQuestion | MultiQuestion, multiple: boolean): Variable {
  return {
    id: question.id,
    questionId: question.id,
    title: question.title,
    choices: question.options,
    multiple,
    answerPath: [question.id],
  };
}

export function choicesTally(question: SingleQuestion | MultiQuestion, counts: ChoiceCounts): OptionsTally {
  const answered = countOf(counts, question.id);
  const otherOption = question.options.find((o) => o.other);
  return {
    id: question.id,
    type: question.type,
    title: question.title,
    answered,
    options: tallyChoices(question.id, question.options, answered, counts),
    other: otherOption ? { count: countOf(counts, choiceKey(question.id, otherOption.value)) } : null,
  };
}

/** One table: the question's options. */
export function optionsTallies(tally: QuestionTally): VariableTally[] {
  const options = tally as OptionsTally;
  return [{ variableId: options.id, path: [options.id], answered: options.answered, choices: options.options }];
}

/** What a single and a multi choice say alike: one list of options, one results table, the "other" among the options. */
export const optionListParts = {
  choiceLists: ['options'],
  fileDefaults: {},
  resultsView: 'options',
  otherChoice: (question: SingleQuestion | MultiQuestion) => question.options.find((o) => o.other),
  otherLabel: (question: SingleQuestion | MultiQuestion) => question.options.find((o) => o.other)?.label ?? '',
  tallies: optionsTallies,
} satisfies Partial<QuestionTypeModule<SingleQuestion | MultiQuestion>>;

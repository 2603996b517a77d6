import { format } from '../locale/messages';
import { choiceKey } from '../results/counting-keys';
import type { MultiQuestion } from '../survey/definition';
import { choicesTally, optionListParts, optionsVariable } from './choice-list';
import { answerOf, columnName, flagColumn, otherTextColumn, partLabel } from './export-columns';
import {
  checkCodeList,
  checkOtherChoices,
  formField,
  type DefinitionProblem,
  type QuestionTypeModule,
} from './question-type';

/** Checkboxes: any number of options within optional bounds. Answer: `["1", "3"]`. */
export const multiChoice: QuestionTypeModule<MultiQuestion> = {
  type: 'multi',
  ...optionListParts,
  variant: () => 'multi',

  fromFile: (raw, base) => ({
    ...base,
    type: 'multi',
    ...(typeof raw.minSelected === 'number' ? { minSelected: raw.minSelected } : {}),
    ...(typeof raw.maxSelected === 'number' ? { maxSelected: raw.maxSelected } : {}),
  }),

  checkDefinition(question) {
    const problems: DefinitionProblem[] = checkOtherChoices('options', question.options);
    const count = question.options.length;
    const { minSelected, maxSelected } = question;
    if (minSelected !== undefined && minSelected > count) {
      problems.push({ path: ['minSelected'], message: { key: 'minSelectedAboveOptions', params: { min: minSelected, count } } });
    }
    if (maxSelected !== undefined && maxSelected > count) {
      problems.push({ path: ['maxSelected'], message: { key: 'maxSelectedAboveOptions', params: { max: maxSelected, count } } });
    }
    if (minSelected !== undefined && maxSelected !== undefined && minSelected > maxSelected) {
      problems.push({ path: ['minSelected'], message: { key: 'minSelectedAboveMax', params: { min: minSelected, max: maxSelected } } });
    }
    return problems;
  },

  isEmpty: (answer) => Array.isArray(answer) && answer.length === 0,

  checkAnswer(question, answer) {
    const { codes, problems } = checkCodeList(answer, question.options, 'answerNotAnOption');
    if (!codes) return { problems };
    if (question.minSelected !== undefined && codes.length < question.minSelected) {
      return { problems: [{ key: 'answerTooFew', params: { min: question.minSelected } }] };
    }
    if (question.maxSelected !== undefined && codes.length > question.maxSelected) {
      return { problems: [{ key: 'answerTooMany', params: { max: question.maxSelected } }] };
    }
    // Stored in the order of the options, whatever order they were sent in.
    const chosen = question.options.filter((o) => codes.includes(o.value)).map((o) => o.value);
    return { value: chosen, problems: [] };
  },

  checkComplete: () => [],

  chosenOther: (question, value) =>
    question.options.find((o) => o.other && (value as string[]).includes(o.value)),

  countingKeys: (question, value) => [question.id, ...(value as string[]).map((code) => choiceKey(question.id, code))],

  variables: (question) => [optionsVariable(question, true)],

  tally: (question, counts) => choicesTally(question, counts),

  exportColumns(question, words) {
    const otherOption = question.options.find((o) => o.other);
    return [
      ...question.options.map((option) =>
        flagColumn(columnName(question.id, option.value), partLabel(question.title, option.label), option.value, words, answerOf(question.id)),
      ),
      ...(otherOption ? [otherTextColumn(columnName(question.id, 'other'), question.title, otherOption, question.id, words)] : []),
    ];
  },

  readForm: (question, form) => form.values(formField.answer(question.id)),

  hint(question, messages) {
    const { minSelected: min, maxSelected: max } = question;
    if (min !== undefined && max !== undefined) return format(messages.chooseBetween, { min, max });
    if (min !== undefined && min > 1) return format(messages.chooseAtLeast, { min });
    if (max !== undefined) return format(messages.chooseAtMost, { max });
    return messages.chooseAny;
  },
};

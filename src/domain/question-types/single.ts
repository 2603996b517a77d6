import { choiceKey } from '../results/counting-keys';
import type { SingleQuestion } from '../survey/definition';
import { choicesTally, optionListParts, optionsVariable } from './choice-list';
import { answerOf, codeColumn, columnName, otherTextColumn } from './export-columns';
import { checkOtherChoices, findChoice, formField, type QuestionTypeModule } from './question-type';

/** A radio list: one option. Answer: the option's value, `"2"`. */
export const singleChoice: QuestionTypeModule<SingleQuestion> = {
  type: 'single',
  ...optionListParts,
  variant: () => 'single',

  fromFile: (_raw, base) => ({ ...base, type: 'single' }),

  checkDefinition: (question) => checkOtherChoices('options', question.options),

  isEmpty: (answer) => Array.isArray(answer) && answer.length === 0,

  checkAnswer(question, answer) {
    // Exactly one code: a list, even of one, is not the documented shape. The form reader
    // passes two ticked radios on as a list, for this message.
    if (Array.isArray(answer) && answer.length > 1) return { problems: [{ key: 'answerOnlyOne' }] };
    const code = answer;
    if (typeof code !== 'string') return { problems: [{ key: 'answerExpectedString' }] };
    if (!findChoice(question.options, code)) {
      return { problems: [{ key: 'answerNotAnOption', params: { value: code } }] };
    }
    return { value: code, problems: [] };
  },

  checkComplete: () => [],

  chosenOther: (question, value) => {
    const choice = findChoice(question.options, value as string);
    return choice?.other ? choice : undefined;
  },

  countingKeys: (question, value) => [question.id, choiceKey(question.id, value as string)],

  variables: (question) => [optionsVariable(question, false)],

  tally: (question, counts) => choicesTally(question, counts),

  exportColumns(question, words) {
    const otherOption = question.options.find((o) => o.other);
    return [
      codeColumn(question.id, question.title, question.options, 'nominal', answerOf(question.id)),
      ...(otherOption ? [otherTextColumn(columnName(question.id, 'other'), question.title, otherOption, question.id, words)] : []),
    ];
  },

  readForm(question, form) {
    const values = form.values(formField.answer(question.id));
    return values.length > 1 ? values : values[0];
  },

  hint: (_question, messages) => messages.chooseOne,
};

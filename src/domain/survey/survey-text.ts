import { questionType } from '../question-types';
import type { Choice, SurveyDefinition } from './definition';

/** A choice as a researcher writes it: its label alone when its code is its position. */
function choiceAsWritten(choice: Choice, index: number): string | Record<string, unknown> {
  const byPosition = choice.value === String(index + 1);
  if (byPosition && !choice.other) return choice.label;
  return { ...(byPosition ? {} : { value: choice.value }), label: choice.label, ...(choice.other ? { other: true } : {}) };
}

/**
 * A definition written as survey file JSON, the way a researcher would write it (defaults left
 * out, choices coded by position as plain labels), for editing a survey that came from a
 * file. Reading the text back gives the same definition.
 *
 * @example surveyFileText(definition) // '{\n  "id": "taobao-2015",\n  "title": "淘宝消费者问卷调查", …'
 */
export function surveyFileText(definition: SurveyDefinition): string {
  const questions = definition.questions.map((question) => {
    const written: Record<string, unknown> = { ...question };
    if (question.required) delete written.required;
    const module = questionType(question.type);
    for (const [name, value] of Object.entries(module.fileDefaults)) if (written[name] === value) delete written[name];
    for (const list of module.choiceLists) {
      written[list] = (written[list] as Choice[]).map(choiceAsWritten);
    }
    // Keys in the order a reader expects: what the question is, then its details.
    const { id, type, title, ...rest } = written;
    return { id, type, title, ...rest };
  });
  const file = {
    id: definition.id,
    title: definition.title,
    ...(definition.intro ? { intro: definition.intro } : {}),
    locale: definition.locale,
    questions,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

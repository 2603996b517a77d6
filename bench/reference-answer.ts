import fs from 'node:fs';
import path from 'node:path';
import { formField } from '../src/domain/question-types';
import type { SurveyDefinition } from '../src/domain/survey/definition';
import { parseSurveyFile } from '../src/domain/survey/survey-file';
import { defaultPaths } from '../src/paths';

/** The reference questionnaire, surveys/taobao-2015.json. */
export function referenceSurvey(): SurveyDefinition {
  const file = path.join(defaultPaths.surveys, 'taobao-2015.json');
  const result = parseSurveyFile(file, fs.readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(`${file} is not a valid survey`);
  return result.definition;
}

/** A complete answer to the reference questionnaire, with "other" texts, as the API takes it. */
export function referenceAnswer(survey: SurveyDefinition) {
  const answers: Record<string, unknown> = {};
  const other: Record<string, string> = {};
  for (const q of survey.questions) {
    if (q.type === 'single') answers[q.id] = q.options[1]!.value;
    if (q.type === 'multi') {
      answers[q.id] = q.options.filter((o, i) => i % 2 === 0 || o.other).map((o) => o.value);
      if (q.options.some((o) => o.other)) other[q.id] = '宠物用品';
    }
    if (q.type === 'matrix') {
      answers[q.id] = Object.fromEntries(q.rows.map((r, i) => [r.value, [q.columns[i % q.columns.length]!.value]]));
    }
  }
  return { answers, other };
}

/** The same answer as the fields of the HTML form (without its key and token). */
export function referenceFormFields(survey: SurveyDefinition): [string, string][] {
  const { answers, other } = referenceAnswer(survey);
  const fields: [string, string][] = [];
  for (const [id, answer] of Object.entries(answers)) {
    if (typeof answer === 'string') fields.push([formField.answer(id), answer]);
    else if (Array.isArray(answer)) for (const v of answer) fields.push([formField.answer(id), v as string]);
    else for (const [row, cell] of Object.entries(answer as Record<string, string[]>)) for (const v of cell) fields.push([formField.matrixRow(id, row), v]);
  }
  for (const [id, text] of Object.entries(other)) fields.push([formField.other(id), text]);
  return fields;
}

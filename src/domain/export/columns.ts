import { questionType } from '../question-types';
import type { ExportColumn, ExportWords } from '../question-types/export-columns';
import type { SurveyDefinition } from '../survey/definition';
import { uniqueNames } from './variable-names';

/** What every row starts with, whatever the survey. */
function responseColumns(words: ExportWords): ExportColumn[] {
  return [
    {
      name: 'response_id',
      label: words.responseId,
      valueLabels: [],
      level: 'nominal',
      // Ids are 20 to 32 characters today (form keys, hashed Idempotency-Keys, demo ids); room to spare.
      cells: { kind: 'id', bytes: 100 },
      note: words.responseIdNote,
      read: (response) => response.id,
    },
    {
      name: 'submitted_at',
      label: words.submittedAt,
      valueLabels: [],
      level: 'nominal',
      cells: { kind: 'text', bytes: 24 },
      read: (response) => response.submittedAt.toISOString(),
    },
    {
      name: 'version',
      label: words.version,
      valueLabels: [],
      level: 'ordinal',
      cells: { kind: 'number', digits: 9 },
      read: (response) => response.version,
    },
  ];
}

/**
 * The columns of the raw responses export of one survey version, in order: `response_id`,
 * `submitted_at` (ISO 8601, UTC), `version`, then each question's own (see
 * `QuestionTypeModule.exportColumns`), with names made valid and unique for SPSS and R.
 *
 * @example exportColumns(everyType, words).map((c) => c.name)
 * // ['response_id', 'submitted_at', 'version', 'colour', 'colour_other', 'pet', 'fruit_1', …]
 */
export function exportColumns(definition: SurveyDefinition, words: ExportWords): ExportColumn[] {
  const columns = [
    ...responseColumns(words),
    ...definition.questions.flatMap((question) => questionType(question).exportColumns(question, words)),
  ];
  const names = uniqueNames(columns.map((c) => c.name));
  return columns.map((column, i) => ({ ...column, name: names[i]! }));
}

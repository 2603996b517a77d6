import { choiceKey, rowVariableId } from '../results/counting-keys';
import { countOf, tallyChoices, type MatrixTally } from '../results/tally';
import type { MatrixQuestion } from '../survey/definition';
import { codeColumn, columnName, flagColumn, otherTextColumn, partLabel, rowAnswerOf } from './export-columns';
import {
  checkCodeList,
  checkOtherChoices,
  findChoice,
  formField,
  type AnswerProblem,
  type QuestionTypeModule,
} from './question-type';

type MatrixAnswer = Record<string, string | string[]>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rows × columns. `multiple: false` is the Likert grid, answered `{ "1": "4" }` (row → column);
 * `multiple: true` takes several columns per row, answered `{ "1": ["1", "2"] }`.
 */
export const matrix: QuestionTypeModule<MatrixQuestion> = {
  type: 'matrix',
  choiceLists: ['rows', 'columns'],
  fileDefaults: { multiple: false },
  resultsView: 'matrix',

  variant: (question) => (question.multiple ? 'matrixMultiple' : 'matrix'),
  otherChoice: (question) => question.rows.find((r) => r.other),
  // The texts belong to the grid's one "other" row, which the grid's title introduces.
  otherLabel: (question) => question.title,
  tallies(tally) {
    const grid = tally as MatrixTally;
    return grid.rows.map((row) => ({
      variableId: rowVariableId(grid.id, row.value),
      path: [grid.id, row.value],
      row: { value: row.value, label: row.label },
      answered: row.answered,
      choices: row.columns,
    }));
  },

  fromFile: (raw, base) => ({ ...base, type: 'matrix', multiple: raw.multiple === true }),

  checkDefinition(question) {
    const problems = checkOtherChoices('rows', question.rows);
    question.columns.forEach((column, i) => {
      if (column.other) {
        problems.push({ path: ['columns', i, 'other'], message: { key: 'matrixColumnOther' } });
      }
    });
    return problems;
  },

  isEmpty: (answer) =>
    isPlainObject(answer) &&
    Object.values(answer).every((v) => v === null || (Array.isArray(v) && v.length === 0)),

  checkAnswer(question, answer) {
    if (!isPlainObject(answer)) return { problems: [{ key: 'answerExpectedRows' }] };
    const problems: AnswerProblem[] = [];
    const value: MatrixAnswer = {};
    for (const [rowCode, cell] of Object.entries(answer)) {
      const row = findChoice(question.rows, rowCode);
      if (!row) {
        problems.push({ key: 'answerNotARow', params: { value: rowCode } });
        continue;
      }
      // null leaves a row unanswered; so does an empty list where a row takes a list.
      if (cell === null || (question.multiple && Array.isArray(cell) && cell.length === 0)) continue;
      if (!question.multiple) {
        if (Array.isArray(cell) && cell.length > 1) {
          problems.push({ key: 'answerOnlyOnePerRow', params: { row: row.label } });
          continue;
        }
        // One column code, never a list of one (the documented shape).
        const code = cell;
        if (typeof code !== 'string') problems.push({ key: 'answerExpectedRows' });
        else if (!findChoice(question.columns, code)) {
          problems.push({ key: 'answerNotAColumn', params: { value: code } });
        } else value[row.value] = code;
      } else {
        const checked = checkCodeList(cell, question.columns, 'answerNotAColumn');
        problems.push(...checked.problems);
        if (checked.codes) {
          value[row.value] = question.columns
            .filter((c) => checked.codes!.includes(c.value))
            .map((c) => c.value);
        }
      }
    }
    if (problems.length) return { problems };
    // Rows in the order of the survey, whatever order they were sent in.
    const ordered: MatrixAnswer = {};
    for (const row of question.rows) if (Object.hasOwn(value, row.value)) ordered[row.value] = value[row.value]!;
    return { value: ordered, problems };
  },

  checkComplete(question, value) {
    const answered = value as MatrixAnswer;
    const missing = question.rows.filter((r) => !Object.hasOwn(answered, r.value)).map((r) => r.label);
    return missing.length ? [{ key: 'answerRowsMissing', params: { rows: missing.join(' / ') } }] : [];
  },

  chosenOther: (question, value) => question.rows.find((r) => r.other && Object.hasOwn(value as MatrixAnswer, r.value)),

  countingKeys(question, value) {
    return [
      question.id,
      ...Object.entries(value as MatrixAnswer).flatMap(([row, cell]) => {
        const variableId = rowVariableId(question.id, row);
        return [variableId, ...(Array.isArray(cell) ? cell : [cell]).map((column) => choiceKey(variableId, column))];
      }),
    ];
  },

  variables: (question) =>
    question.rows.map((row) => ({
      id: rowVariableId(question.id, row.value),
      questionId: question.id,
      title: question.title,
      row: row.label,
      choices: question.columns,
      multiple: question.multiple,
      answerPath: [question.id, row.value],
    })),

  tally(question, counts) {
    const otherRow = question.rows.find((r) => r.other);
    return {
      id: question.id,
      type: 'matrix',
      title: question.title,
      multiple: question.multiple,
      answered: countOf(counts, question.id),
      rows: question.rows.map((row) => {
        const variableId = rowVariableId(question.id, row.value);
        const answered = countOf(counts, variableId);
        return { value: row.value, label: row.label, answered, columns: tallyChoices(variableId, question.columns, answered, counts) };
      }),
      // The text of a matrix belongs to its "other" row: one text per respondent who answered that row.
      other: otherRow ? { count: countOf(counts, rowVariableId(question.id, otherRow.value)) } : null,
    };
  },

  exportColumns(question, words) {
    return question.rows.flatMap((row) => {
      const rowTitle = partLabel(question.title, row.label);
      const answer = rowAnswerOf(question.id, row.value);
      // A Likert grid's columns are ordered (disagree … agree); ticks in a row are not.
      const cells = question.multiple
        ? question.columns.map((column) =>
            flagColumn(columnName(question.id, row.value, column.value), partLabel(rowTitle, column.label), column.value, words, answer),
          )
        : [codeColumn(columnName(question.id, row.value), rowTitle, question.columns, 'ordinal', answer)];
      // The text of a matrix is stored under the question's id: it belongs to its one "other" row.
      const text = row.other ? [otherTextColumn(columnName(question.id, row.value, 'other'), question.title, row, question.id, words)] : [];
      return [...cells, ...text];
    });
  },

  readForm(question, form) {
    const answer: MatrixAnswer = {};
    for (const row of question.rows) {
      const values = form.values(formField.matrixRow(question.id, row.value));
      if (values.length === 0) continue;
      answer[row.value] = question.multiple || values.length > 1 ? values : values[0]!;
    }
    return answer;
  },

  hint: (question, messages) => (question.multiple ? messages.matrixManyPerRow : messages.matrixOnePerRow),
};
